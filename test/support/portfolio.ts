// Five territories of two Cafs as the workflows' projection records them (rows written directly: reading
// the portfolio needs no workflow): one ending this year with its renewal due, one with late steps, one
// already renewed, one without a process, and one of another Caf. Each process has a survey and a
// one-to-one interview sooner than its committee: neither is a meeting people register to.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../infra/db/prisma';

type Phase = 'DIAGNOSTIC' | 'PLAN_ACTIONS' | 'MISE_EN_OEUVRE';

/** A territory of `caf` whose current CTG covers `start`–`end`, in `phase`, with `late` late steps. */
async function territory(prisma: PrismaClient, name: string, caf: string, process: { start: number; end: number; phase: Phase; late?: number; renewed?: boolean } | null) {
  const t = await prisma.territory.create({ data: { name, cafName: caf, coordinatorName: 'Coordination', coordinatorEmail: `coordination@${name.toLowerCase().replace(/\W+/g, '-')}.example.org` } });
  if (!process) return t;
  const id = randomUUID();
  await prisma.process.create({ data: { id, territoryId: t.id, kind: 'ELABORATION', periodStart: process.start, periodEnd: process.end, currentPhase: process.phase, workflowId: `ctg-process/${id}`, plan: {} } });
  const step = (key: string, extra: object) => ({ processId: id, key, position: 0, phase: process.phase, title: key, audience: {}, invitationLeadDays: 21, reminderDays: [], dependsOn: [], icalUid: `${randomUUID()}@test`, ...extra });
  await prisma.step.createMany({
    data: [
      step('fait', { status: 'DONE', startsAt: new Date(Date.UTC(process.start, 2, 1)) }),
      step('comite', { title: 'Comité de pilotage', startsAt: new Date(Date.now() + 20 * 86_400_000), status: 'INVITED' }),
      step('enquete', { title: 'Enquête familles', behaviour: 'SURVEY', startsAt: new Date(Date.now() + 2 * 86_400_000) }),
      step('entretien', { title: 'Entretien avec la mairie', kind: 'ENTRETIEN_PARTENAIRE', startsAt: new Date(Date.now() + 5 * 86_400_000), status: 'INVITED' }),
      ...Array.from({ length: process.late ?? 0 }, (_, i) => step(`retard-${i}`, { behaviour: 'TASK', late: true, startsAt: new Date(Date.now() - 86_400_000) })),
    ],
  });
  if (process.renewed) {
    const next = randomUUID();
    await prisma.process.create({ data: { id: next, territoryId: t.id, kind: 'RENOUVELLEMENT', periodStart: process.end + 1, periodEnd: process.end + 5, workflowId: `ctg-process/${next}`, plan: {}, previousProcessId: id, status: 'COMPLETED' } });
  }
  return t;
}

export async function createPortfolio(prisma: PrismaClient) {
  const year = new Date().getUTCFullYear();
  await territory(prisma, 'Larzac et Vallées', 'Caf de l’Aveyron', { start: year - 3, end: year, phase: 'MISE_EN_OEUVRE' }); // ends this year: due
  await territory(prisma, 'Lévézou Pareloup', 'Caf de l’Aveyron', { start: year - 1, end: year + 3, phase: 'PLAN_ACTIONS', late: 2 });
  await territory(prisma, 'Aubrac Carladez', 'Caf de l’Aveyron', { start: year - 3, end: year, phase: 'MISE_EN_OEUVRE', renewed: true });
  await territory(prisma, 'Réquistanais', 'Caf de l’Aveyron', null);
  await territory(prisma, 'Causse de Gramat', 'Caf du Lot', { start: year - 2, end: year, phase: 'MISE_EN_OEUVRE' });
}
