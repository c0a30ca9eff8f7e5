#!/usr/bin/env bash
# Fetch, start and stop the official Elasticsearch distribution without Docker.
# The integ-test-zip from Maven Central is Elastic's own build with a minimal module set
# (no painless, ILM, analysis-common); RunLens's index design uses only what it has.
#   scripts/es.sh start | stop | status | fetch
#   scripts/es.sh cluster start | stop | status   a local three-node cluster (see cluster_start)
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.7}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# As root, Elasticsearch runs as an unprivileged user, which must reach its files: keep them
# outside the checkout (whose parent folders may be private to root).
if [ "$(id -u)" = 0 ]; then DEFAULT_BASE=/opt/runlens-es; else DEFAULT_BASE="$ROOT/.es"; fi
ES_HOME_BASE="${ES_HOME_BASE:-$DEFAULT_BASE}"
ES_HOME="$ES_HOME_BASE/elasticsearch-$ES_VERSION"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-1g}"
ES_DATA="${ES_DATA:-$ES_HOME_BASE/data}"
PID_FILE="$ES_HOME_BASE/es.pid"
ES_USER="${ES_USER:-elasticsearch}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ZIP="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"

fetch() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return
  if [ ! -f "$ZIP" ]; then
    echo "es: fetching $ARTIFACT through Maven" >&2
    mvn -q -B dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false
  fi
  mkdir -p "$ES_HOME_BASE"
  unzip -q -o "$ZIP" -d "$ES_HOME_BASE"
}

healthy() {
  curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

start() {
  if healthy; then echo "es: already up on 127.0.0.1:$ES_PORT" >&2; return; fi
  fetch
  mkdir -p "$ES_DATA" "$ES_HOME_BASE/logs"
  # 8.x runs on the machine's Java 17; ES_JAVA_HOME wins over the bundled-JDK lookup.
  export ES_JAVA_HOME="${ES_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
  export ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_EXTRA_JAVA_OPTS:-}"
  # Elasticsearch refuses to run as root: as root, run it as an unprivileged system user.
  local run_as=()
  if [ "$(id -u)" = 0 ]; then
    id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME_BASE"
    run_as=(setpriv --reuid="$ES_USER" --regid="$(id -g "$ES_USER")" --init-groups --)
  fi
  if ! "${run_as[@]}" env ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="$ES_JAVA_OPTS" \
    "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" \
    -E network.host=127.0.0.1 -E http.port="$ES_PORT" -E transport.port=0 \
    -E discovery.type=single-node -E cluster.name=runlens \
    -E path.data="$ES_DATA" -E path.logs="$ES_HOME_BASE/logs" \
    -E xpack.security.enabled=false -E xpack.ml.enabled=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false \
    >"$ES_HOME_BASE/logs/stdout.log" 2>&1; then
    echo "es: failed to start" >&2; tail -n 20 "$ES_HOME_BASE/logs/stdout.log" >&2; exit 1
  fi
  for _ in $(seq 1 120); do
    if healthy; then echo "es: up on http://127.0.0.1:$ES_PORT (Elasticsearch $ES_VERSION)" >&2; return; fi
    sleep 1
  done
  echo "es: did not become healthy; see $ES_HOME_BASE/logs" >&2
  tail -n 40 "$ES_HOME_BASE/logs/stdout.log" >&2 || true
  exit 1
}

stop() {
  [ -f "$PID_FILE" ] || { echo "es: not running" >&2; return; }
  pid="$(cat "$PID_FILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$PID_FILE"
  echo "es: stopped" >&2
}

# A local three-node cluster, for the scale-out bench and node-loss tests: one cluster name,
# HTTP on CLUSTER_HTTP_PORT..+2, transport on CLUSTER_TRANSPORT_PORT..+2, a data folder per
# node, each node seeded with the others' transport addresses. Every node holds data and may
# be master, so stopping any one keeps the cluster up (and, with one replica, every shard).
CLUSTER_NODES="${CLUSTER_NODES:-3}"
CLUSTER_HTTP_PORT="${CLUSTER_HTTP_PORT:-9270}"
CLUSTER_TRANSPORT_PORT="${CLUSTER_TRANSPORT_PORT:-9370}"
CLUSTER_HEAP="${CLUSTER_HEAP:-512m}"
CLUSTER_BASE="$ES_HOME_BASE/cluster"

cluster_healthy() {
  curl -fsS "http://127.0.0.1:$CLUSTER_HTTP_PORT/_cluster/health?wait_for_nodes=$CLUSTER_NODES&wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

# node_start N: starts node N (1-based) of the cluster; used by `cluster start` and to bring
# back a node stopped with `cluster stop-node N`.
node_start() {
  local n="$1" seeds="" masters="" i
  for i in $(seq 1 "$CLUSTER_NODES"); do
    seeds+="${seeds:+,}127.0.0.1:$((CLUSTER_TRANSPORT_PORT + i - 1))"
    masters+="${masters:+,}runlens-$i"
  done
  local dir="$CLUSTER_BASE/node-$n"
  mkdir -p "$dir/data" "$dir/logs"
  export ES_JAVA_HOME="${ES_JAVA_HOME:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
  local run_as=()
  if [ "$(id -u)" = 0 ]; then
    id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME_BASE"
    run_as=(setpriv --reuid="$ES_USER" --regid="$(id -g "$ES_USER")" --init-groups --)
  fi
  "${run_as[@]}" env ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="-Xms$CLUSTER_HEAP -Xmx$CLUSTER_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid" \
    -E node.name="runlens-$n" -E cluster.name=runlens-cluster \
    -E network.host=127.0.0.1 -E http.port="$((CLUSTER_HTTP_PORT + n - 1))" \
    -E transport.port="$((CLUSTER_TRANSPORT_PORT + n - 1))" \
    -E discovery.seed_hosts="$seeds" -E cluster.initial_master_nodes="$masters" \
    -E path.data="$dir/data" -E path.logs="$dir/logs" \
    -E xpack.security.enabled=false -E xpack.ml.enabled=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false \
    >"$dir/logs/stdout.log" 2>&1 || { echo "es: node $n failed to start" >&2; tail -n 20 "$dir/logs/stdout.log" >&2; exit 1; }
}

node_stop() {
  local pid_file="$CLUSTER_BASE/node-$1/es.pid" pid
  [ -f "$pid_file" ] || return 0
  pid="$(cat "$pid_file")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$pid_file"
}

cluster() {
  case "${1:-}" in
    start)
      if cluster_healthy; then echo "es: cluster already up on 127.0.0.1:$CLUSTER_HTTP_PORT" >&2; return; fi
      fetch
      for n in $(seq 1 "$CLUSTER_NODES"); do node_start "$n"; done
      for _ in $(seq 1 180); do
        if cluster_healthy; then
          echo "es: $CLUSTER_NODES-node cluster up on http://127.0.0.1:$CLUSTER_HTTP_PORT..$((CLUSTER_HTTP_PORT + CLUSTER_NODES - 1))" >&2
          return
        fi
        sleep 1
      done
      echo "es: cluster did not form; see $CLUSTER_BASE/node-*/logs" >&2; exit 1 ;;
    stop) for n in $(seq 1 "$CLUSTER_NODES"); do node_stop "$n"; done; echo "es: cluster stopped" >&2 ;;
    stop-node) node_stop "${2:?node number}" ;;
    start-node) node_start "${2:?node number}" ;;
    status) cluster_healthy && echo "up" || { echo "down"; exit 1; } ;;
    *) echo "usage: $0 cluster start|stop|status|stop-node N|start-node N" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  cluster) shift; cluster "$@" ;;
  start) start ;;
  stop) stop ;;
  status) healthy && echo "up" || { echo "down"; exit 1; } ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|status|fetch|cluster …" >&2; exit 2 ;;
esac
