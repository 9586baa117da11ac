// Jest runs in ESM mode (NestJS 12 is ESM-only; see docs/decisions/0001-nestjs-12-esm.md).
// Test tiers are named in the file: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/{apps,libs,simulators,tools}/**/*.spec.ts'],
  moduleNameMapper: {
    '^@hub/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/jest.global-setup.js',
  // Generous: e2e tests wait on real work (hub boots, child processes) that a busy machine slows;
  // a test that waits for something names it in its own, longer bound.
  testTimeout: 120000,
  maxWorkers: 2,
};
