import type { Config } from '../infra/config';
import type { PrismaClient } from '../infra/db/prisma';
import type { Logger } from '../infra/logger';
import type { Courier, Mailer, Outbox } from '../infra/mail';

/** What activities need from the outside world; injected so tests and the worker build them the same way. */
export interface ActivityDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  /** The worker's courier thread (sends and marks), when it has an SMTP server; otherwise in this thread. */
  courier?: Courier;
  /** `LINK_SECRET`: resolved at start (infra/auth/link-secret.ts), partners' links derive from it. */
  config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_BASE_URL'> & { LINK_SECRET: string };
  logger: Logger;
}

/** The dependencies and the process's one outbox, whose group commits gather every concurrent send. */
export interface ActivityContext extends ActivityDeps {
  outbox: Outbox;
}
