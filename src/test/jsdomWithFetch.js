// jsdom (what the plugin's jest setup expects) plus Node's own fetch, for suites that talk to a
// real RunLens backend over HTTP. Usage: a `@jest-environment ./src/test/jsdomWithFetch.js` docblock.
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, {
      fetch,
      Request,
      Response,
      Headers,
      AbortController,
      AbortSignal,
      TextDecoder,
      TextEncoder,
      ReadableStream,
    });
  }
}

module.exports = JsdomWithFetch;
