// A valid request body for each operation of the JSON API that takes one: the starting point of the
// bad-input mutations, and what the tenancy run sends to another territory.
import { DAY, MAIL_DOMAIN, meetingStep } from './context';

/** A valid body per operation with one (keyed `METHOD path`). */
export function validBodies(f: { territoryId: string }): Record<string, unknown> {
  const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();
  return {
    'post /api/users': { email: `nouveau.${Date.now()}@${MAIL_DOMAIN}`, fullName: 'Nouveau Compte', role: 'COORDINATOR', territoryIds: [f.territoryId] },
    'patch /api/users/{id}': { fullName: 'Compte Modifié', cafName: 'Caf du Test', territoryIds: [f.territoryId] },
    'post /api/tokens': { label: 'jeton de test', expiresInDays: 30 },
    'post /api/territories': { name: 'Communauté de communes du Test', timezone: 'Europe/Paris', cafName: 'Caf du Test', coordinatorName: 'Coordination', coordinatorEmail: `coord@${MAIL_DOMAIN}`, cafAdviserName: 'Conseil', cafAdviserEmail: `conseil@${MAIL_DOMAIN}` },
    'post /api/territories/{id}/contacts': { email: `contact@${MAIL_DOMAIN}`, fullName: 'Contact Test', organisation: 'Mairie', roles: ['PARTENAIRE'], domains: ['petite-enfance'] },
    'post /api/territories/{id}/processes': { periodStart: 2032, periodEnd: 2036, steps: [meetingStep('etape', 'Étape de test', Date.now() + 90 * DAY)] },
    'post /api/processes/{id}/steps': meetingStep('ajout', 'Étape ajoutée', Date.now() + 90 * DAY, { capacity: 10, durationMinutes: 120, onlineUrl: 'https://visio.example.org/x' } as never),
    'patch /api/processes/{id}/steps/{key}': { startsAt: inDays(61), durationMinutes: 90, location: 'Mairie', onlineUrl: 'https://visio.example.org/y', audienceEmails: [`contact@${MAIL_DOMAIN}`] },
    'post /api/processes/{id}/steps/{key}/cancel': { reason: 'Motif de test' },
    'post /api/processes/{id}/steps/{key}/registrations': { email: `personne@${MAIL_DOMAIN}`, fullName: 'Personne Test', organisation: 'Association' },
  };
}
