"""Runs the Python SDK's tests against a real backend over the real Elasticsearch.

Starts the backend (tsx backend/src/server.ts) on a free port with its own index prefix, runs
the unittest suite, removes the prefix's indices, prints "N passed, N failed" and, with
--json FILE, writes the counts where scripts/test.sh sums every suite's results.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
INGEST = "test-ingest-token-0000000001"
READ = "test-read-token-00000000000001"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str) -> None:
    try:
        urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10).read()
    except Exception:  # noqa: BLE001 - cleanup is best effort
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    args = parser.parse_args()

    es = os.environ.get("ES_URL", "http://127.0.0.1:9200")
    prefix = f"pysdk-{os.getpid()}-{int(time.time())}"
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "ES_URL": es,
        "ES_INDEX_PREFIX": prefix,
        "RUNLENS_INGEST_TOKENS": INGEST,
        "RUNLENS_READ_TOKENS": READ,
        "LOG_LEVEL": "warn",
    }
    backend = subprocess.Popen(
        [os.path.join(REPO, "node_modules", ".bin", "tsx"), os.path.join(REPO, "backend", "src", "server.ts")],
        env=env,
        cwd=REPO,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/readyz", timeout=2).read()
                break
            except Exception:  # noqa: BLE001
                if backend.poll() is not None:
                    print("backend exited before it was ready", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        os.environ.update(
            RUNLENS_TEST_URL=url, RUNLENS_TEST_ES=es, RUNLENS_TEST_PREFIX=prefix, RUNLENS_TEST_TOKEN=INGEST
        )
        suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    finally:
        backend.terminate()
        backend.wait(timeout=20)
        http("DELETE", f"{es}/{prefix}-*?allow_no_indices=true&ignore_unavailable=true")
        http("DELETE", f"{es}/_index_template/{prefix}-*")

    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"python sdk: {passed} passed, {failed} failed")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"numPassedTests": passed, "numFailedTests": failed}, f)
    return 0 if failed == 0 and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
