// The captured mail and the log of messages, for an administrator: a page of messages, newest first, and
// one message with its bytes built again from its template (or its stored source, for older rows).
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';

export const MAILBOX_PAGE_SIZE = 50;

export async function capturedMessages({ prisma }: Pick<ApiDeps, 'prisma'>, page: number) {
  const [rows, total] = await Promise.all([
    prisma.message.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * MAILBOX_PAGE_SIZE,
      take: MAILBOX_PAGE_SIZE + 1,
      select: { id: true, recipient: true, subject: true, kind: true, status: true, createdAt: true },
    }),
    prisma.message.count(),
  ]);
  return { rows: rows.slice(0, MAILBOX_PAGE_SIZE), page, hasNext: rows.length > MAILBOX_PAGE_SIZE, total };
}

/** How many messages there are (the home page's link to them). */
export const messageCount = ({ prisma }: Pick<ApiDeps, 'prisma'>) => prisma.message.count();

export async function capturedMessage(deps: Pick<ApiDeps, 'prisma' | 'outbox'>, id: string) {
  const message = await deps.prisma.message.findUnique({ where: { id } });
  if (!message) throw notFound('Message');
  const source = (await deps.outbox.sourceOf(message)) ?? Buffer.from(`Subject: ${message.subject}\r\n\r\n(contenu effacé après la durée de conservation)\r\n`);
  return { message, source };
}
