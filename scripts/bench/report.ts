// The bench's figures as a Markdown table (the JSON carries the rest), the README's Performance shape.
import type { BurstResult } from './burst';
import type { LifecycleResult } from './lifecycle';

export function table(results: BurstResult[], lifecycle: LifecycleResult | null): string {
  const pair = (a: unknown, b: unknown) => `${a ?? '—'} / ${b ?? '—'}`;
  const lines = [
    '| territories × partners | worker processes | invitations | end-to-end /s | raw transporter /s | ratio | invitation due→accepted p50 / p95 / max (s) | reminders due→accepted p50 / p99 (s) | API status p50 / p95 (ms) | peak memory: largest worker / API (MiB) | CPU during the burst: workers / Temporal / PostgreSQL (%) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |',
    ...results.map((r) =>
      [
        `${r.territories} × ${r.partners}`,
        r.peakMemoryMiB.perWorkerProcess.length,
        `${r.invitations}${r.complete ? '' : ` of ${r.expected}`}${r.duplicates ? ` (${r.duplicates} dup.)` : ''}`,
        r.endToEndPerSecond ?? '—',
        r.rawTransporterPerSecond ?? '—',
        r.ratio ?? '—',
        `${r.invitationLatencySeconds.p50 ?? '—'} / ${r.invitationLatencySeconds.p95 ?? '—'} / ${r.invitationLatencySeconds.max ?? '—'}`,
        r.reminder.received
          ? `${r.reminder.latencySeconds.p50} / ${r.reminder.latencySeconds.p99} (${r.reminder.duringBurst} of ${r.reminder.dueAfterBurstStartSeconds.length} due during the burst)`
          : 'not received',
        `${pair(r.apiStatus.latencyMs.p50, r.apiStatus.latencyMs.p95)} (${r.apiStatus.clients} clients ${r.apiStatus.everyMs ? `every ${r.apiStatus.everyMs} ms` : 'back to back'})`,
        pair(r.peakMemoryMiB.worker, r.peakMemoryMiB.api),
        `${r.cpuDuringBurstPct.worker ?? '—'} / ${r.cpuDuringBurstPct.temporal ?? '—'} / ${r.cpuDuringBurstPct.postgres ?? '—'}`,
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
  ];
  if (lifecycle) {
    const runs = lifecycle.processRuns.length;
    lines.push(
      '',
      `${lifecycle.years}-year lifecycle (${lifecycle.steps} steps, ${lifecycle.messages} messages, ${lifecycle.completed ? 'completed' : 'NOT completed'} in ${lifecycle.seconds} s at ${lifecycle.dayMs} ms a day): ` +
        `largest workflow history ${lifecycle.largestHistoryEvents ?? '—'} events — process workflow ${lifecycle.largestProcessRunEvents ?? '—'} (largest of ${runs} run${runs === 1 ? '' : 's'}), ` +
        `largest step ${lifecycle.largestStep ? `${lifecycle.largestStep.events} (${lifecycle.largestStep.key})` : '—'}`,
    );
  }
  return lines.join('\n');
}
