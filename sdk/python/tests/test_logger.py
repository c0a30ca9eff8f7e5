"""The Python logger SDK, and the official Python OTLP exporter alone, against the real backend.

run_tests.py starts the backend and sets RUNLENS_TEST_* for these tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from opentelemetry._logs import SeverityNumber
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import Resource

from runlens_logger import ENV, create_logger

URL = os.environ["RUNLENS_TEST_URL"]
ES = os.environ["RUNLENS_TEST_ES"]
PREFIX = os.environ["RUNLENS_TEST_PREFIX"]
TOKEN = os.environ["RUNLENS_TEST_TOKEN"]
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE}-00f067aa0ba902b7-01"
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def setUpModule():
    res = requests.post(f"{URL}/api/v1/scripts/billing/deployments", headers=AUTH, timeout=10)
    assert res.status_code == 201, res.text


def start_run(run_id: str) -> None:
    res = requests.post(
        f"{URL}/api/v1/runs",
        json={"run_id": run_id, "script": "billing", "function": "charge", "source_type": "api", "source": "checkout"},
        headers=AUTH,
        timeout=10,
    )
    assert res.status_code in (200, 201), res.text


def logs_of(run_id: str) -> list:
    requests.post(f"{ES}/{PREFIX}-logs-*/_refresh?allow_no_indices=true", timeout=10)
    res = requests.post(
        f"{ES}/{PREFIX}-logs-*/_search?allow_no_indices=true",
        json={"query": {"term": {"run_id": run_id}}, "sort": [{"timestamp": "asc"}, {"seq": "asc"}], "size": 200},
        timeout=10,
    )
    return [h["_source"] for h in res.json()["hits"]["hits"]]


def eventually(check, timeout_s: float = 15.0):
    deadline = time.time() + timeout_s
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.1)


def env_for(run_id: str) -> dict:
    return {
        "PATH": os.environ["PATH"],
        ENV["url"]: URL,
        ENV["token"]: TOKEN,
        ENV["run_id"]: run_id,
        ENV["script"]: "billing",
        ENV["function"]: "charge",
        ENV["deployment_id"]: "1",
        ENV["source"]: "checkout",
        ENV["source_type"]: "api",
        ENV["traceparent"]: TRACEPARENT,
    }


class Server:
    """A throwaway HTTP server answering with `handler(path, headers, body) -> (status, headers, body)`."""

    def __init__(self, handler):
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                status, headers, payload = handler(self.path, self.headers, body)
                if status is None:  # hold the request: never answer
                    outer.held.wait(30)
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.held = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.held.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class OfficialExporterTest(unittest.TestCase):
    def test_python_otlp_exporter_as_client(self):
        """opentelemetry-exporter-otlp-proto-http on its own: protobuf into POST /v1/logs."""
        start_run("py-otel-1")
        provider = LoggerProvider(resource=Resource.create({"service.name": "billing", "host.name": "worker-3"}), shutdown_on_exit=False)
        provider.add_log_record_processor(
            BatchLogRecordProcessor(OTLPLogExporter(endpoint=f"{URL}/v1/logs", headers=AUTH), schedule_delay_millis=50)
        )
        logger = provider.get_logger("py-script", "2.0")
        for n, sev in enumerate([SeverityNumber.DEBUG, SeverityNumber.INFO, SeverityNumber.WARN, SeverityNumber.FATAL]):
            logger.emit(severity_number=sev, body=f"py line {n}", attributes={"run_id": "py-otel-1", "n": n})
        self.assertTrue(provider.force_flush(10_000))
        provider.shutdown()
        rows = logs_of("py-otel-1")
        self.assertEqual([(r["level"], r["message"]) for r in rows], [
            ("debug", "py line 0"), ("info", "py line 1"), ("warning", "py line 2"), ("error", "py line 3"),
        ])
        self.assertEqual(rows[0]["script"], "billing")
        self.assertEqual(rows[0]["function"], "charge")
        self.assertEqual(rows[0]["attributes"]["resource.host.name"], "worker-3")
        self.assertEqual(rows[0]["attributes"]["otel.scope.name"], "py-script")


class LoggerTest(unittest.TestCase):
    def test_levels_attributes_binding_trace_and_korelogger_line(self):
        start_run("py-sdk-1")
        printed = []
        log = create_logger(
            url=URL, token=TOKEN, run_id="py-sdk-1", script="billing", deployment_id=1, source="checkout",
            source_type="api", traceparent=TRACEPARENT, handle_exit=False, write=printed.append,
        )
        log.debug("d", step=1)
        log.info("i", step=2, ok=True)
        log.warning("w")
        log.error("e", code="E42")
        log.shutdown()
        self.assertEqual(vars(log.stats()), {"emitted": 4, "exported": 4, "failed": 0, "dropped": 0})
        rows = logs_of("py-sdk-1")
        self.assertEqual([(r["level"], r["message"]) for r in rows], [("debug", "d"), ("info", "i"), ("warning", "w"), ("error", "e")])
        r = rows[1]
        self.assertEqual(
            (r["script"], r["deployment_version"], r["source"], r["source_type"], r["trace_id"], r["span_id"], r["traceparent"]),
            ("billing", 1, "checkout", "api", TRACE, "00f067aa0ba902b7", TRACEPARENT),
        )
        self.assertEqual(r["attributes"]["step"], 2)
        self.assertIs(r["attributes"]["ok"], True)

        span = json.loads(printed[3])
        self.assertEqual(span["attributes"]["log.level"], "error")
        self.assertEqual(span["attributes"]["code"], "E42")
        self.assertEqual(span["context"]["trace_id"], f"0x{TRACE}")
        self.assertEqual(span["log_id"], rows[3]["log_id"])
        # The same lines through standard capture: stored once.
        res = requests.post(
            f"{URL}/api/v1/logs", data="\n".join(printed), headers={**AUTH, "Content-Type": "application/x-ndjson"}, timeout=10
        )
        self.assertEqual(res.status_code, 200, res.text)
        self.assertEqual(len(logs_of("py-sdk-1")), 4)

    def test_retries_503_after_retry_after(self):
        start_run("py-sdk-2")
        seen = []

        def handler(path, headers, body):
            seen.append(time.time())
            if len(seen) == 1:
                return 503, {"Retry-After": "1", "Content-Type": "application/json"}, b'{"code":14}'
            r = requests.post(URL + path, data=body, headers={"Authorization": headers["Authorization"], "Content-Type": headers["Content-Type"]}, timeout=10)
            return r.status_code, {"Content-Type": r.headers["Content-Type"]}, r.content

        proxy = Server(handler)
        try:
            log = create_logger(url=proxy.url, token=TOKEN, run_id="py-sdk-2", stdout=False, handle_exit=False)
            log.info("after a retry")
            log.flush(15)
            self.assertEqual((log.stats().exported, log.stats().failed), (1, 0))
            self.assertEqual(len(seen), 2)
            # Retry-After honoured (a lower bound only: the exporter's own backoff is about 1 s too).
            self.assertGreaterEqual(seen[1] - seen[0], 0.9)
            self.assertEqual([r["message"] for r in logs_of("py-sdk-2")], ["after a retry"])
            log.shutdown()
        finally:
            proxy.close()

    def test_bounded_queue_counts_drops_and_never_raises_or_blocks(self):
        stuck = Server(lambda *_: (None, {}, b""))
        try:
            log = create_logger(url=stuck.url, token=TOKEN, run_id="py-sdk-3", stdout=False, handle_exit=False, max_queue_size=10)
            for i in range(50):
                log.info(f"line {i}")
            stats = log.stats()
            self.assertEqual((stats.emitted, stats.dropped), (10, 40))
            log.info(object(), weird=object())  # not a string: still no exception
            log.flush(0.2)  # returns although the backend never answers
            self.assertEqual(log.stats().exported, 0)
        finally:
            stuck.close()


def run_fixture(name: str, arg: str, env: dict) -> subprocess.CompletedProcess:
    cmd = [sys.executable, os.path.join(FIXTURES, name), arg]
    if arg != "sigterm":
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr.readline().strip() == "READY"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


class ScriptProcessTest(unittest.TestCase):
    def test_flushes_on_normal_exit(self):
        start_run("py-exit-1")
        r = run_fixture("exit_script.py", "normal", env_for("py-exit-1"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([json.loads(l)["attributes"]["log.message"] for l in r.stdout.splitlines()], ["started in normal mode", "about to end"])
        self.assertEqual([l["message"] for l in logs_of("py-exit-1")], ["started in normal mode", "about to end"])

    def test_flushes_on_uncaught_error_and_records_it(self):
        start_run("py-exit-2")
        r = run_fixture("exit_script.py", "raise", env_for("py-exit-2"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("boom from the script", r.stderr)
        rows = logs_of("py-exit-2")
        self.assertEqual([(l["level"], l["message"]) for l in rows], [
            ("info", "started in raise mode"), ("warning", "about to end"), ("error", "uncaught error: boom from the script"),
        ])
        self.assertEqual(rows[2]["attributes"]["exception.type"], "RuntimeError")

    def test_flushes_on_sigterm_and_dies_of_it(self):
        start_run("py-exit-3")
        r = run_fixture("exit_script.py", "sigterm", env_for("py-exit-3"))
        self.assertEqual(r.returncode, -signal.SIGTERM)
        self.assertEqual(len(eventually(lambda: len(logs_of("py-exit-3")) == 2 and logs_of("py-exit-3"))), 2)


class RunWrapperTest(unittest.TestCase):
    def check(self, mode: str, status: str):
        run_id = f"py-wrap-{mode}"
        r = run_fixture("run_script.py", mode, env_for(run_id))
        self.assertEqual(r.returncode, 0, r.stderr)
        result = json.loads(r.stderr.split("RESULT ", 1)[1])
        self.assertEqual((result["run_id"], result["status"]), (run_id, status))
        requests.post(f"{ES}/{PREFIX}-runs-*/_refresh?allow_no_indices=true", timeout=10)
        rec = requests.get(f"{URL}/api/v1/runs/{run_id}", headers={"Authorization": "Bearer test-read-token-00000000000001"}, timeout=10)
        self.assertEqual(rec.status_code, 200, rec.text)
        run = rec.json()["run"]
        self.assertEqual((run["status"], run["script"], run["deployment_version"], run["trace_id"]), (status, "billing", 1, TRACE))
        self.assertEqual(run["input"], {"order": 7})
        if status == "success":
            self.assertGreaterEqual(run["response_time_ms"], 20)
            self.assertEqual(run["output"], {"charged": True})
        else:
            self.assertIn("card declined", run["error"])
        rows = logs_of(run_id)
        self.assertEqual(
            sorted((l["level"], l["message"]) for l in rows),
            [("info", "structured record"), ("stderr", "plain stderr line"), ("stdout", "plain stdout line")],
        )

    def test_success(self):
        self.check("success", "success")

    def test_failure(self):
        self.check("fail", "failed")


if __name__ == "__main__":
    unittest.main()
