// Clients that keep asking the API the same thing while a dependency is down, and what they saw: answers
// by status, hangs, when the API served again.
import { sleep } from '../lib/concurrency';
import type { HttpAnswer } from '../lib/http';
import { percentile, round } from '../lib/stats';

export interface ProbeSample {
  /** Epoch ms when the request was sent. */
  t: number;
  status: number;
  ms: number;
  problemJson: boolean;
  error?: string;
}

/** Asks one thing of the API again and again (one request at a time), recording every answer. */
export class Prober {
  readonly samples: ProbeSample[] = [];
  private running = false;
  private done: Promise<void> = Promise.resolve();
  constructor(
    readonly name: string,
    private readonly request: (i: number) => Promise<HttpAnswer>,
    private readonly everyMs: number,
  ) {}
  start() {
    this.running = true;
    this.done = (async () => {
      for (let i = 0; this.running; i += 1) {
        const t = Date.now();
        const answer = await this.request(i);
        this.samples.push({ t, status: answer.status, ms: answer.ms, problemJson: answer.contentType.startsWith('application/problem+json'), ...(answer.error ? { error: answer.error } : {}) });
        await sleep(Math.max(0, this.everyMs - (Date.now() - t)));
      }
    })();
  }
  async stop() {
    this.running = false;
    await this.done;
  }
}

const HANG_MS = 15_000;

/** What a prober saw in [from, to): answers by status, how fast, hangs and answers without a problem body. */
export function summarizeSamples(samples: ProbeSample[], from: number, to: number) {
  const window = samples.filter((s) => s.t >= from && s.t < to);
  const statuses: Record<string, number> = {};
  for (const s of window) {
    const key = s.status === 0 ? `no answer (${s.error ?? '?'})` : String(s.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const errors = window.filter((s) => s.status >= 400);
  return {
    requests: window.length,
    statuses,
    hangs: window.filter((s) => s.ms > HANG_MS).length,
    noAnswer: window.filter((s) => s.status === 0).length,
    errorsWithoutProblemJson: errors.filter((s) => !s.problemJson).length,
    maxMs: round(Math.max(0, ...window.map((s) => s.ms))),
    p50Ms: round(percentile(window.map((s) => s.ms), 50)),
  };
}

/** First instant from `after` on at which the prober answered 2xx `streak` times in a row. */
export function recoveredAt(samples: ProbeSample[], after: number, streak = 3): number | null {
  let run = 0;
  for (const s of samples) {
    if (s.t < after) continue;
    if (s.status >= 200 && s.status < 300) {
      run += 1;
      if (run >= streak) return samples[samples.indexOf(s) - streak + 1]!.t;
    } else run = 0;
  }
  return null;
}
