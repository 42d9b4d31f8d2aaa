// Processes seen from /proc (Linux; zeros elsewhere): memory and CPU time of the service's processes, the
// Temporal dev server and PostgreSQL's backends, as the bench and the fault runs report them.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

export function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i += 1) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      for (const child of (readProc(pids[i]!, `task/${task}/children`) ?? '').trim().split(/\s+/)) if (child) pids.push(Number(child));
    }
  }
  return pids;
}

/** VmHWM (peak) or VmRSS (now) in MiB of the largest process of the tree. */
export function memoryMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  let largest = 0;
  for (const p of processTree(pid)) {
    const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readProc(p, 'status') ?? '')?.[1] ?? 0);
    largest = Math.max(largest, kib / 1024);
  }
  return largest;
}

/** CPU time (user + system) of a process, in seconds. */
export function cpuSecondsOf(pid: number): number {
  const stat = readProc(pid, 'stat');
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export const treeCpuSeconds = (pid: number) => processTree(pid).reduce((sum, p) => sum + cpuSecondsOf(p), 0);

/** The Temporal dev server listening on `port` (the SDK starts it; it does not tell its pid). */
export function devServerPid(port: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (readProc(Number(entry), 'cmdline') ?? '').split('\0');
    if (args.includes('start-dev') && args.includes(port)) return Number(entry);
  }
  return null;
}
