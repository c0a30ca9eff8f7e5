// Backend tests run against a real Elasticsearch (scripts/es.sh); see test/setup.ts.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: require('../contract/jest-source'),
  ...require('../sdk/typescript/jest-otel'),
  testTimeout: 30000,
};
