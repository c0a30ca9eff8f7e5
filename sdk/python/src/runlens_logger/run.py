"""The run wrapper: one function call as one RunLens run."""

from __future__ import annotations

import io
import json
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, List, Optional

import requests

from . import exit_hooks
from .config import parse_traceparent, resolve_binding
from .logger import RunLogger

BATCH_LINES = 1000
ATTEMPTS = 5


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _retry_after(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def post_json(url: str, token: str, path: str, body: Any) -> Optional[dict]:
    """POST with retries on network errors, 429 and 5xx (honouring Retry-After); None on failure."""
    backoff = 0.2
    for attempt in range(ATTEMPTS):
        wait = backoff
        try:
            res = requests.post(
                url + path,
                data=json.dumps(body, default=str),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                timeout=10,
            )
            if res.ok:
                return res.json()
            if res.status_code != 429 and res.status_code < 500:
                sys.__stderr__.write(f"runlens: {path} answered {res.status_code}: {res.text}\n")
                return None
            wait = _retry_after(res.headers.get("Retry-After")) or backoff
        except requests.RequestException:
            pass
        if attempt + 1 < ATTEMPTS:
            time.sleep(min(wait, 5.0))
            backoff *= 2
    sys.__stderr__.write(f"runlens: {path} failed after {ATTEMPTS} attempts\n")
    return None


class _Tee(io.TextIOBase):
    """Writes through to the real stream and keeps each complete line."""

    def __init__(self, real, level: str, lines: List[dict], lock: threading.Lock):
        self._real, self._level, self._lines, self._lock = real, level, lines, lock
        self._partial = ""

    def write(self, s: str) -> int:
        try:
            with self._lock:
                parts = (self._partial + s).split("\n")
                self._partial = parts.pop()
                ts = _now()
                self._lines.extend({"level": self._level, "message": p, "timestamp": ts} for p in parts)
        except Exception:  # noqa: BLE001 - never break the script's output
            pass
        return self._real.write(s)

    def flush(self) -> None:
        self._real.flush()

    def drain(self) -> None:
        if self._partial:
            self._lines.append({"level": self._level, "message": self._partial, "timestamp": _now()})
            self._partial = ""


@dataclass
class RunResult:
    run_id: Optional[str]
    status: str
    output: Any = None
    error: Optional[str] = None
    response_time_ms: float = 0.0


def run_script(fn: Callable[[RunLogger], Any], *, input: Any = None, logger_options: Optional[dict] = None, **binding: Any) -> RunResult:
    """Runs ``fn(logger)`` as one run: starts it, captures stdout/stderr (sent as one batch at
    completion), gives ``fn`` a logger bound to the run (records sent live), and finishes the
    run with its status, response time and output or error. A raising ``fn`` makes a failed
    run; the result says so instead of raising."""
    b = resolve_binding(**binding)
    api = (b.url, b.token) if b.url and b.token else None
    run_id, deployment = b.run_id, b.deployment_id
    if api and b.script and b.function and b.source and b.source_type:
        trace = parse_traceparent(b.traceparent)
        started = post_json(
            *api,
            "/api/v1/runs",
            {
                k: v
                for k, v in {
                    "run_id": run_id,
                    "script": b.script,
                    "function": b.function,
                    "source": b.source,
                    "source_type": b.source_type,
                    "input": input,
                    "trace_id": trace.trace_id if trace else None,
                }.items()
                if v is not None
            },
        )
        if started:
            run_id = started["run"]["run_id"]
            deployment = started["run"].get("deployment_version") or deployment

    lines: List[dict] = []
    lock = threading.Lock()
    real_out, real_err = sys.stdout, sys.stderr
    out, err = _Tee(real_out, "stdout", lines, lock), _Tee(real_err, "stderr", lines, lock)
    logger = RunLogger(
        b.with_run(run_id, deployment),
        write=lambda line: (real_out.write(line + "\n"), real_out.flush()),
        **(logger_options or {}),
    )
    sys.stdout, sys.stderr = out, err
    t0 = time.perf_counter()
    finished = threading.Event()

    def finish(status: str, output: Any, error: Optional[str]) -> float:
        if finished.is_set():
            return 0.0
        finished.set()
        elapsed = round((time.perf_counter() - t0) * 1000, 3)
        sys.stdout, sys.stderr = real_out, real_err
        out.drain()
        err.drain()
        logger.flush()
        if api and run_id:
            for i in range(0, len(lines), BATCH_LINES):
                post_json(*api, "/api/v1/logs", [{"run_id": run_id, **line} for line in lines[i : i + BATCH_LINES]])
            body = {"status": status, "response_time_ms": elapsed, "output": output}
            if error is not None:
                body["error"] = error[:10_000]
            post_json(*api, f"/api/v1/runs/{requests.utils.quote(run_id, safe='')}/finish", body)
        logger.shutdown()
        return elapsed

    # Killed mid-run: the run still ends, failed, with what it printed.
    remove_task = exit_hooks.add_task(lambda reason: finish("failed", None, reason))
    try:
        result = RunResult(run_id, "success", output=fn(logger))
    except Exception:  # noqa: BLE001 - the run fails; the caller gets the result
        result = RunResult(run_id, "failed", error=traceback.format_exc())
    remove_task()
    result.response_time_ms = finish(result.status, result.output, result.error)
    return result
