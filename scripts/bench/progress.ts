// What the bench tells while it runs (stderr): its log lines and the burst's progress bar.
import { logger } from '../lib/run-report';

export const log = logger('bench');

let lastLoggedProgress = 0;

/** A progress bar on the terminal (one line, redrawn), or a log line a minute when stderr is not one. */
export function progressBar(done: number, total: number, seconds: number, final = false) {
  const fraction = total ? Math.min(1, done / total) : 1;
  const text = `${done} / ${total} invitations, ${seconds.toFixed(0)} s, ${(done / Math.max(seconds, 0.001)).toFixed(0)} /s`;
  if (process.stderr.isTTY) {
    const width = 30;
    const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width, '░');
    process.stderr.write(`\r  ${bar} ${(fraction * 100).toFixed(0).padStart(3)} % ${text}${final ? '\n' : ''}`);
  } else if (final || Date.now() - lastLoggedProgress > 60_000) {
    lastLoggedProgress = Date.now();
    log(`  ${(fraction * 100).toFixed(0)} % — ${text}`);
  }
}
