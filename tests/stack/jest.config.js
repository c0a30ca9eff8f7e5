// Stack wiring tests: dashboards, provisioning, the compose file, the alert rule on the real
// Elasticsearch (scripts/es.sh) and the demo generator through the real backend.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: require('../../contract/jest-source'),
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testTimeout: 120000,
  verbose: true,
  // fetch keeps idle keep-alive sockets to the stopped test backends open for a few seconds.
  forceExit: true,
};
