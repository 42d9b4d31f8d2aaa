// Saves workflow histories as replay fixtures (test/fixtures/histories), when RECORD_HISTORIES is set.
// The CLI writes the standard JSON form that historyFromJSON reads back.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveTemporalCli } from '../../infra/temporal/cli';

export const recordingHistories = Boolean(process.env.RECORD_HISTORIES);

export async function saveHistories(address: string, histories: Record<string, string>): Promise<void> {
  if (!recordingHistories) return;
  const dir = path.resolve(__dirname, '../fixtures/histories');
  mkdirSync(dir, { recursive: true });
  const cli = (await resolveTemporalCli({ build: false }))!.path;
  for (const [file, workflowId] of Object.entries(histories)) {
    const json = execFileSync(cli, ['workflow', 'show', '--output', 'json', '--address', address, '--workflow-id', workflowId], { maxBuffer: 64 << 20 });
    writeFileSync(path.join(dir, file), json);
  }
}
