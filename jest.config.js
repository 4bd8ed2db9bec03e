// Jest runs the TypeScript sources as ESM through ts-jest, like GitHub's action template.
export default {
  clearMocks: true,
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  preset: 'ts-jest',
  reporters: ['default', '<rootDir>/scripts/plain-summary-reporter.cjs'],
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Anchored at the root: a checkout under a folder named bench (or dist) must still find its tests.
  testPathIgnorePatterns: ['<rootDir>/dist/', '/node_modules/', '<rootDir>/bench/'],
  testTimeout: 60000,
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: 'tsconfig.json', useESM: true, diagnostics: { ignoreCodes: [151001] } }
    ]
  },
  verbose: false
}
