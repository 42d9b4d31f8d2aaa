// Lowers this process's CPU priority (Unix nice). On Linux nice is per thread: every thread the process
// already has (V8's, libuv's, the Temporal core's) is lowered, and those it starts later inherit it.
import { existsSync, readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Raises the niceness by `by` (capped at 19), for every thread but those `except`; returns the niceness now in force. */
export function lowerProcessPriority(by: number, options: { except?: number[] } = {}): number {
  const target = Math.min(19, getPriority() + by);
  const threads = existsSync('/proc/self/task') ? readdirSync('/proc/self/task').map(Number) : [0];
  for (const thread of threads) {
    if (options.except?.includes(thread)) continue;
    try {
      setPriority(thread, target);
    } catch {
      // A thread that just ended.
    }
  }
  return getPriority();
}
