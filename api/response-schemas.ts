// What the JSON API answers, as zod schemas: the OpenAPI document describes them (api/openapi.ts) and a
// test parses the real answers with them, so the document cannot drift from what the service sends.
// Loose objects: an answer may carry more than is described; what is described is always there.
import { renewalStatuses } from '../domain/portfolio';
import { contactRoles, phases, stepBehaviours } from '../domain/plan';
import { registrationStatuses } from '../domain/registrations';
import { z } from '../domain/zod';

const instant = z.iso.datetime({ offset: true });
const maybeInstant = instant.nullable();

export const territoryResponse = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameArticle: z.string().nullable(),
    timezone: z.string(),
    cafName: z.string(),
    coordinatorName: z.string(),
    coordinatorEmail: z.string(),
    coordinatorFunction: z.string().nullable(),
    cafAdviserName: z.string().nullable(),
    cafAdviserEmail: z.string().nullable(),
    publishContactDetails: z.boolean(),
    createdAt: instant,
  })
  .loose()
  .meta({ id: 'Territory', description: 'Un territoire (intercommunalité) et les mots qui sont les siens' });

export const contactResponse = z
  .object({
    id: z.uuid(),
    territoryId: z.uuid(),
    email: z.string(),
    fullName: z.string(),
    organisation: z.string().nullable(),
    function: z.string().nullable(),
    roles: z.array(z.enum(contactRoles)),
    groups: z.array(z.string()),
    domains: z.array(z.string()),
  })
  .loose()
  .meta({ id: 'Contact', description: 'Un partenaire, un élu ou une personne d’un groupe du territoire' });

export const stepResponse = z
  .object({
    id: z.uuid(),
    key: z.string(),
    phase: z.enum(phases),
    behaviour: z.enum(stepBehaviours),
    title: z.string(),
    description: z.string().nullable(),
    startsAt: maybeInstant,
    endsAt: maybeInstant,
    month: z.string().nullable(),
    location: z.string().nullable(),
    status: z.enum(['PLANNED', 'INVITED', 'HELD', 'DONE', 'CANCELLED']),
    late: z.boolean(),
  })
  .loose()
  .meta({ id: 'Step', description: 'Une étape du plan : ce qu’elle fait, ses mots, sa date ou son mois, son état' });

export const processResponse = z
  .object({
    id: z.uuid(),
    territoryId: z.uuid(),
    kind: z.enum(['ELABORATION', 'RENOUVELLEMENT']),
    periodStart: z.number().int(),
    periodEnd: z.number().int(),
    status: z.enum(['RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED']),
    currentPhase: z.enum(phases),
    workflowId: z.string(),
    steps: z.array(stepResponse),
    /** The workflow's own view, when it answered (null while Temporal is unreachable). */
    live: z.object({ phase: z.enum(phases), paused: z.boolean(), completed: z.boolean() }).loose().nullable(),
    temporalUiUrl: z.string().nullable(),
  })
  .loose()
  .meta({ id: 'Process', description: 'Une démarche CTG (une période) : ses étapes, et l’état du workflow' });

export const messageLogResponse = z
  .object({
    id: z.uuid(),
    recipient: z.string(),
    kind: z.string(),
    sequence: z.number().int(),
    status: z.enum(['PENDING', 'SENT', 'CAPTURED', 'FAILED']),
    subject: z.string(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: instant,
    sentAt: maybeInstant,
    stepId: z.uuid().nullable(),
  })
  .loose()
  .meta({ id: 'MessageLogEntry', description: 'Un courriel envoyé (à qui, quoi, quand, avec quel résultat), sans son contenu' });

export const registrationResponse = z
  .object({
    id: z.uuid(),
    stepId: z.uuid(),
    contactId: z.uuid().nullable(),
    email: z.string(),
    fullName: z.string(),
    organisation: z.string().nullable(),
    status: z.enum(registrationStatuses),
    position: z.number().int().nullable(),
    requestedAt: instant,
    confirmedAt: maybeInstant,
    cancelledAt: maybeInstant,
  })
  .loose()
  .meta({ id: 'Registration', description: 'Une inscription à une rencontre (position : rang sur la liste d’attente)' });

export const userResponse = z
  .object({
    id: z.uuid(),
    email: z.string(),
    fullName: z.string(),
    role: z.enum(['ADMIN', 'COORDINATOR', 'CAF_ADVISER']),
    cafName: z.string().nullable(),
    disabledAt: maybeInstant,
    territoryIds: z.array(z.uuid()),
  })
  .loose()
  .meta({ id: 'User', description: 'Un compte (administration, coordination, conseil Caf)' });

export const tokenResponse = z
  .object({ id: z.uuid(), label: z.string().nullable(), createdAt: instant, expiresAt: instant, revokedAt: maybeInstant, lastUsedAt: maybeInstant })
  .loose()
  .meta({ id: 'ApiToken', description: 'Un jeton d’API (jamais le jeton lui-même, montré une seule fois à sa création)' });

export const dashboardResponse = z
  .object({ territories: z.array(z.object({ id: z.uuid(), name: z.string() }).loose()) })
  .loose()
  .meta({ id: 'Dashboard', description: 'Chaque territoire visible : sa phase, son avancement, ses retards, sa prochaine rencontre' });

export const portfolioRowResponse = z
  .object({
    territoryId: z.uuid(),
    name: z.string(),
    cafName: z.string(),
    processId: z.uuid().nullable(),
    phase: z.enum(phases).nullable(),
    period: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    nextMeeting: z.object({ title: z.string(), startsAt: instant }).nullable(),
    lateSteps: z.number().int(),
    endsAt: maybeInstant,
    renewal: z.enum(renewalStatuses).nullable(),
  })
  .loose()
  .meta({ id: 'PortfolioRow', description: 'Un territoire du portefeuille : sa phase, son avancement, sa prochaine rencontre, ses retards, la fin de sa CTG et son renouvellement' });

export const personDataResponse = z
  .object({
    email: z.string(),
    territoryId: z.uuid(),
    contacts: z.array(contactResponse),
    registrations: z.array(z.object({ id: z.uuid(), status: z.enum(registrationStatuses) }).loose()),
    interviews: z.array(z.object({ status: z.enum(['BOOKED', 'RELEASED']) }).loose()),
    messages: z.array(z.object({ kind: z.string(), subject: z.string(), status: z.string() }).loose()),
  })
  .loose()
  .meta({ id: 'PersonData', description: 'Tout ce que le service conserve sur une adresse dans un territoire' });
