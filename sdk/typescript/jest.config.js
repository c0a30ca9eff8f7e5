// The SDK's tests run it against the real backend over the real Elasticsearch (scripts/es.sh).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The backend the tests start imports the contract workspace: from its source.
  moduleNameMapper: require('../../contract/jest-source'),
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    // The OTel exporter loads node:http with import(), which Jest's module sandbox cannot run
    // without --experimental-vm-modules: compiled to require() for the tests only.
    '@opentelemetry/otlp-exporter-base/.+\\.cjs$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
  testTimeout: 60000,
};
