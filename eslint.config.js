import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      '*.config.js',
      'jest.global-setup.js',
      // Plain-JS launchers that run before any build (scripts/ensure-built.js).
      'scripts/**',
      // Docs examples are plain JS for users; apps/hub/test/docs-examples.e2e.spec.ts runs them.
      'docs/examples/**',
      // The console's build configuration (plain JS, run by Vite).
      'apps/console/vite.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // The privacy core is plain TypeScript: no framework, broker, driver or GraphQL imports.
    files: ['libs/privacy/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'aedes*',
                'mqtt*',
                'graphql*',
                'better-sqlite3',
                '@eventstore/*',
                '@hub/*',
                '!@hub/contracts',
              ],
              message:
                'libs/privacy is framework-free: pass data, keys and the clock in (only @hub/contracts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The web console runs in the browser: its globals, not Node's (apps/console/tsconfig.json).
    files: ['apps/console/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        navigator: 'readonly',
        sessionStorage: 'readonly',
        localStorage: 'readonly',
        fetch: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '@hub/*', '@nestjs/*'],
              message: 'apps/console runs in the browser and talks to the hub over GraphQL only.',
            },
          ],
        },
      ],
    },
  },
);
