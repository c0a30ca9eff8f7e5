#!/usr/bin/env bash
# The whole test suite: starts the repo's Elasticsearch if none is up, then type checks,
# lints, builds the plugin, and runs the backend (against that real server), plugin, stack and
# browser tests (the built plugin in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

started_es=0
if ! bash scripts/es.sh status >/dev/null 2>&1; then
  bash scripts/es.sh start
  started_es=1
fi
# The backend's security and fault suites use a second Elasticsearch of their own (port 9230,
# security on); they start it when it is not up, and it is stopped here if it was not up before.
secure_es_was_up=0
if ES_PORT=9230 ES_SECURITY=1 bash scripts/es.sh status >/dev/null 2>&1; then secure_es_was_up=1; fi
cleanup() {
  if [ "$secure_es_was_up" = 0 ]; then ES_PORT=9230 ES_SECURITY=1 bash scripts/es.sh stop || true; fi
  if [ "$started_es" = 1 ]; then bash scripts/es.sh stop || true; fi
}
trap cleanup EXIT
# The one variable the test suites read for the shared Elasticsearch.
export RUNLENS_TEST_ES_URL="http://127.0.0.1:${ES_PORT:-9200}"

npm run typecheck
npm run lint
npm run build
# Each Jest run also writes its results, summed up in one closing line at the end.
results="$(mktemp -d)"
# Every suite runs even when an earlier one fails; the run fails at the end if any did.
failed=()
npm run test:backend -- --json --outputFile="$results/backend.json" || failed+=(backend)
npm run test:plugin -- --json --outputFile="$results/plugin.json" || failed+=(plugin)
npm run test:stack -- --json --outputFile="$results/stack.json" || failed+=(stack)
npm run test:browser -- --json --outputFile="$results/browser.json" || failed+=(browser)
node -e '
  const fs = require("fs"), path = require("path"), dir = process.argv[1];
  const runs = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' "$results"
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed suites: ${failed[*]}" >&2
  exit 1
fi
