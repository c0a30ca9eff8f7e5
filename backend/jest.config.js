// Backend tests run against a real Elasticsearch (scripts/es.sh); see test/setup.ts.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: require('../contract/jest-source'),
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    // The OTel exporters load node:http with import(), which Jest's module sandbox cannot run
    // without --experimental-vm-modules: compiled to require() for the tests only.
    '@opentelemetry/otlp-exporter-base/.+\\.cjs$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
  testTimeout: 30000,
};
