// What every fault scenario shares: the stack (a Temporal dev server we can kill, a PostgreSQL database
// reached through a proxy we can cut, an SMTP sink we can take down, the worker and the API as processes),
// an administrator's token, and territories and launches through the API. Fan-outs: fanout-tracking.ts;
// probing the API: probes.ts.
import type { Client } from '@temporalio/client';
import type { PlanStep } from '../../domain/plan';
import type { HttpAnswer, HttpOptions } from '../lib/http';
import type { Services, StackDatabase } from '../lib/real-stack';
import type { SmtpSink } from '../lib/smtp-sink';
import type { TcpProxy } from '../lib/tcp-proxy';
import type { TemporalServer } from '../lib/temporal-server';

export const DAY = 86_400_000;
export const MAIL_DOMAIN = 'faults.example.org';

export interface FaultContext {
  log(message: string): void;
  temporal: TemporalServer;
  /** A client of our own (histories, descriptions); reconnects by itself after a server restart. */
  client: Client;
  db: StackDatabase;
  pgProxy: TcpProxy;
  sink: SmtpSink;
  services: Services;
  adminToken: string;
  /** As the admin unless another token is given. */
  call<T = any>(method: string, url: string, options?: HttpOptions): Promise<HttpAnswer<T>>;
}

export function expectStatus(answer: HttpAnswer, expected: number[], what: string): void {
  if (!expected.includes(answer.status)) throw new Error(`${what}: ${answer.status} ${answer.error ?? answer.text.slice(0, 500)}`);
}

// -------------------------------------------------------------------------------------------- territories

export async function createTerritory(ctx: FaultContext, label: string, options: { cafName?: string; partners?: number; token?: string } = {}) {
  const territory = await ctx.call('POST', '/api/territories', {
    token: options.token,
    body: {
      name: `Communauté de communes ${label}`,
      cafName: options.cafName ?? `Caf ${label}`,
      coordinatorName: `Coordination ${label}`,
      coordinatorEmail: `coordination.${label}@${MAIL_DOMAIN}`,
      cafAdviserName: `Conseil ${label}`,
      cafAdviserEmail: `conseil.${label}@${MAIL_DOMAIN}`,
    },
  });
  expectStatus(territory, [201], `POST /api/territories (${label})`);
  const partners = options.partners ?? 0;
  const emails = Array.from({ length: partners }, (_, p) => `p${p}.${label}@${MAIL_DOMAIN}`);
  for (let start = 0; start < partners; start += 5000) {
    const contacts = await ctx.call('POST', `/api/territories/${territory.body.id}/contacts`, {
      token: options.token,
      body: emails.slice(start, start + 5000).map((email, i) => ({ email, fullName: `Partenaire ${start + i + 1} ${label}`, roles: ['PARTENAIRE'] })),
    });
    expectStatus(contacts, [200], `POST contacts (${label})`);
  }
  return { id: territory.body.id as string, name: territory.body.name as string, emails };
}

export function meetingStep(key: string, title: string, startsAt: number, extra: Partial<PlanStep> = {}): Partial<PlanStep> {
  return {
    key,
    kind: 'RENCONTRE_THEMATIQUE',
    phase: 'DIAGNOSTIC',
    title,
    audience: { roles: ['PARTENAIRE'], groups: [], domains: [], emails: [], public: false },
    startsAt: new Date(startsAt).toISOString(),
    invitationLeadDays: 21,
    reminderDays: [],
    location: 'Salle des fêtes',
    ...extra,
  };
}

export async function launch(ctx: FaultContext, territoryId: string, steps: Partial<PlanStep>[], token?: string): Promise<string> {
  const launched = await ctx.call('POST', `/api/territories/${territoryId}/processes`, { token, body: { periodStart: 2027, periodEnd: 2031, steps } });
  expectStatus(launched, [201], 'POST processes');
  return launched.body.id;
}
