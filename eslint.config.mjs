// One lint setup for the repo. Its main job is the workflow sandbox: code under workflows/ must stay
// deterministic, so it may not import Node built-ins, I/O libraries or activity implementations
// (activities are imported as types only, through proxyActivities<Activities>).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** The domain modules that load zod, themselves or through another domain module: read from the code, so a new one is covered. */
export function zodBackedDomainModules(dir = path.join(import.meta.dirname, 'domain')) {
  const imports = new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f.slice(0, -3), [...readFileSync(path.join(dir, f), 'utf8').matchAll(/^import (?!type )[^;]*from '(?:\.\/([\w-]+)|(zod))'/gm)].map((m) => m[1] ?? 'zod package')]),
  );
  const backed = new Set(['zod package']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, deps] of imports) {
      if (backed.has(name) || !deps.some((d) => backed.has(d))) continue;
      backed.add(name);
      grew = true;
    }
  }
  backed.delete('zod package');
  return [...backed].sort();
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'generated/', 'coverage/', 'test-artifacts/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', console: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins (use an activity).' })),
            ...['nodemailer', 'ical-generator', 'pg', 'mailparser', 'express', '@temporalio/activity', '@temporalio/worker', '@temporalio/client'].map(
              (name) => ({ name, message: 'Workflows do no I/O: move this into an activity.' }),
            ),
          ],
          patterns: [
            { group: ['@prisma/*', '**/generated/**', '**/infra/**', 'nodemailer/*', 'ical-generator/*'], message: 'Workflows do no I/O: move this into an activity.' },
            { group: ['**/activities', '**/activities/*'], allowTypeImports: true, message: 'Import activities as types only: proxyActivities<Activities>().' },
            { group: ['**/templates/**', '**/api/**'], message: 'Workflows only decide and wait: rendering and HTTP belong elsewhere.' },
            {
              group: ['zod', 'zod/*', ...zodBackedDomainModules().map((name) => `**/domain/${name}`)],
              allowTypeImports: true,
              message: 'Keep zod out of the workflow bundle (each workflow instance evaluates its own copy, ~2 MB): import values from domain/vocabulary.',
            },
          ],
        },
      ],
    },
  },
);
