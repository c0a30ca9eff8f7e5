#!/usr/bin/env bash
# The whole test suite: starts the repo's Elasticsearch if none is up, then type checks,
# lints, builds the plugin, and runs the backend (against that real server), plugin and stack tests.
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
npm run test:backend
npm run test:plugin
npm run test:stack
