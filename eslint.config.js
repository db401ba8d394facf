// Layer rules (DESIGN.md): the engine is pure; the renderer never reaches into Node or Electron.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'zlib', 'child_process', 'stream', 'stream/*', 'http', 'https', 'net', 'worker_threads', 'crypto', 'url', 'util', 'events'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'out/**', 'test-results/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['analyzers/**/*.ts'],
    ignores: ['analyzers/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'analyzers/ is pure TypeScript: Node-specific code goes in analyzers/node/.' },
          { group: ['electron', 'react', 'react-dom', 'react/*'], message: 'analyzers/ must not import UI or Electron code.' },
          { group: ['**/node/*', '**/renderer/**', '**/electron/**'], message: 'analyzers/ must not import analyzers/node, renderer or electron.' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'window', 'document'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Times come from the bundle, never from the clock.' }],
    },
  },
  {
    // The finding vocabulary is the model layer's; the report layer only renders. Producers (analyzers,
    // signatures, proxy and status checks) and the correlator never import report/. The pipeline, which
    // assembles the report, and compare/, diff/ and fleet/, which read finished ones, may.
    files: ['analyzers/**/*.ts'],
    ignores: ['analyzers/node/**', 'analyzers/report/**', 'analyzers/pipeline/**', 'analyzers/compare/**', 'analyzers/contract/**', 'analyzers/diff/**', 'analyzers/fleet/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'analyzers/ is pure TypeScript: Node-specific code goes in analyzers/node/.' },
          { group: ['electron', 'react', 'react-dom', 'react/*'], message: 'analyzers/ must not import UI or Electron code.' },
          { group: ['**/node/*', '**/renderer/**', '**/electron/**'], message: 'analyzers/ must not import analyzers/node, renderer or electron.' },
          { group: ['**/report/*'], message: 'The report layer only renders: import the finding vocabulary from model/ (finding.ts, diagnosis.ts, ids.ts).' },
        ],
      }],
    },
  },
  {
    // The Backend contract lives in analyzers/contract/; nothing outside the renderer imports the renderer
    // (but the renderer's own unit tests, test/renderer/, which test its pure helpers).
    files: ['analyzers/node/**/*.ts', 'electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['test/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**'], message: 'Import the UI/host contract from analyzers/contract/backend.ts, not from renderer/.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer runs in a browser sandbox: no Node imports.' },
          { group: ['electron'], message: 'The renderer talks to the shell only through the Backend interface.' },
          { group: ['**/analyzers/node/**'], message: 'The renderer must not import analyzers/node.' },
        ],
      }],
    },
  },
);
