// The command-line options of the bench and the fault runs: `--name=value` or `--name value`, an
// environment variable as the fallback, --help, and a refusal of any option the command does not know.

export function readOption(name: string, envName?: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return (envName && process.env[envName]) || undefined;
}

/** `value` as an integer ≥ `min`, `fallback` when absent; the usage in the error otherwise. */
export function integerOption(name: string, value: string | undefined, fallback: number, min: number, usage: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got "${value}"\n\n${usage}`);
  return n;
}

/** Prints the usage and exits on --help; throws on an option not in `known`. */
export function checkArguments(known: string[], usage: string): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  for (const arg of process.argv.slice(2)) {
    const name = /^--([a-z-]+)/.exec(arg)?.[1];
    if (arg.startsWith('--') && (!name || !known.includes(name))) throw new Error(`unknown option ${arg}\n\n${usage}`);
  }
}

/** A date stamp fit for a file name: 2026-11-05T14-03-59. */
export const fileStamp = () => new Date().toISOString().slice(0, 19).replace(/:/g, '-');
