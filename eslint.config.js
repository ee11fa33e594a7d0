// ESLint for the whole workspace: typescript-eslint's recommended rules for the TypeScript,
// browser globals for the UI's scripts; formatting is Prettier's (eslint-config-prettier turns
// ESLint's stylistic rules off so the two never disagree).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.data/**',
      'bench/fidelity/corpus/**',
      'tap-snapshots/**',
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
    // The UI's modules run in the browser as they are (no build): TypeScript never sees them, so
    // an import of a file or a name that does not exist is caught here instead. Bare specifiers
    // resolve to apps/web's dependencies, which the page's import map serves (plugins/external/ui.ts).
    files: ['apps/web/public/**/*.js'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
    rules: {
      'import-x/no-unresolved': 'error',
      'import-x/named': 'error',
      'import-x/default': 'error',
      'import-x/export': 'error',
    },
  },
  {
    // Workers are classic scripts (a worker has no import map): a worker's globals, no imports.
    files: ['apps/web/public/**/*-worker.js'],
    languageOptions: { globals: { ...globals.worker }, sourceType: 'script' },
  },
  prettier,
)
