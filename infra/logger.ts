// Structured logs: one JSON object per line on stdout. Keys come first in a fixed order (time, level,
// service, message) so a line stays readable in a terminal and parseable by any log collector.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

function serialise(value: unknown): unknown {
  // Errors from the workflow sandbox come from another realm: recognise them by shape, not instanceof.
  if (value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value && 'stack' in value)) {
    const error = value as Error & { cause?: unknown };
    return {
      name: error.name,
      message: error.message,
      stack: error.stack?.split('\n').slice(0, 6).join('\n'),
      ...(error.cause ? { cause: serialise(error.cause) } : {}),
    };
  }
  return value;
}

export function createLogger(
  service: string,
  options: { level?: LogLevel; write?: (line: string) => void; base?: LogFields } = {},
): Logger {
  const threshold = rank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const base = options.base ?? {};
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (rank[level] < threshold) return;
    const entry: LogFields = { time: new Date().toISOString(), level, service, msg, ...base };
    for (const [key, value] of Object.entries(fields ?? {})) entry[key] = serialise(value);
    write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger(service, { ...options, base: { ...base, ...fields } }),
  };
}
