"""What binds a logger to a run: environment variables the platform sets, or explicit values."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import Mapping, Optional

ENV = {
    "url": "RUNLENS_URL",
    "token": "RUNLENS_INGEST_TOKEN",
    "run_id": "RUNLENS_RUN_ID",
    "script": "RUNLENS_SCRIPT",
    "function": "RUNLENS_FUNCTION",
    "deployment_id": "RUNLENS_DEPLOYMENT_ID",
    "source": "RUNLENS_SOURCE",
    "source_type": "RUNLENS_SOURCE_TYPE",
    # The W3C name for carrying trace context in the environment.
    "traceparent": "TRACEPARENT",
}


@dataclass(frozen=True)
class RunBinding:
    url: Optional[str] = None
    token: Optional[str] = None
    run_id: Optional[str] = None
    script: Optional[str] = None
    function: Optional[str] = None
    deployment_id: Optional[int] = None
    source: Optional[str] = None
    source_type: Optional[str] = None
    traceparent: Optional[str] = None

    def with_run(self, run_id: Optional[str], deployment_id: Optional[int]) -> "RunBinding":
        return replace(self, run_id=run_id, deployment_id=deployment_id)


_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    span_id: str
    trace_flags: int


def parse_traceparent(value: Optional[str]) -> Optional[TraceContext]:
    """The trace context inside a traceparent; None when malformed or all zeros."""
    m = _TRACEPARENT.match(value.strip().lower()) if value else None
    if not m or set(m.group(1)) == {"0"} or set(m.group(2)) == {"0"}:
        return None
    return TraceContext(m.group(1), m.group(2), int(m.group(3), 16))


def resolve_binding(env: Optional[Mapping[str, str]] = None, **explicit) -> RunBinding:
    """Explicit values over the environment's."""
    env = os.environ if env is None else env
    values = {k: explicit.get(k) if explicit.get(k) is not None else env.get(name) for k, name in ENV.items()}
    try:
        deployment = int(values["deployment_id"]) if values["deployment_id"] is not None else None
    except (TypeError, ValueError):
        deployment = None
    values["deployment_id"] = deployment if deployment and deployment > 0 else None
    if values["source_type"] not in ("api", "tool"):
        values["source_type"] = None
    if values["url"]:
        values["url"] = values["url"].rstrip("/")
    return RunBinding(**values)
