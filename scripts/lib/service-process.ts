// The worker or the API as its own OS process (`node <entry>.js` as deployed, `--import tsx` for a `.ts`
// one): started, killed and started again at will; its JSON logs counted (warnings, errors, by message and by kind of error) and
// its last lines kept for a post-mortem.
import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from './repo-root';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed or stopped by us (kill/stop), as opposed to exiting by itself: a crash. */
  requested: boolean;
  at: number;
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** `node <entry>` (`--import tsx` for a `.ts` one): one process, so its pid is the program itself (signals reach it directly). */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private readonly tail: string[] = [];
  private waiters: { message: string; resolve: () => void }[] = [];
  private exitRequested = false;
  private exitedPromise: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null, requested: true, at: 0 });
  warnings = 0;
  errors = 0;
  /** The Temporal core's "Workflow task duration exceeded 5 seconds" (TMPRL1104). */
  slowWorkflowTasks = 0;
  starts = 0;
  /** Every exit, requested or not. */
  readonly exits: ExitInfo[] = [];
  /** Warnings and errors counted by message: e.g. { 'unhandled error': 3 }. */
  readonly messageCounts = new Map<string, number>();
  /** Errors (and warnings carrying an error) by kind: message, error name, the first line of the error's message; one sample line each. */
  readonly errorKinds = new Map<string, { count: number; sample: string }>();
  private forwarded = 0;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: { forward?: (line: string) => void; forwardLimit?: number; nodeArgs?: string[] } = {},
  ) {}

  get pid(): number | null {
    return this.child && this.child.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  get running(): boolean {
    return this.pid !== null;
  }

  /** Exits nobody asked for. */
  get crashes(): ExitInfo[] {
    return this.exits.filter((e) => !e.requested);
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} already running`);
    this.exitRequested = false;
    this.starts += 1;
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), ...(this.entry.endsWith('.ts') ? ['--import', 'tsx'] : []), this.entry], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exitedPromise = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        const info = { code, signal, requested: this.exitRequested, at: Date.now() };
        this.exits.push(info);
        resolve(info);
      }),
    );
    for (const stream of [child.stdout!, child.stderr!]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) >= 0) {
          this.line(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
        }
      });
    }
  }

  private line(raw: string) {
    // The Temporal core colours its lines: kept and shown plain.
    const line = raw.replace(ANSI_COLOUR, '');
    this.tail.push(line);
    if (this.tail.length > 60) this.tail.shift();
    let entry: { level?: string; msg?: string; path?: string; activityType?: string; error?: { name?: string; message?: string } | string } = {};
    try {
      entry = JSON.parse(line);
    } catch {
      // Not our JSON: the Temporal core's own log lines (ANSI-coloured, with a level), or a crash trace.
      const core = /^\S+\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s+(.*)$/.exec(line);
      entry = core
        ? { level: core[1] === 'WARN' ? 'warn' : core[1] === 'ERROR' ? 'error' : 'info', msg: core[2]!.replace(/\d+/g, 'N').slice(0, 120) }
        : { level: 'error', msg: line.slice(0, 200) };
    }
    if (line.includes('TMPRL1104')) this.slowWorkflowTasks += 1;
    if (entry.level === 'warn') this.warnings += 1;
    if (entry.level === 'error') this.errors += 1;
    if (entry.msg && (entry.level === 'warn' || entry.level === 'error')) this.messageCounts.set(entry.msg, (this.messageCounts.get(entry.msg) ?? 0) + 1);
    if (entry.level === 'error' || (entry.level === 'warn' && entry.error)) {
      const error = typeof entry.error === 'object' && entry.error ? entry.error : { message: String(entry.error ?? '') };
      const firstLine = (error.message ?? '').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('Invalid `')) ?? '';
      const kind = `${entry.msg}${entry.activityType ? ` (${entry.activityType})` : ''}: ${error.name ?? ''} ${firstLine}`.slice(0, 300);
      const known = this.errorKinds.get(kind);
      if (known) known.count += 1;
      else if (this.errorKinds.size < 100) this.errorKinds.set(kind, { count: 1, sample: line.slice(0, 1500) });
    }
    const limit = this.options.forwardLimit ?? 10;
    if (this.options.forward && (entry.level === 'warn' || entry.level === 'error') && this.forwarded < limit) {
      this.forwarded += 1;
      this.options.forward(`[${this.name}] ${line.slice(0, 400)}${this.forwarded === limit ? ' (further warnings counted, not shown)' : ''}`);
    }
    for (const waiter of [...this.waiters]) {
      if (entry.msg === waiter.message) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves when the process logs `message`; fails, with its last lines, if it exits or takes too long. */
  async ready(message: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const exited = this.exitedPromise;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push({ message, resolve })),
        exited.then((info) => Promise.reject(new Error(`${this.name} exited (${info.code ?? info.signal}) before "${message}":\n${this.tail.join('\n')}`))),
        new Promise<void>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${this.name}: no "${message}" after ${timeoutMs / 1000} s:\n${this.tail.join('\n')}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  lastLines(count = 20): string[] {
    return this.tail.slice(-count);
  }

  /** Sends a signal and waits for the exit (SIGKILL: a crash, no graceful shutdown). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitInfo | null> {
    if (!this.child || !this.running) return null;
    this.exitRequested = true;
    const exited = this.exitedPromise;
    this.child.kill(signal);
    const killer = signal === 'SIGKILL' ? undefined : setTimeout(() => this.child?.kill('SIGKILL'), 30_000);
    const info = await exited;
    clearTimeout(killer);
    return info;
  }

  stop(): Promise<ExitInfo | null> {
    return this.kill('SIGTERM');
  }
}
