// The one place that builds a Prisma client: the generated client (no native engine) over the pg driver
// adapter. Callers own its lifetime and call $disconnect() on shutdown.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';

export * from '../../generated/prisma/client';

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
