// Processes seen from /proc (Linux; zeros elsewhere): memory and CPU time of the service's processes, the
// Temporal dev server and PostgreSQL's backends, as the bench and the fault runs report them.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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

/**
 * The process listening on a local TCP port, such as the Temporal server, dev or not (Linux: the socket's
 * inode in /proc/net/tcp*, then the process holding it); null if none is seen.
 */
export function pidListeningOn(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(`/proc/net/${table}`, 'utf8').split('\n').slice(1);
    } catch {
      continue; // not Linux, or no IPv6
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is IP:PORT in hex; state 0A is LISTEN; the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  if (!inodes.size) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}
