// ESLint for the whole workspace: typescript-eslint's recommended rules for the TypeScript,
// browser globals for the UI's scripts; formatting is Prettier's (eslint-config-prettier turns
// ESLint's stylistic rules off so the two never disagree).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.data/**',
      'bench/fidelity/corpus/**',
      'fixtures/**',
      '**/*.d.ts',
      'drizzle/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are the way to say "deliberately unused" (destructuring to omit a key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['apps/web/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    // Workers are classic scripts (a worker has no import map): a worker's globals, no imports.
    files: ['apps/web/public/**/*-worker.js'],
    languageOptions: { globals: { ...globals.worker }, sourceType: 'script' },
  },
  prettier,
)
