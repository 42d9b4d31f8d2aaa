// What the bench and the fault runs share around their figures: the machine they ran on, a log line
// with the time, the cleanups that must run even on Ctrl-C, and the JSON report written to disk.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { round } from './stats';

export const loadAverage = () => loadavg().map((l) => round(l, 2));

export function machineInfo() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, loadAverageAtStart: loadAverage() };
}

/** `[name 14:03:59] message` on stderr (stdout carries the report). */
export const logger = (name: string) => (message: string) => process.stderr.write(`[${name} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Steps to undo what a run started, last started first; run once, on success, failure or a signal. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown>)[] = [];
  constructor(private readonly log: (message: string) => void) {}

  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch((error) => this.log(`cleanup: ${error}`));
  }

  /** On the first SIGINT or SIGTERM: every cleanup, then exit 130 (a second signal is ignored meanwhile). */
  runOnSignals(): void {
    let interrupted = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        if (interrupted) return;
        interrupted = true;
        this.log(`${signal}: stopping`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }
}

export function writeJsonReport(file: string, report: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
