// @ts-check
// Lint rules that catch what review misses (STYLE.md habit 9) and keep the layers of DESIGN.md apart.
// Formatting is Prettier's job, so no stylistic rule lives here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** @param {string[]} dirs folder names under src/, matched at any depth of a relative import */
const folders = (dirs) => dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]);

/**
 * The same boundary for lazy `import('…')`, which no-restricted-imports does not see. `source` is a
 * regular expression over the module specifier; esquery allows no `/` inside it, so `\x2F` stands
 * for one (`\\x2F` in a JS string).
 * @param {string} source @param {string} message
 */
const noLazyImport = (source, message) => ['error', { selector: `ImportExpression > Literal[value=/${source}/]`, message }];

/** Node's file-system modules, closed to ui/. */
const fsModules = ['fs', 'fs/promises', 'node:fs', 'node:fs/promises'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'recordings/', '.cache/', '.venv/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // STYLE.md habit 9, named even where the preset has them, so they stay on if the preset changes.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // `typeof import('…')` stays allowed: it types a module that is loaded lazily (Ink, the keyring).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Passing on a caught `unknown` is fine; rejecting with a known non-Error is the bug this finds.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // An async method that fulfils a Promise-returning contract (Step.check, fakes in tests) may have
      // nothing to await; rewriting it as Promise.resolve() would turn its throws into synchronous ones.
      '@typescript-eslint/require-await': 'off',
      // `let x` assigned once, after closures that read it were made (ui/run.tsx `mounted`).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Hooks live only in the Ink UI. test/ and scripts/ have none: there `useEmulator` is a vitest
    // fixture, not a React hook, and rules-of-hooks would misread it.
    files: ['src/**/*.{ts,tsx}', 'test/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests read JSON output (JSON.parse returns `any`) and hand it straight to expect(), which is
    // the check; typing every parse would add casts that prove nothing.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain JS scripts are outside any tsconfig: syntax-level rules only.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.recommended],
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Every file, TypeScript or plain JS.
    rules: {
      // Matching terminal escape sequences is this app's daily work (keys, repaint, recordings).
      'no-control-regex': 'off',
      // tsconfig has no noUnused* checks, so this is the one that finds dead imports; `_name` marks a
      // deliberate gap (an unused parameter, a field left out of a rest copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // --- Layer boundaries (DESIGN.md "Architecture"): data flows cli → engine → steps, ui only renders.
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: fsModules.map((name) => ({ name, message: 'ui/ renders state; file access belongs to the engine or the keychain.' })),
          patterns: [
            { group: folders(['aws', 'keychain', 'sandbox']), message: 'ui/ never calls AWS, the keychain or the sandbox: take what you need from engine state or a host callback.' },
            { group: ['@aws-sdk/*'], message: 'ui/ never imports the AWS SDK.' },
          ],
        },
      ],
      'no-restricted-syntax': noLazyImport(
        '(^|\\x2F)(aws|keychain|sandbox)(\\x2F|$)|^@aws-sdk\\x2F|^(node:)?fs(\\x2Fpromises)?$',
        'ui/ never loads AWS, the keychain, the sandbox or fs, not even lazily.',
      ),
    },
  },
  {
    files: ['src/steps/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: folders(['ui']), message: 'A step never imports ui/: the engine drives steps and ui renders engine state.' }] }],
      'no-restricted-syntax': noLazyImport('(^|\\x2F)ui(\\x2F|$)', 'A step never loads ui/, not even lazily.'),
    },
  },
  {
    files: ['src/engine/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['react', 'ink'].map((name) => ({ name, message: 'engine/ is UI-free: it runs headless (audit, plan) and is tested without Ink.' })),
          patterns: [{ group: ['react/*', 'react-*', 'ink/*', 'ink-*'], message: 'engine/ is UI-free.' }],
        },
      ],
      'no-restricted-syntax': noLazyImport('^(react|ink)($|\\x2F|-)', 'engine/ is UI-free, even lazily.'),
    },
  },
);
