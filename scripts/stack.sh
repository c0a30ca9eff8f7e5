#!/usr/bin/env bash
# The RunLens stack without Docker: the Grafana plugin built into dist/ (when it is not there),
# the repo's Elasticsearch (scripts/es.sh), the backend (npm start) and the demo generator, in
# one command. Ctrl-C stops what this script started.
#   npm run stack [-- demo generator flags, e.g. --live-rate 30 --no-backfill]
# Ports and tokens come from .env (the same file docker compose reads); the environment wins.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# .env: KEY=VALUE lines; variables already set in the environment are kept.
if [ -f .env ]; then
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    [ -n "${!key+x}" ] || export "$key=$value"
  done < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' .env)
fi
ES_PORT="${ES_PORT:-9200}"
BACKEND_PORT="${BACKEND_PORT:-8080}"
: "${RUNLENS_INGEST_TOKEN:?set RUNLENS_INGEST_TOKEN in .env}"
: "${RUNLENS_READ_TOKEN:?set RUNLENS_READ_TOKEN in .env}"
LOG_DIR="${STACK_LOG_DIR:-$ROOT/.stack-logs}"
mkdir -p "$LOG_DIR"

say() { printf 'stack: %s\n' "$*" >&2; }

started_es=0
backend_pid=""
demo_pid=""
tail_pid=""
stopping=0

stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  say "stopping"
  [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null || true
  # Each child runs in its own process group (setsid): signal the group, so npm's children go too.
  for pid in $demo_pid $backend_pid; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in $demo_pid $backend_pid; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ "$started_es" = 1 ]; then
    bash scripts/es.sh stop || true
  else
    say "Elasticsearch was already running before: left running"
  fi
  say "stopped"
}
trap 'stop_all; exit 130' INT TERM
trap 'stop_all' EXIT

# 0. The Grafana plugin: a Grafana is pointed at dist/, so build it when it is not there.
if [ -f dist/module.js ] && [ -f dist/plugin.json ]; then
  say "Grafana plugin: dist/ is there (npm run build rebuilds it)"
else
  say "Grafana plugin: dist/ is missing, building it (npm run build), log: $LOG_DIR/build.log"
  if ! npm run build >"$LOG_DIR/build.log" 2>&1; then
    say "the plugin build failed; last lines of its log:"; tail -n 30 "$LOG_DIR/build.log" >&2; exit 1
  fi
fi

# 1. Elasticsearch
if ES_PORT="$ES_PORT" bash scripts/es.sh status >/dev/null 2>&1; then
  say "Elasticsearch already up on 127.0.0.1:$ES_PORT"
else
  ES_PORT="$ES_PORT" bash scripts/es.sh start
  started_es=1
fi

# 2. Backend
if curl -fsS "http://127.0.0.1:$BACKEND_PORT/healthz" >/dev/null 2>&1; then
  say "port $BACKEND_PORT already answers: stop that process or set BACKEND_PORT"; exit 1
fi
# STACK_BACKEND_CMD overrides the command, e.g. "npm run dev -w backend" (watch mode).
read -r -a backend_cmd <<<"${STACK_BACKEND_CMD:-npm start}"
say "starting the backend (${backend_cmd[*]}), log: $LOG_DIR/backend.log"
PORT="$BACKEND_PORT" HOST=127.0.0.1 ES_URL="http://127.0.0.1:$ES_PORT" \
  RUNLENS_INGEST_TOKENS="$RUNLENS_INGEST_TOKEN" RUNLENS_READ_TOKENS="$RUNLENS_READ_TOKEN" \
  setsid "${backend_cmd[@]}" >"$LOG_DIR/backend.log" 2>&1 &
backend_pid=$!
for i in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$BACKEND_PORT/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$backend_pid" 2>/dev/null; then
    say "the backend exited; last lines of its log:"; tail -n 30 "$LOG_DIR/backend.log" >&2; exit 1
  fi
  [ "$i" = 180 ] && { say "the backend did not become ready; see $LOG_DIR/backend.log"; exit 1; }
  sleep 1
done

# 3. Demo generator
say "starting the demo generator, log: $LOG_DIR/demo.log"
RUNLENS_URL="http://127.0.0.1:$BACKEND_PORT" RUNLENS_INGEST_TOKEN="$RUNLENS_INGEST_TOKEN" RUNLENS_READ_TOKEN="$RUNLENS_READ_TOKEN" \
  setsid node_modules/.bin/tsx demo/src/main.ts "$@" >"$LOG_DIR/demo.log" 2>&1 &
demo_pid=$!

cat >&2 <<EOF

RunLens stack is up
  Grafana plugin  $ROOT/dist
  Elasticsearch   http://127.0.0.1:$ES_PORT
  Backend API     http://127.0.0.1:$BACKEND_PORT   (GET /readyz, /metrics; read token in .env)
  Demo generator  backfilling a week, then live runs   (log: $LOG_DIR/demo.log)
  Grafana         not part of the Docker-free stack: point a Grafana 12 at dist/ and provisioning/
                  (RUNLENS_BACKEND_URL=http://127.0.0.1:$BACKEND_PORT), or run docker compose up

Ctrl-C stops the demo generator, the backend$( [ "$started_es" = 1 ] && echo " and Elasticsearch").
EOF

# Follow the demo's progress until Ctrl-C; the backend keeps serving after a demo that ends.
tail -n +1 -F "$LOG_DIR/demo.log" 2>/dev/null &
tail_pid=$!
demo_done=0
while kill -0 "$backend_pid" 2>/dev/null; do
  if [ "$demo_done" = 0 ] && ! kill -0 "$demo_pid" 2>/dev/null; then
    demo_done=1
    if wait "$demo_pid"; then say "the demo generator finished; the backend keeps running (Ctrl-C to stop)"
    else say "the demo generator failed; see $LOG_DIR/demo.log (the backend keeps running)"; fi
  fi
  sleep 1
done
say "the backend stopped; last lines of its log:"; tail -n 20 "$LOG_DIR/backend.log" >&2
exit 1
