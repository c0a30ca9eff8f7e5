// The record-panel demo's bundle config, for the export modal page next to this file.
const path = require('path');
const base = require('../record-panel-demo/webpack.config.js');

module.exports = {
  ...base,
  entry: path.join(__dirname, 'index.tsx'),
  output: { ...base.output, path: '/tmp/runlens-export-demo' },
};
