// The SDK's tests run it against the real backend over the real Elasticsearch (scripts/es.sh).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The backend the tests start imports the contract workspace: from its source.
  moduleNameMapper: require('../../contract/jest-source'),
  ...require('./jest-otel'),
  testTimeout: 60000,
};
