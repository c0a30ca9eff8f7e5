"""A record as one stdout line in the seed logger's span JSON (korelogger).

``POST /api/v1/logs`` accepts these lines as they are, so standard stdout capture still holds
every record; the shared ``log_id`` makes the backend store it once however it arrives.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Dict, Optional

from .config import RunBinding, TraceContext


def iso_millis(ns: int) -> str:
    ms = ns // 1_000_000
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def span_line(
    log_id: str, level: str, message: str, time_ns: int, attributes: Dict[str, Any], run: RunBinding, trace: Optional[TraceContext]
) -> str:
    run_attrs = {
        "traceparent": run.traceparent,
        "run_id": run.run_id,
        "deployment_id": run.deployment_id,
        "source": run.source,
        "source_type": run.source_type,
    }
    line: Dict[str, Any] = {
        "name": message,
        "log_id": log_id,
        "timestamp": iso_millis(time_ns),
        "attributes": {
            **attributes,
            **{k: v for k, v in run_attrs.items() if v is not None},
            "log.message": message,
            "log.level": level,
        },
    }
    if trace:
        line["context"] = {"trace_id": f"0x{trace.trace_id}", "span_id": f"0x{trace.span_id}"}
    if run.script:
        line["resource"] = {"attributes": {"service.name": run.script}}
    return json.dumps(line, default=str)
