// Prisma CLI configuration. `generate` needs no database; the URL is optional so the client is regenerated
// even when DATABASE_URL is unset (env("DATABASE_URL") would make the config fail to load).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/ctg' },
});
