// Routes the Temporal SDK's own logs (worker, core) into our JSON log lines. Installed once per process.
import { DefaultLogger, Runtime, type LogLevel as TemporalLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

let installed = false;

export function installTemporalRuntime(logger: Logger, level: TemporalLevel = 'WARN', options: { metricsAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  // The runtime is a process-wide singleton: a second install (another test file in the same Jest
  // worker) keeps the first one.
  try {
    install(logger, level, options);
  } catch (error) {
    if (!/already/i.test((error as Error).message)) throw error;
  }
}

function install(logger: Logger, level: TemporalLevel, options: { metricsAddress?: string }): void {
  Runtime.install({
    // The SDK's own metrics (task slots, polls, schedule-to-start latencies) on their own Prometheus endpoint.
    ...(options.metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsAddress, useSecondsForDurations: true } } } } : {}),
    logger: new DefaultLogger(level, (entry) => {
      const fields = { ...(entry.meta ?? {}), source: 'temporal' };
      const message = entry.message;
      if (entry.level === 'ERROR') logger.error(message, fields);
      else if (entry.level === 'WARN') logger.warn(message, fields);
      else if (entry.level === 'INFO') logger.info(message, fields);
      else logger.debug(message, fields);
    }),
  });
}
