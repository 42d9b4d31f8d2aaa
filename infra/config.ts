// Every setting comes from environment variables, validated once at start-up so a bad value stops the
// process with a message that names the variable, instead of failing later in the middle of a send.
import { z } from '../domain/zod';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `doit commencer par ${protocols.map((p) => `${p}://`).join(' ou ')}`,
    });

const hostPort = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'attendu sous la forme hôte:port, par exemple 127.0.0.1:7233');

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'attendu un numéro de port (0 à 65535)' })
    .int({ error: 'attendu un numéro de port (0 à 65535)' })
    .min(0, { error: 'attendu un numéro de port (0 à 65535)' })
    .max(65535, { error: 'attendu un numéro de port (0 à 65535)' })
    .default(fallback);

export const configSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('ctg'),
  TEMPORAL_UI_URL: optionalUrl(['http', 'https']),
  /** TLS to Temporal (a TLS cluster, Temporal Cloud): files in PEM; a client certificate and its key for mTLS. */
  TEMPORAL_TLS_CERT: z.string().trim().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().trim().min(1).optional(),
  /** The CA that signed the server's certificate, when the system does not trust it. */
  TEMPORAL_TLS_CA: z.string().trim().min(1).optional(),
  /** The name the server's certificate carries, when TEMPORAL_ADDRESS names it otherwise (a proxy). */
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().min(1).optional(),
  /** TLS without files of our own (a server certificate the system trusts): « true ». An API key or a certificate implies it. */
  TEMPORAL_TLS: z.enum(['true', 'false'], { error: 'attendu true ou false' }).optional(),
  /** Temporal Cloud's API key (sent as a bearer token over TLS). */
  TEMPORAL_API_KEY: z.string().trim().min(1).optional(),
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(.*<)?[^\s@<>]+@[^\s@<>]+>?$/, 'attendu une adresse, par exemple "CTG <ctg@example.org>"')
    .default('Coordination CTG <ctg@localhost>'),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'attendu une URL http(s), par exemple http://localhost:3000' })
    .optional()
    .transform((v) => v?.replace(/\/+$/, '')),
  PORT: port(3000),
  /** How long to wait for a PostgreSQL connection, then for any statement: past them, the request answers 503. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number({ error: 'attendu un nombre de millisecondes' }).int().min(100).max(120_000).default(5_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number({ error: 'attendu un nombre de millisecondes' }).int().min(100).max(600_000).default(20_000),
  /**
   * Which proxies may tell the client's address (X-Forwarded-For): none by default, so nobody can claim
   * another address to escape the rate limits. « loopback », « uniquelocal », a number of hops, or
   * addresses/CIDRs separated by commas, as Express's « trust proxy » takes them.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v, ctx): boolean | number | string => {
      if (v === 'false' || v === '') return false;
      if (v === 'true') return true;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      if (/^[A-Za-z0-9.:/, -]+$/.test(v)) return v;
      ctx.addIssue({ code: 'custom', message: 'attendu false, true, un nombre de proxys, loopback, uniquelocal ou des adresses/CIDR séparées par des virgules' });
      return z.NEVER;
    }),
  /** Interface the API listens on: this machine only unless told otherwise (0.0.0.0 in a container). */
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]+$/, 'attendu une adresse IP ou un nom d’hôte, par exemple 127.0.0.1 ou 0.0.0.0')
    .default('127.0.0.1'),
  /** Port of the dev server `npm start` runs when TEMPORAL_ADDRESS is unset (its UI listens 1000 above). */
  TEMPORAL_DEV_PORT: port(7233),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  /**
   * The server secret partners' personal links are derived from (one link per person, the same in every
   * email). Unset: kept in DATA_DIR/link-secret, made on first start; set it in production, the same for
   * every worker. Changing it gives everyone a new link with their next email (the old ones stay valid).
   */
  LINK_SECRET: z.string().trim().min(32, 'au moins 32 caractères, par exemple la sortie de « openssl rand -base64 32 »').optional(),
  /** Retention (RGPD): message bodies emptied after this many days (the log of who, what, when stays). */
  RETENTION_MESSAGE_DAYS: z.coerce.number({ error: 'attendu un nombre de jours' }).int().min(1).max(3650).default(365),
  /** Retention (RGPD): members of the public who registered are erased this many months after the meeting. */
  RETENTION_PUBLIC_MONTHS: z.coerce.number({ error: 'attendu un nombre de mois' }).int().min(1).max(120).default(6),
  /** Bearer token Prometheus sends to read /metrics; unset, the metrics answer this machine only. */
  METRICS_TOKEN: z.string().trim().min(16, 'au moins 16 caractères').optional(),
  /**
   * Worker: what this process runs. `all` (default): everything in one process. `workflows`: the workflows
   * and the timely sends; `delivery`: bulk sends only (one per core, as many as needed on a cluster).
   */
  WORKER_ROLE: z.enum(['all', 'workflows', 'delivery'], { error: 'all, workflows ou delivery' }).default('all'),
  /**
   * Worker: how many workflows it keeps in memory between their tasks (0.39 MiB each of the workflow thread's
   * heap, measured); beyond, a task replays the workflow's history. Unset: the SDK's default (from the heap size).
   */
  WORKER_WORKFLOW_CACHE: z.coerce.number({ error: 'attendu un nombre' }).int().min(0).max(100_000).optional(),
  /**
   * Worker `delivery`: how much lower its CPU priority is (Unix nice, 0–19; 0 leaves it). On a machine it
   * shares with the API and the workflows worker, a burst of invitations takes the CPU they leave: pages
   * and reminders first (README, Performance). In a container, nice counts only within it.
   */
  DELIVERY_NICE: z.coerce.number({ error: 'attendu un nombre de 0 à 19' }).int().min(0).max(19).default(10),
  /** `npm start`: how many delivery workers to run beside the workflows worker (default: one per core). */
  DELIVERY_WORKERS: z.coerce.number({ error: 'attendu un nombre' }).int().min(1).max(64).optional(),
  /** Worker: a port for its /healthz and /metrics (compose's health check); unset, none is opened. */
  WORKER_HEALTH_PORT: z.coerce.number({ error: 'attendu un numéro de port' }).int().min(1).max(65_535).optional(),
  /** Worker: a port where the Temporal SDK publishes its own Prometheus metrics (polls, slots, latencies); unset, none. */
  TEMPORAL_METRICS_PORT: z.coerce.number({ error: 'attendu un numéro de port' }).int().min(1).max(65_535).optional(),
  /** An administrator account ensured at API start-up: the first person to sign in (by emailed link). */
  ADMIN_EMAIL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v?.toLowerCase()))
    .pipe(z.email({ error: 'attendu une adresse électronique, par exemple admin@ma-cc.fr' }).optional()),
})
  // Unset, the public address follows PORT, so the links of a service moved to another port still work.
  .transform(({ PUBLIC_BASE_URL, ...rest }) => ({ ...rest, PUBLIC_BASE_URL: PUBLIC_BASE_URL ?? `http://localhost:${rest.PORT}` }));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; reason: string }[]) {
    super(
      'Configuration invalide :\n' +
        issues.map((i) => `  - ${i.variable} : ${i.reason}`).join('\n') +
        '\nVoir le tableau « Configuration » du README.',
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '?'),
      reason: issue.message,
    })),
  );
}

/** Loads the configuration or exits with the readable message (for entry points). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
