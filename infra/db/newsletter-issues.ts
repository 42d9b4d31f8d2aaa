// A territory's newsletter issues. A draft's number follows the last one (issues sent before issues
// existed count too); an edit holds the issue's row lock and is refused once it was sent; freezing is
// one conditional statement, so a retried send keeps the first frozen copy.
import type { NewsletterContact, NewsletterEdit, NewsletterSection } from '../../domain/newsletter';
import { Prisma, type NewsletterIssue, type PrismaClient } from './prisma';

export interface IssueRecord extends Omit<NewsletterIssue, 'sections' | 'contacts'> {
  sections: NewsletterSection[];
  contacts: NewsletterContact[];
}

const record = (row: NewsletterIssue): IssueRecord => ({ ...row, sections: row.sections as unknown as NewsletterSection[], contacts: row.contacts as unknown as NewsletterContact[] });

/**
 * A new draft after the process's last issue, under the same name, with these contacts. `stepId`: the
 * plan's step it is; `requestSlot`: the API request it answers (asked again, the same issue).
 */
export async function createDraftIssue(
  prisma: PrismaClient,
  processId: string,
  contacts: NewsletterContact[],
  stepId: string | null = null,
  requestSlot: string | null = null,
): Promise<IssueRecord> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Process" WHERE "id" = ${processId}::uuid FOR UPDATE`;
    const last = await tx.newsletterIssue.findFirst({ where: { processId }, orderBy: { number: 'desc' } });
    // Issues sent before drafts existed were numbered by their sending (one idempotency slot each).
    const earlier = await tx.message.findMany({ where: { processId, kind: 'INFO_FLASH' }, distinct: ['idempotencyKey'], select: { idempotencyKey: true } });
    const earlierIssues = new Set(earlier.map((m) => m.idempotencyKey.split(':')[0]).filter((slot) => !slot?.includes('/issue-'))).size;
    const number = Math.max(last?.number ?? 0, earlierIssues) + 1;
    const row = await tx.newsletterIssue.create({
      data: { processId, number, stepId, requestSlot, title: last?.title ?? 'Info flash', contacts: contacts as unknown as Prisma.InputJsonValue, sections: [] },
    });
    return record(row);
  });
}

/** The issue an API request asked for, created on its first attempt. */
export async function issueForRequest(prisma: PrismaClient, processId: string, requestSlot: string, contacts: NewsletterContact[]): Promise<IssueRecord> {
  const existing = await prisma.newsletterIssue.findUnique({ where: { requestSlot } });
  if (existing) return record(existing);
  try {
    return await createDraftIssue(prisma, processId, contacts, null, requestSlot);
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    return record(await prisma.newsletterIssue.findUniqueOrThrow({ where: { requestSlot } }));
  }
}

export async function findIssue(prisma: PrismaClient, issueId: string): Promise<IssueRecord | null> {
  const row = await prisma.newsletterIssue.findUnique({ where: { id: issueId } });
  return row ? record(row) : null;
}

export async function issuesOfProcess(prisma: PrismaClient, processId: string): Promise<IssueRecord[]> {
  return (await prisma.newsletterIssue.findMany({ where: { processId }, orderBy: { number: 'desc' } })).map(record);
}

/** The issues a territory sent, newest first: its public archive. */
export async function sentIssuesOfTerritory(prisma: PrismaClient, territoryId: string) {
  return prisma.newsletterIssue.findMany({
    where: { status: 'SENT', process: { territoryId } },
    orderBy: [{ sentAt: 'desc' }],
    select: { id: true, title: true, number: true, sentAt: true },
  });
}

export type EditOutcome = { outcome: 'saved'; issue: IssueRecord } | { outcome: 'frozen' | 'number-taken' | 'not-found' };

/** Saves the coordinator's edit, unless the issue left meanwhile. */
export async function updateIssue(prisma: PrismaClient, issueId: string, edit: NewsletterEdit): Promise<EditOutcome> {
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "NewsletterIssue" WHERE "id" = ${issueId}::uuid FOR UPDATE`;
      const issue = await tx.newsletterIssue.findUnique({ where: { id: issueId } });
      if (!issue) return { outcome: 'not-found' as const };
      if (issue.status === 'SENT') return { outcome: 'frozen' as const };
      const row = await tx.newsletterIssue.update({
        where: { id: issueId },
        data: {
          title: edit.title,
          number: edit.number,
          editorial: edit.editorial,
          sections: edit.sections as unknown as Prisma.InputJsonValue,
          contacts: edit.contacts as unknown as Prisma.InputJsonValue,
          publishContactDetails: edit.publishContactDetails,
        },
      });
      return { outcome: 'saved' as const, issue: record(row) };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { outcome: 'number-taken' };
    throw error;
  }
}

/** Marks the issue as leaving at `at` (null: back to a draft), unless it was sent. */
export async function scheduleIssue(prisma: PrismaClient, issueId: string, at: Date | null): Promise<boolean> {
  const { count } = await prisma.newsletterIssue.updateMany({ where: { id: issueId, status: { not: 'SENT' } }, data: { status: at ? 'SCHEDULED' : 'DRAFT', scheduledFor: at } });
  return count > 0;
}

/** Freezes the issue with what it says as it leaves; sent again, it keeps the first copy. */
export async function freezeIssue(prisma: PrismaClient, issueId: string, frozen: unknown): Promise<IssueRecord> {
  await prisma.newsletterIssue.updateMany({
    where: { id: issueId, status: { not: 'SENT' } },
    data: { status: 'SENT', sentAt: new Date(), scheduledFor: null, frozen: frozen as Prisma.InputJsonValue },
  });
  return record(await prisma.newsletterIssue.findUniqueOrThrow({ where: { id: issueId } }));
}
