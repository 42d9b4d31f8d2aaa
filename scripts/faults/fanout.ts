// Faults during a fan-out of invitations: the worker killed (SIGKILL) several times, the SMTP server down
// for a minute. Counted at the SMTP sink, per invited address: expected, delivered, lost, duplicated.
import { sleep, waitUntil } from '../lib/concurrency';
import { round } from '../lib/stats';
import type { FaultContext } from './context';
import { activityAttempts, ArrivalCounter, messageRows, prepareFanOut, waitForFanOut, type FanOut } from './fanout-tracking';

export interface FanOutFigures {
  expected: number;
  delivered: number;
  lost: number;
  /** The same Message-ID accepted twice for one address. */
  duplicated: number;
  /** Another invitation (another Message-ID) to an address already invited: should never happen. */
  extraMessages: number;
  outcome: 'complete' | 'settled' | 'timeout';
  seconds: number | null;
  lostSample: string[];
  messages: Awaited<ReturnType<typeof messageRows>>;
  activities: Awaited<ReturnType<typeof activityAttempts>>;
}

async function figures(ctx: FaultContext, fanOut: FanOut, counter: ArrivalCounter, outcome: FanOutFigures['outcome']): Promise<FanOutFigures> {
  const delivered = counter.delivered;
  const duplicates = counter.duplicates();
  return {
    expected: fanOut.expected.length,
    delivered,
    lost: fanOut.expected.length - delivered,
    duplicated: duplicates.sameMessageId,
    extraMessages: duplicates.extraMessages,
    outcome,
    seconds: counter.lastAt() ? round((counter.lastAt() - fanOut.dueAt) / 1000, 1) : null,
    lostSample: counter.missing().slice(0, 5),
    messages: await messageRows(ctx, fanOut),
    activities: await activityAttempts(ctx, fanOut),
  };
}

// ------------------------------------------------------------------------------------------ worker kill

export interface WorkerKillResult extends FanOutFigures {
  kills: { atDelivered: number; afterSeconds: number | null; restartSeconds: number }[];
  workerCrashes: number;
}

export async function workerKillScenario(ctx: FaultContext, options: { territories: number; partners: number; kills: number; timeoutMs: number }): Promise<WorkerKillResult> {
  const fanOut = await prepareFanOut(ctx, 'kill', options.territories, options.partners);
  const counter = new ArrivalCounter(ctx.sink, fanOut.expected);
  const expected = fanOut.expected.length;
  const kills: WorkerKillResult['kills'] = [];
  // Kills spread over the fan-out: at 15 %, then evenly up to 75 % of the invitations delivered.
  const thresholds = Array.from({ length: options.kills }, (_, i) => Math.round(expected * (options.kills === 1 ? 0.4 : 0.15 + (0.6 * i) / (options.kills - 1))));
  const crashesBefore = ctx.services.worker.crashes.length;
  for (const threshold of thresholds) {
    const reached = await waitUntil(() => counter.delivered >= threshold, options.timeoutMs, 20);
    if (!reached) {
      ctx.log(`kill: only ${counter.delivered} delivered, never reached ${threshold}: no more kills`);
      break;
    }
    const atDelivered = counter.delivered;
    await ctx.services.worker.kill('SIGKILL');
    ctx.log(`kill: worker SIGKILLed at ${atDelivered} / ${expected} delivered; starting it again`);
    const restartSeconds = await ctx.services.startWorker();
    kills.push({ atDelivered, afterSeconds: round((Date.now() - fanOut.dueAt) / 1000, 1), restartSeconds: round(restartSeconds, 1)! });
    ctx.log(`kill: worker back in ${restartSeconds.toFixed(1)} s`);
  }
  const outcome = await waitForFanOut(ctx, fanOut, counter, options.timeoutMs);
  return { ...(await figures(ctx, fanOut, counter, outcome)), kills, workerCrashes: ctx.services.worker.crashes.length - crashesBefore };
}

// -------------------------------------------------------------------------------------------- SMTP down

export interface SmtpDownResult extends FanOutFigures {
  downAtDelivered: number;
  downSeconds: number;
  /** After the sink came back: until the first acceptance, and until the last. */
  resumedAfterSeconds: number | null;
  finishedAfterSeconds: number | null;
  deliveredWhileDown: number;
}

export async function smtpDownScenario(ctx: FaultContext, options: { territories: number; partners: number; downSeconds: number; timeoutMs: number }): Promise<SmtpDownResult> {
  const fanOut = await prepareFanOut(ctx, 'smtp', options.territories, options.partners);
  const counter = new ArrivalCounter(ctx.sink, fanOut.expected);
  const threshold = Math.round(fanOut.expected.length * 0.25);
  await waitUntil(() => counter.delivered >= threshold, options.timeoutMs, 20);
  const downAtDelivered = counter.delivered;
  await ctx.sink.goDown();
  const downAt = Date.now();
  ctx.log(`smtp: sink down at ${downAtDelivered} / ${fanOut.expected.length} delivered, for ${options.downSeconds} s`);
  await sleep(options.downSeconds * 1000);
  const deliveredWhileDown = counter.delivered - downAtDelivered;
  await ctx.sink.comeBack();
  const upAt = Date.now();
  ctx.log(`smtp: sink back after ${((upAt - downAt) / 1000).toFixed(0)} s`);
  const outcome = await waitForFanOut(ctx, fanOut, counter, options.timeoutMs);
  const after = [...counter.byRecipient.values()].flat().filter((a) => a.at >= upAt);
  const firstAfter = after.length ? Math.min(...after.map((a) => a.at)) : NaN;
  const lastAfter = after.length ? Math.max(...after.map((a) => a.at)) : NaN;
  return {
    ...(await figures(ctx, fanOut, counter, outcome)),
    downAtDelivered,
    downSeconds: round((upAt - downAt) / 1000, 1)!,
    resumedAfterSeconds: round((firstAfter - upAt) / 1000, 1),
    finishedAfterSeconds: round((lastAfter - upAt) / 1000, 1),
    deliveredWhileDown,
  };
}
