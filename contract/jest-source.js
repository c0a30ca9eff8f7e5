// Jest resolves `@runlens/contract` to its TypeScript source, so the suites never run a stale
// build (the package's `dist/` is only for the compiled backend). Used by every jest config.
const path = require('path');

const src = path.join(__dirname, 'src');

module.exports = {
  '^@runlens/contract$': path.join(src, 'index.ts'),
  '^@runlens/contract/(.*)$': `${src}/$1`,
};
