// Two projects: fast isolated unit tests, and integration tests on the real stack (Temporal dev server,
// PostgreSQL, an SMTP server, Chromium). `npm test` runs both.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' },
  ],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 60,
    },
    {
      // Chromium (playwright-core) on the real stack: sign-in, coordinator pages, dashboard, partner page;
      // screenshots and accessibility checks (axe-core) go to test/artifacts/.
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 120,
    },
  ],
  testTimeout: 120_000,
  // One test file at a time: integration tests run workflows on compressed clocks (a day in 60 ms to
  // 1 s), and two of them fighting for these 2 cores make timers fire late enough to skip reminders.
  maxWorkers: 1,
};
