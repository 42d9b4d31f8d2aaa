// The two tenants of the tenancy run: a territory each, of its own Caf, with a launched process, a
// registration, partners with their links; and what of a tenant another one must not be able to change.
import { issueToken } from '../../infra/auth/tokens';
import { issuePartnerToken } from '../../infra/auth/personal-links';
import { processWorkflowId } from '../../domain/ids';
import { processStatusQuery } from '../../workflows/definitions';
import { createTerritory, DAY, launch, meetingStep, MAIL_DOMAIN, type FaultContext } from './context';

export interface Tenant {
  label: string;
  territoryId: string;
  territoryName: string;
  cafName: string;
  processId: string;
  stepIds: Record<string, string>;
  registrationId: string;
  contactId: string;
  contactEmail: string;
  partnerEmails: string[];
  partnerToken: string;
  registrationToken: string;
  /** Strings that belong to this tenant only. */
  markers: string[];
}

export async function createTenant(ctx: FaultContext, label: string): Promise<Tenant> {
  const cafName = `Caf secrète ${label}`;
  const territory = await createTerritory(ctx, `tenant-${label}`, { partners: 3, cafName });
  const soon = Date.now() + 60 * DAY;
  const processId = await launch(ctx, territory.id, [
    meetingStep('rencontre', `Rencontre confidentielle ${label}`, soon, { capacity: 10 }),
    meetingStep('forum', `Forum habitants ${label}`, soon, { kind: 'FORUM_HABITANTS', audience: { roles: [], groups: [], domains: [], emails: [], public: true } }),
    // Invited at once: the process has messages to list.
    meetingStep('invitee', `Réunion déjà annoncée ${label}`, Date.now() + 10 * DAY),
    { key: 'analyse', kind: 'ANALYSE_DOCUMENTAIRE', phase: 'DIAGNOSTIC', title: `Analyse documentaire ${label}`, startsAt: new Date(soon).toISOString() },
  ]);
  const registrant = `inscrit.tenant-${label}@${MAIL_DOMAIN}`;
  const registration = await ctx.call('POST', `/api/processes/${processId}/steps/rencontre/registrations`, { body: { email: registrant, fullName: `Inscrit ${label}` } });
  const { prisma } = ctx.db;
  const stepIds = Object.fromEntries((await prisma.step.findMany({ where: { processId } })).map((s) => [s.key, s.id]));
  const contact = await prisma.contact.findFirstOrThrow({ where: { territoryId: territory.id } });
  const publicRegistration = await prisma.registration.create({ data: { stepId: stepIds.forum!, email: `public.tenant-${label}@${MAIL_DOMAIN}`, fullName: `Public ${label}`, status: 'CONFIRMED', confirmedAt: new Date() } });
  return {
    label,
    territoryId: territory.id,
    territoryName: territory.name,
    cafName,
    processId,
    stepIds,
    registrationId: registration.body.id,
    contactId: contact.id,
    contactEmail: contact.email,
    partnerEmails: territory.emails,
    partnerToken: await issuePartnerToken(prisma, contact.id, ctx.services.env.LINK_SECRET!),
    registrationToken: (await issueToken(prisma, 'REGISTRATION', { registrationId: publicRegistration.id })).token,
    markers: [territory.name, cafName, `coordination.tenant-${label}@`, `conseil.tenant-${label}@`, registrant, `Rencontre confidentielle ${label}`, `Analyse documentaire ${label}`, ...territory.emails],
  };
}

/** What of B a caller of A must not be able to change. */
export async function snapshot(ctx: FaultContext, b: Tenant): Promise<Record<string, unknown>> {
  const { prisma } = ctx.db;
  let live: unknown = null;
  try {
    const status = await ctx.client.workflow.getHandle(processWorkflowId(b.processId)).query(processStatusQuery);
    live = { paused: status.paused, closedPhases: status.closedPhases, steps: status.steps.map((s) => [s.key, s.status, s.location, s.startsAt, s.sequence]) };
  } catch {
    live = 'unreachable';
  }
  return {
    territory: await prisma.territory.findUnique({ where: { id: b.territoryId }, select: { name: true, cafName: true, coordinatorEmail: true } }),
    contacts: await prisma.contact.count({ where: { territoryId: b.territoryId } }),
    processes: await prisma.process.findMany({ where: { territoryId: b.territoryId }, select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    steps: await prisma.step.findMany({ where: { processId: b.processId }, select: { key: true, status: true, location: true, startsAt: true }, orderBy: { key: 'asc' } }),
    registrations: await prisma.registration.findMany({ where: { step: { processId: b.processId } }, select: { email: true, status: true }, orderBy: { email: 'asc' } }),
    coordinators: await prisma.territoryCoordinator.findMany({ where: { territoryId: b.territoryId }, select: { userId: true }, orderBy: { userId: 'asc' } }),
    infoFlashes: await prisma.message.count({ where: { processId: b.processId, kind: 'INFO_FLASH' } }),
    workflow: live,
  };
}
