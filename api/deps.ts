import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { PrismaClient } from '../infra/db/prisma';
import type { Logger } from '../infra/logger';
import type { MailMode, Outbox } from '../infra/mail';

export interface ApiDeps {
  prisma: PrismaClient;
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_UI_URL' | 'PUBLIC_BASE_URL' | 'MAIL_FROM'> &
    Partial<Pick<Config, 'TRUST_PROXY' | 'METRICS_TOKEN'>> & { LINK_SECRET: string };
  logger: Logger;
  mailMode: MailMode;
  /** For what the API sends itself, at once (sign-in links; everything else goes through workflows), and the mailbox's rebuilt messages. */
  outbox: Outbox;
}
