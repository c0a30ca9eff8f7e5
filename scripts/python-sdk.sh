#!/usr/bin/env bash
# The Python logger SDK's tests: a venv (node_modules/.cache/runlens-python) with sdk/python
# installed from source and its OpenTelemetry dependencies from PyPI, then the unittest suite
# against a backend it starts over the running Elasticsearch. Flags pass on (--json FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=node_modules/.cache/runlens-python
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import runlens_logger' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check -e sdk/python
fi
exec "$venv/bin/python" sdk/python/tests/run_tests.py "$@"
