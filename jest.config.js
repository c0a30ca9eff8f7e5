// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // d3-color and friends ship .mjs files; the scaffold's transform only matches .js/.ts/.jsx/.tsx.
  transform: { '^.+\\.m?(t|j)sx?$': Object.values(base.transform)[0] },
  // The data source against the real backend (tests/plugin-backend) runs with the plugin suites.
  testMatch: [...base.testMatch, '<rootDir>/tests/plugin-backend/**/*.test.ts'],
  moduleNameMapper: { ...base.moduleNameMapper, ...require('./contract/jest-source') },
  // Editor tests drive Grafana's comboboxes; on a loaded 2-core machine one takes over 5 s.
  testTimeout: 30000,
};
