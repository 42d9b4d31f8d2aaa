// Every operation of the JSON API: its path, who may call it, the zod schema of its request and of its
// answer. openapi.ts describes them as OpenAPI; a test and the fault scripts call each one.
import { portfolioSorts } from '../domain/portfolio';
import { z } from '../domain/zod';
import { phases, planSchema, planStepSchema } from '../domain/plan';
import { contactInputSchema, territoryChangesSchema, territoryInputSchema } from '../domain/territory-input';
import { registrationInputSchema } from '../domain/registrations';
import { templateAnswersSchema } from '../domain/standard-plan';
import {
  contactResponse,
  dashboardResponse,
  portfolioRowResponse,
  messageLogResponse,
  personDataResponse,
  processResponse,
  registrationResponse,
  territoryResponse,
  tokenResponse,
  userResponse,
} from './response-schemas';
import { cancelSchema, stepChangesSchema } from '../domain/step-changes';
import { tokenInputSchema, userChangesSchema, userInputSchema } from './usecases/users';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  /** OpenAPI path template, e.g. /api/processes/{id}. */
  path: string;
  summary: string;
  tag: string;
  /** Reachable without a token (still rate-limited where public). */
  public?: boolean;
  body?: z.ZodType;
  /** A CSV body accepted as well as JSON. */
  csv?: boolean;
  paged?: boolean;
  /** Success status and its media type (JSON by default). */
  success?: { status: number; media?: string; description?: string };
  /** Answers a list as a page (`items`, `nextCursor` null) without taking paging parameters. */
  list?: boolean;
  /** What a success answers (for a list: each item), described from the schema the tests check answers with. */
  response?: z.ZodType;
  /** Extra query parameters. */
  query?: Record<string, { description: string; schema: object }>;
  headers?: Record<string, { description: string; schema: object }>;
}

const contactsBody = z.union([contactInputSchema, z.array(contactInputSchema).min(1).max(5000)]);
const launchBody = z.union([planSchema, z.object({ template: templateAnswersSchema }).strict()]);

/** Every operation of the JSON API. A test calls each one to check it exists. */
export const operations: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'État du service (base de données joignable)', tag: 'Service', public: true },
  { method: 'get', path: '/readyz', summary: 'Prêt à servir : PostgreSQL et Temporal répondent (503 sinon, en disant lequel)', tag: 'Service', public: true },
  { method: 'get', path: '/api/openapi.json', summary: 'Ce document', tag: 'Service', public: true },
  { method: 'get', path: '/api/me', summary: 'Le compte appelant et ses territoires', tag: 'Comptes' },
  { method: 'get', path: '/api/users', summary: 'Comptes (administration)', tag: 'Comptes', paged: true },
  { method: 'post', path: '/api/users', summary: 'Créer un compte (administration)', tag: 'Comptes', body: userInputSchema, success: { status: 201 } },
  { method: 'patch', path: '/api/users/{id}', summary: 'Modifier un compte, ses territoires (administration)', tag: 'Comptes', body: userChangesSchema },
  { method: 'post', path: '/api/users/{id}/revoke-sessions', summary: 'Déconnecter une personne partout : ses sessions et ses liens de connexion non utilisés prennent fin (administration)', tag: 'Comptes' },
  { method: 'get', path: '/api/tokens', summary: 'Mes jetons d’API (sans leur valeur)', tag: 'Comptes', list: true },
  { method: 'post', path: '/api/tokens', summary: 'Créer un jeton d’API (sa valeur n’est montrée qu’ici)', tag: 'Comptes', body: tokenInputSchema, success: { status: 201 } },
  { method: 'delete', path: '/api/tokens/{id}', summary: 'Révoquer un jeton', tag: 'Comptes', success: { status: 204, description: 'Révoqué' } },
  { method: 'get', path: '/api/territories', summary: 'Territoires visibles par l’appelant', tag: 'Territoires', paged: true },
  { method: 'post', path: '/api/territories', summary: 'Créer un territoire', tag: 'Territoires', body: territoryInputSchema, success: { status: 201 } },
  { method: 'get', path: '/api/territories/{id}', summary: 'Un territoire et ses processus', tag: 'Territoires' },
  {
    method: 'patch',
    path: '/api/territories/{id}',
    summary: 'Modifier un territoire : ses mots (article, fonctions), ses instances de gouvernance, ses groupes de contacts',
    tag: 'Territoires',
    body: territoryChangesSchema,
  },
  { method: 'get', path: '/api/territories/{id}/calendar.ics', summary: 'Agenda des rencontres du territoire (abonnement, PUBLISH)', tag: 'Territoires', success: { status: 200, media: 'text/calendar' } },
  { method: 'get', path: '/api/territories/{id}/contacts', summary: 'Contacts du territoire', tag: 'Contacts', paged: true },
  {
    method: 'post',
    path: '/api/territories/{id}/contacts',
    summary: 'Ajouter ou mettre à jour des contacts (JSON ou fichier CSV), dédoublonnés par adresse ; tout ou rien',
    tag: 'Contacts',
    body: contactsBody,
    csv: true,
  },
  { method: 'get', path: '/api/territories/{id}/people/{email}', summary: 'Tout ce que le service conserve sur une adresse dans ce territoire (droit d’accès)', tag: 'Contacts' },
  { method: 'delete', path: '/api/territories/{id}/people/{email}', summary: 'Effacer tout ce qui concerne une adresse dans ce territoire (droit à l’effacement), en une transaction', tag: 'Contacts' },
  { method: 'post', path: '/api/territories/{id}/contacts/{contactId}/revoke-link', summary: 'Révoquer le lien personnel d’un contact : le prochain courriel en porte un nouveau', tag: 'Contacts' },
  { method: 'delete', path: '/api/territories/{id}/contacts/{contactId}', summary: 'Retirer un contact (plus d’invitation, lien révoqué, inscriptions conservées)', tag: 'Contacts', success: { status: 204, description: 'Retiré' } },
  {
    method: 'post',
    path: '/api/territories/{id}/processes',
    summary: 'Lancer un processus (un plan complet, ou les réponses du modèle standard) ; relancer renvoie le même',
    tag: 'Processus',
    body: launchBody,
    success: { status: 201, description: 'Lancé (200 : déjà lancé pour cette période)' },
  },
  {
    method: 'get',
    path: '/api/processes/{id}',
    summary: 'État d’un processus (projection en base ; avec live=true, aussi l’état vivant du workflow)',
    tag: 'Processus',
    query: { live: { description: 'true : interroge aussi le workflow (plus lent, borné à 3 s)', schema: { type: 'string', enum: ['true', 'false'] } } },
  },
  { method: 'get', path: '/api/processes/{id}/messages', summary: 'Journal des messages envoyés (destinataire, type, statut)', tag: 'Processus', paged: true },
  { method: 'post', path: '/api/processes/{id}/steps', summary: 'Ajouter une étape', tag: 'Étapes', body: planStepSchema, success: { status: 201 } },
  { method: 'patch', path: '/api/processes/{id}/steps/{key}', summary: 'Déplacer une étape, changer le lieu, le lien, les personnes', tag: 'Étapes', body: stepChangesSchema },
  { method: 'post', path: '/api/processes/{id}/steps/{key}/cancel', summary: 'Annuler une étape (annulation envoyée aux invités)', tag: 'Étapes', body: cancelSchema },
  { method: 'post', path: '/api/processes/{id}/steps/{key}/complete', summary: 'Marquer une étape comme terminée', tag: 'Étapes' },
  { method: 'post', path: '/api/processes/{id}/phases/{phase}/close', summary: 'Clore une phase', tag: 'Processus' },
  {
    method: 'post',
    path: '/api/processes/{id}/info-flash',
    summary: 'Envoyer un Info flash',
    tag: 'Processus',
    success: { status: 202 },
    headers: { 'Idempotency-Key': { description: 'Même clé, un seul envoi', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } } },
  },
  {
    method: 'get',
    path: '/api/processes/{id}/steps/{key}/registrations',
    summary: 'Inscriptions à une rencontre (JSON paginé, ou export CSV avec Accept: text/csv ou ?format=csv)',
    tag: 'Inscriptions',
    paged: true,
    query: {
      status: { description: 'CONFIRMED, WAITLISTED ou CANCELLED', schema: { type: 'string', enum: ['CONFIRMED', 'WAITLISTED', 'CANCELLED'] } },
      format: { description: 'csv pour un export tableur (séparateur ;)', schema: { type: 'string', enum: ['json', 'csv'] } },
    },
  },
  {
    method: 'post',
    path: '/api/processes/{id}/steps/{key}/registrations',
    summary: 'Inscrire une personne (confirmée, ou en liste d’attente quand c’est complet) ; la confirmation part par courriel',
    tag: 'Inscriptions',
    body: registrationInputSchema,
    success: { status: 201, description: 'Inscrite (200 : déjà inscrite)' },
  },
  {
    method: 'post',
    path: '/api/processes/{id}/steps/{key}/registrations/{registrationId}/cancel',
    summary: 'Annuler une inscription ; la première personne en attente prend la place',
    tag: 'Inscriptions',
  },
  { method: 'get', path: '/api/dashboard', summary: 'Tableau de bord : chaque territoire visible, sa phase, son avancement, ses retards', tag: 'Tableau de bord' },
  {
    method: 'get',
    path: '/api/portfolio',
    summary: 'Portefeuille : une ligne par territoire visible (phase, avancement, prochaine rencontre, retards, fin de la CTG, renouvellement), filtré et trié',
    tag: 'Tableau de bord',
    list: true,
    query: {
      phase: { description: 'Seulement les territoires dans cette phase', schema: { type: 'string', enum: [...phases] } },
      retard: { description: '« oui » : seulement ceux qui ont une étape en retard', schema: { type: 'string', enum: ['oui'] } },
      renouvellement: { description: 'Seulement ceux dont la CTG finit dans ce nombre de mois sans renouvellement lancé', schema: { type: 'integer', minimum: 1, maximum: 60 } },
      tri: { description: 'Colonne de tri', schema: { type: 'string', enum: [...portfolioSorts] } },
      ordre: { description: 'Ordre du tri', schema: { type: 'string', enum: ['asc', 'desc'] } },
      limit: { description: 'Lignes par page (1 à 500, 100 par défaut)', schema: { type: 'integer', minimum: 1, maximum: 500 } },
      offset: { description: 'Lignes à sauter', schema: { type: 'integer', minimum: 0 } },
      frise: { description: '« oui » : avec, pour chaque ligne, les périodes de ses phases et ses rencontres datées', schema: { type: 'string', enum: ['oui'] } },
    },
  },
  { method: 'post', path: '/api/processes/{id}/pause', summary: 'Suspendre tous les envois', tag: 'Processus' },
  { method: 'post', path: '/api/processes/{id}/resume', summary: 'Reprendre les envois', tag: 'Processus' },
];

/** Each operation's answer, where it is described (the test of the document parses real answers with these). */
export const responses: Record<string, z.ZodType> = {
  'get /api/me': userResponse,
  'get /api/users': userResponse,
  'post /api/users': userResponse,
  'patch /api/users/{id}': userResponse,
  'get /api/tokens': tokenResponse,
  'get /api/territories': territoryResponse,
  'post /api/territories': territoryResponse,
  'get /api/territories/{id}': territoryResponse,
  'patch /api/territories/{id}': territoryResponse,
  'get /api/territories/{id}/contacts': contactResponse,
  'get /api/territories/{id}/people/{email}': personDataResponse,
  'get /api/processes/{id}': processResponse,
  'get /api/processes/{id}/messages': messageLogResponse,
  'get /api/processes/{id}/steps/{key}/registrations': registrationResponse,
  'get /api/dashboard': dashboardResponse,
  'get /api/portfolio': portfolioRowResponse,
};
for (const op of operations) op.response ??= responses[`${op.method} ${op.path}`];
