// For every Jest config whose tests run the OTel exporters (the SDK, the backend's OTLP tests,
// the demo generator): they load node:http with import(), which Jest's module sandbox cannot
// run without --experimental-vm-modules, so that package is compiled to require() for tests.
module.exports = {
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    '@opentelemetry/otlp-exporter-base/.+\\.cjs$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@opentelemetry/otlp-exporter-base/)'],
};
