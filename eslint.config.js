// ESLint: ESLint's and typescript-eslint's recommended rules, the latter with type information
// (projectService reads tsconfig.json). `npm run lint` runs it, then knip (knip.json).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.fixtures/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Indexed reads known to hit are marked with `!` (noUncheckedIndexedAccess's style); with
      // that option off, the rule calls every such `!` unnecessary.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // An async function without await is how code meets a Promise-returning contract
      // (ShellIntegration.render, withZip's callback) with its throws turned into rejections.
      '@typescript-eslint/require-await': 'off',
      // `const { NO_COLOR: _, ...env } = …` drops a key on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // A `let` read by a closure made before its one assignment (a signal handler installed
      // before the child it forwards to is spawned) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The checksum database's formats forbid control characters; the parsers reject them by regex.
    files: ['lib/sumdb/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Escaping control characters for the terminal, and the tests that look for them, match them by regex.
    files: ['lib/terminal-text.ts', 'test/terminal-text.test.ts', 'test/cli/output.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read gvx's JSON output and install records as JSON.parse's `any` and check them
      // field by field with assert: the wire format is what they test, not a TypeScript type.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript outside tsconfig.json: no type information, so no type-aware rules.
    files: ['**/*.{js,mjs}', 'bin/gvx'],
    extends: [js.configs.recommended],
    // The Node globals they use (the `globals` package would be a dependency for three names).
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    // bin/gvx is CommonJS (bin/package.json): Node starts it sooner than an ES module.
    files: ['bin/gvx'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
  },
);
