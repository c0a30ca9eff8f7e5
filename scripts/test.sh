#!/usr/bin/env bash
# The whole test suite: starts the repo's Elasticsearch if none is up, then type checks,
# lints, builds the plugin, and runs the backend (against that real server), SDK, plugin and stack tests.
set -euo pipefail
cd "$(dirname "$0")/.."

started_es=0
if ! bash scripts/es.sh status >/dev/null 2>&1; then
  bash scripts/es.sh start
  started_es=1
fi
cleanup() { [ "$started_es" = 1 ] && bash scripts/es.sh stop || true; }
trap cleanup EXIT

npm run typecheck
npm run lint
npm run build
# Each Jest run also writes its results, summed up in one closing line at the end.
results="$(mktemp -d)"
npm run test:backend -- --json --outputFile="$results/backend.json"
npm run test:sdk -- --json --outputFile="$results/sdk.json"
bash scripts/python-sdk.sh --json "$results/python.json"
npm run test:plugin -- --json --outputFile="$results/plugin.json"
npm run test:stack -- --json --outputFile="$results/stack.json"
node -e '
  const fs = require("fs"), path = require("path"), dir = process.argv[1];
  const runs = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' "$results"
