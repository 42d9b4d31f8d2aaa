// The lint rule that keeps workflows deterministic must keep biting: feed it offending code as if it
// lived under workflows/ and check each import is refused (and that a type-only import is allowed).
// ESLint runs in one child process (its flat config is ESM, which Jest's CommonJS runtime cannot load).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** Every domain module that imports zod itself (those importing one of these are found by the config too). */
const zodImporters = readdirSync(path.join(root, 'domain'))
  .filter((f) => f.endsWith('.ts') && /^import (?!type )[^;]*from '(?:zod|\.\/zod)'/m.test(readFileSync(path.join(root, 'domain', f), 'utf8')))
  .map((f) => f.slice(0, -3));

const probes: Record<string, string> = {
  nodeFs: "import { readFileSync } from 'node:fs';\nexport const used = [readFileSync];\n",
  crypto: "import crypto from 'crypto';\nexport const used = [crypto];\n",
  nodemailer: "import nodemailer from 'nodemailer';\nexport const used = [nodemailer];\n",
  ical: "import ical from 'ical-generator';\nexport const used = [ical];\n",
  prismaAdapter: "import { PrismaPg } from '@prisma/adapter-pg';\nexport const used = [PrismaPg];\n",
  infra: "import { createPrismaClient } from '../infra/db/prisma';\nexport const used = [createPrismaClient];\n",
  activitiesValue: "import { createActivities } from '../activities';\nexport const used = [createActivities];\n",
  activityModule: "import { deliverMessage } from '../activities/deliver';\nexport const used = [deliverMessage];\n",
  zodPlan: "import { taskKinds } from '../domain/plan';\nexport const used = [taskKinds];\n",
  zod: "import { z } from 'zod';\nexport const used = [z];\n",
  ...Object.fromEntries(zodImporters.map((name) => [`domain-${name}`, `import * as m from '../domain/${name}';\nexport const used = [m];\n`])),
  // Zod-free itself, but it imports plan.ts: the bundle would carry zod all the same.
  zodThroughPlan: "import * as m from '../domain/step-display';\nexport const used = [m];\n",
  allowed:
    "import type { Activities } from '../activities';\nimport type { PlanStep } from '../domain/plan';\nimport { taskKinds } from '../domain/vocabulary';\nexport const k: PlanStep | null = null;\nexport const isTask = (kind: PlanStep['kind']) => taskKinds.has(kind);\nimport { proxyActivities } from '@temporalio/workflow';\nexport const a = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });\n",
};

const script = `
const { ESLint } = require('eslint');
(async () => {
  const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
  const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const out = {};
  for (const [name, code] of Object.entries(probes)) {
    const [result] = await eslint.lintText(code, { filePath: ${JSON.stringify(root)} + '/workflows/sandbox-probe.ts' });
    out[name] = result.messages.map((m) => m.ruleId + ': ' + m.message);
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

describe('workflow sandbox lint', () => {
  let messages: Record<string, string[]>;

  beforeAll(() => {
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, input: JSON.stringify(probes), encoding: 'utf8' });
    messages = JSON.parse(output);
  });

  it.each([
    ['nodeFs', 'no Node built-ins'],
    ['crypto', 'no Node built-ins'],
    ['nodemailer', 'no I/O'],
    ['ical', 'no I/O'],
    ['prismaAdapter', 'no I/O'],
    ['infra', 'no I/O'],
    ['activitiesValue', 'types only'],
    ['activityModule', 'types only'],
    ['zodPlan', 'Keep zod out of the workflow bundle'],
    ['zod', 'Keep zod out of the workflow bundle'],
  ])('refuses the %s import', (probe, reason) => {
    expect(messages[probe]!.join('\n')).toContain(reason);
  });

  it('refuses every domain module that loads zod, directly or through another', () => {
    expect(zodImporters).toEqual(expect.arrayContaining(['plan', 'zod', 'step-changes', 'territory-input']));
    for (const probe of [...zodImporters.map((name) => `domain-${name}`), 'zodThroughPlan']) {
      expect([probe, messages[probe]!.join('\n')]).toEqual([probe, expect.stringContaining('Keep zod out of the workflow bundle')]);
    }
  });

  it('allows activities imported as types and the workflow API', () => {
    expect(messages.allowed).toEqual([]);
  });
});
