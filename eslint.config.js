import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import rules between contexts (docs/architecture.md, "Import rules"). Core
// `no-restricted-imports` matches the import string, so a rule names both the `@hub/...` alias
// and the relative path. In flat config a later block replaces an earlier block's options for
// the same rule, so every folder gets its whole list in exactly one block below.
const FRAMEWORKS = {
  group: [
    '@nestjs/*',
    'aedes*',
    'mqtt*',
    'graphql*',
    'better-sqlite3',
    'pg',
    '@eventstore/*',
    '@apollo/*',
  ],
  message: 'this library is framework-free: no Nest, broker, driver or GraphQL import.',
};
const NO_HUB_LIBS_BUT_CONTRACTS = {
  group: ['@hub/*', '!@hub/contracts'],
  message:
    'libs/privacy is framework-free: pass data, keys and the clock in (only @hub/contracts).',
};
const CONTRACTS_ONLY_OWN_FILES = [
  { regex: '^[^.]', message: 'libs/contracts imports no package, framework or other lib.' },
  { regex: '^\\.\\./\\.\\./', message: 'libs/contracts imports only its own files.' },
];
const NO_INGEST = {
  regex: '^@hub/ingest$|(^|/)ingest/src/',
  message:
    'only the hub wires ingest to other contexts: use @hub/contracts or a port this context declares.',
};
const NO_APPS = {
  regex: '(^|/)apps/',
  message: 'a library does not import an app: the app imports the library.',
};
const NO_SIMULATORS = {
  regex: '(^|/)simulators/',
  message: 'a library does not import the simulators: declare a port and let the hub bind it.',
};
const NO_HUB_APP = {
  regex: '(^|/)hub/src/',
  message:
    'hubctl does not import apps/hub: it talks to the hub over GraphQL or opens the data dir.',
};

/** Which imports each folder refuses. Specs may use the simulators' generators as test data. */
const BOUNDARIES = [
  ['libs/contracts', [...CONTRACTS_ONLY_OWN_FILES]],
  ['libs/privacy', [FRAMEWORKS, NO_HUB_LIBS_BUT_CONTRACTS, NO_APPS, NO_SIMULATORS]],
  ['libs/feeds', [NO_INGEST, NO_APPS, NO_SIMULATORS]],
  ['libs/access', [NO_INGEST, NO_APPS, NO_SIMULATORS]],
  ['libs/governance', [NO_INGEST, NO_APPS, NO_SIMULATORS]],
  ['libs/registry', [NO_INGEST, NO_APPS, NO_SIMULATORS]],
  ['libs/ingest', [NO_APPS, NO_SIMULATORS]],
  ['libs/event-store', [NO_APPS, NO_SIMULATORS]],
  ['libs/config', [NO_APPS, NO_SIMULATORS]],
  ['libs/ops', [NO_APPS, NO_SIMULATORS]],
  ['apps/hubctl', [NO_HUB_APP]],
];

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const contextBoundaries = BOUNDARIES.flatMap(([folder, patterns]) => [
  {
    files: [`${folder}/src/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: restrict(patterns),
  },
  {
    files: [`${folder}/src/**/*.spec.ts`, `${folder}/test/**/*.ts`],
    rules: restrict(patterns.filter((p) => p !== NO_SIMULATORS)),
  },
]);

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
  ...contextBoundaries,
  {
    // Settings are read in one place: the hub's in libs/config, the harness's switches (tests,
    // benchmarks, tools) in tools/processes/harness-env.ts.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['libs/config/src/**', 'tools/processes/harness-env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            "read settings in one place: the hub's in libs/config, a test or benchmark switch in tools/processes/harness-env.ts",
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
              group: ['node:*', '@hub/*', '!@hub/contracts', '@nestjs/*'],
              message:
                'apps/console runs in the browser and talks to the hub over GraphQL only (and shares @hub/contracts).',
            },
          ],
        },
      ],
    },
  },
);
