import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
    // the CLI the hostile and secrets suites spawn is the built one: rebuild it when its sources changed
    globalSetup: ['test/setup/build-cli.ts'],
  },
});
