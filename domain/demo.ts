// A demonstration territory drawn from the Lévezou seed newsletter (Info flash n°3, septembre 2022):
// same territory, Caf, coordinator wording, working groups and place, dates moved into the future.
import type { PlanInput } from './plan';
import type { ContactInput, TerritoryInput } from './territory-input';
import { standardDescriptions } from './standard-descriptions';
import { localDateAfter, zonedInstant } from './time';

export const demoTerritory: TerritoryInput = {
  name: 'Communautés de Communes Lévezou Pareloup et Pays de Salars',
  timezone: 'Europe/Paris',
  cafName: 'Caf de l’Aveyron',
  coordinatorName: 'Laura Pradeilles',
  coordinatorEmail: 'laura.pradeilles@levezou-pareloup.example.org',
};

export const demoContacts: ContactInput[] = [
  { email: 'maire@segur.example.org', fullName: 'Jean Vidal', organisation: 'Mairie de Ségur', roles: ['ELU', 'COPIL'], groups: [], domains: [] },
  { email: 'rpe@levezou.example.org', fullName: 'Claire Bousquet', organisation: 'Relais Petite Enfance du Lévezou', roles: ['PARTENAIRE'], groups: [], domains: ['petite-enfance'] },
  { email: 'creche@salars.example.org', fullName: 'Sophie Marty', organisation: 'Multi-accueil Les Farfadets', roles: ['PARTENAIRE'], groups: [], domains: ['petite-enfance'] },
  { email: 'alsh@levezou.example.org', fullName: 'Thomas Rouquette', organisation: 'Accueil de loisirs intercommunal', roles: ['PARTENAIRE', 'COTECH'], groups: [], domains: ['enfance-jeunesse'] },
  { email: 'college@vezins.example.org', fullName: 'Nathalie Costes', organisation: 'Collège de Vézins', roles: ['PARTENAIRE'], groups: [], domains: ['enfance-jeunesse'] },
  { email: 'evs@pareloup.example.org', fullName: 'Marc Fabre', organisation: 'Espace de Vie Sociale du Lévezou', roles: ['PARTENAIRE'], groups: [], domains: ['parentalite', 'animation-vie-sociale'] },
  { email: 'france-services@salars.example.org', fullName: 'Aurélie Gineste', organisation: 'France services Pays de Salars', roles: ['PARTENAIRE'], groups: [], domains: ['acces-aux-droits'] },
  { email: 'conseillere@caf12.example.org', fullName: 'Hélène Ricard', organisation: 'Caf de l’Aveyron', roles: ['PARTENAIRE', 'COPIL', 'COTECH'], groups: [], domains: [] },
];

const groups = [
  { key: 'petite-enfance', title: 'Petite enfance', hours: [9, 30, 12, 30] },
  { key: 'enfance-jeunesse', title: 'Enfance - jeunesse', hours: [14, 0, 17, 0] },
  { key: 'parentalite', title: 'Parentalité et animation de la vie sociale', hours: [9, 0, 13, 0], groups: [], domains: ['parentalite', 'animation-vie-sociale'] },
] as const;

/** The demo plan: a partners' launch whose invitation is due at once, then the three working groups. */
export function demoPlan(now: Date, timeZone = demoTerritory.timezone): PlanInput {
  const at = (days: number, hour: number, minute: number) =>
    zonedInstant({ ...localDateAfter(now, days, timeZone), hour, minute }, timeZone).toISOString();
  const year = Number(new Intl.DateTimeFormat('fr-FR', { year: 'numeric', timeZone }).format(now));
  return {
    kind: 'ELABORATION',
    periodStart: year,
    periodEnd: year + 4,
    steps: [
      {
        key: 'lancement-partenaires',
        behaviour: 'MEETING',
        phase: 'DIAGNOSTIC',
        title: 'Lancement partenaires de la CTG',
        description: standardDescriptions.LANCEMENT_PARTENAIRES,
        audience: { roles: ['PARTENAIRE', 'ELU'] },
        startsAt: at(14, 9, 30),
        durationMinutes: 180,
        location: 'Salle des fêtes de Ségur',
        invitationLeadDays: 21,
      },
      ...groups.map((group, index) => ({
        key: `gt-${group.key}-1`,
        behaviour: 'MEETING' as const,
        phase: 'PLAN_ACTIONS' as const,
        title: `Groupe de travail ${group.title} (1re séance)`,
        description:
          'Ce groupe de travail thématique co-construit avec les acteurs locaux le plan d’actions de la Convention. Le handicap et l’accès aux droits y sont traités de manière transversale.',
        audience: { roles: ['PARTENAIRE' as const], domains: 'domains' in group ? [...group.domains] : [group.key] },
        startsAt: at(42 + (index === 2 ? 1 : 0), group.hours[0], group.hours[1]),
        durationMinutes: (group.hours[2] - group.hours[0]) * 60 + group.hours[3] - group.hours[1],
        location: 'Salle des fêtes de Ségur',
        invitationLeadDays: 21,
        dependsOn: ['lancement-partenaires'],
      })),
    ],
  };
}
