// The BUILT plugin (dist/) in headless Chromium inside a Grafana-like host page, against the real
// backend and Elasticsearch. Needs `npm run build` first and /usr/bin/chromium (CHROMIUM to override).
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.browser.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } }] },
  testTimeout: 120000,
  verbose: true,
  forceExit: true,
};
