"""A structured logger bound to one run, over OpenTelemetry's Python logs SDK.

Records go out through ``BatchLogRecordProcessor`` and the OTLP/HTTP exporter
(``opentelemetry-exporter-otlp-proto-http``, which retries 429/502/503/504 with backoff and
honours Retry-After) to the backend's ``POST /v1/logs``. No method raises or blocks for long:
emitting only queues, and flushing is bounded in time.
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Sequence

from opentelemetry._logs import SeverityNumber
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor, LogRecordExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags, set_span_in_context

from . import exit_hooks
from .config import RunBinding, parse_traceparent, resolve_binding
from .line import span_line

try:  # the result enum's name changed across SDK releases
    from opentelemetry.sdk._logs.export import LogRecordExportResult as _Result
except ImportError:  # pragma: no cover
    from opentelemetry.sdk._logs.export import LogExportResult as _Result  # type: ignore

SEVERITY = {
    "debug": SeverityNumber.DEBUG,
    "info": SeverityNumber.INFO,
    "warning": SeverityNumber.WARN,
    "error": SeverityNumber.ERROR,
}


@dataclass
class LoggerStats:
    emitted: int = 0
    exported: int = 0
    failed: int = 0
    dropped: int = 0


class _CountingExporter(LogRecordExporter):
    """Counts what the OTLP exporter delivered, so the bounded queue knows what is pending."""

    def __init__(self, inner: LogRecordExporter, stats: LoggerStats, lock: threading.Lock):
        self._inner, self._stats, self._lock = inner, stats, lock

    def export(self, batch: Sequence[Any]):
        try:
            result = self._inner.export(batch)
        except Exception:  # noqa: BLE001 - a failed export is counted, never raised
            result = _Result.FAILURE
        with self._lock:
            if result == _Result.SUCCESS:
                self._stats.exported += len(batch)
            else:
                self._stats.failed += len(batch)
        return result

    def shutdown(self):
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


class RunLogger:
    def __init__(
        self,
        binding: Optional[RunBinding] = None,
        *,
        stdout: bool = True,
        write: Optional[Callable[[str], None]] = None,
        max_queue_size: int = 2048,
        batch_delay_ms: int = 200,
        export_timeout_s: float = 10.0,
        handle_exit: bool = True,
        **explicit: Any,
    ):
        self.run = binding or resolve_binding(**explicit)
        self._trace = parse_traceparent(self.run.traceparent)
        self._context: Optional[Context] = None
        if self._trace:
            span = NonRecordingSpan(
                SpanContext(
                    trace_id=int(self._trace.trace_id, 16),
                    span_id=int(self._trace.span_id, 16),
                    is_remote=True,
                    trace_flags=TraceFlags(self._trace.trace_flags),
                )
            )
            self._context = set_span_in_context(span, Context())
        self._stats = LoggerStats()
        self._lock = threading.Lock()
        self._max_queue = max_queue_size
        self._closed = False
        self._print = (write or (lambda line: sys.stdout.write(line + "\n"))) if stdout else None
        self._provider: Optional[LoggerProvider] = None
        self._otel = None
        if self.run.url and self.run.token and self.run.run_id:
            exporter = OTLPLogExporter(
                endpoint=f"{self.run.url}/v1/logs",
                headers={"Authorization": f"Bearer {self.run.token}"},
                timeout=export_timeout_s,
            )
            attrs = {"service.name": self.run.script} if self.run.script else {}
            # shutdown_on_exit=False: our own exit hooks flush, bounded in time.
            self._provider = LoggerProvider(resource=Resource.create(attrs), shutdown_on_exit=False)
            self._provider.add_log_record_processor(
                BatchLogRecordProcessor(
                    _CountingExporter(exporter, self._stats, self._lock),
                    schedule_delay_millis=batch_delay_ms,
                    max_queue_size=max_queue_size,
                    max_export_batch_size=min(512, max_queue_size),
                )
            )
            self._otel = self._provider.get_logger("runlens_logger")
        if handle_exit:
            exit_hooks.install(self)

    def debug(self, message: Any, **attributes: Any) -> None:
        self.emit("debug", message, attributes)

    def info(self, message: Any, **attributes: Any) -> None:
        self.emit("info", message, attributes)

    def warning(self, message: Any, **attributes: Any) -> None:
        self.emit("warning", message, attributes)

    def error(self, message: Any, **attributes: Any) -> None:
        self.emit("error", message, attributes)

    def stats(self) -> LoggerStats:
        with self._lock:
            return LoggerStats(**vars(self._stats))

    def pending(self) -> int:
        with self._lock:
            return self._stats.emitted - self._stats.exported - self._stats.failed

    def emit(self, level: str, message: Any, attributes: Optional[Dict[str, Any]] = None) -> None:
        try:
            text = message if isinstance(message, str) else str(message)
            now = time.time_ns()
            log_id = str(uuid.uuid4())
            attrs = {k: _attribute(v) for k, v in (attributes or {}).items() if v is not None}
            if self._print:
                self._print(span_line(log_id, level, text, now, attrs, self.run, self._trace))
            if self._otel is None or self._closed:
                return
            with self._lock:
                if self._stats.emitted - self._stats.exported - self._stats.failed >= self._max_queue:
                    self._stats.dropped += 1
                    return
                self._stats.emitted += 1
            run = self.run
            column_attrs = {
                "run_id": run.run_id,
                "log.record.uid": log_id,
                "deployment_id": run.deployment_id,
                "source": run.source,
                "source_type": run.source_type,
                "function": run.function,
                "traceparent": run.traceparent,
            }
            self._otel.emit(
                timestamp=now,
                context=self._context,
                severity_number=SEVERITY[level],
                severity_text=level.upper(),
                body=text,
                attributes={**attrs, **{k: v for k, v in column_attrs.items() if v is not None}},
            )
        except Exception:  # noqa: BLE001 - a logger never breaks the script it observes
            pass

    def flush(self, timeout_s: float = 5.0) -> None:
        """Sends what is queued; returns within ``timeout_s`` whatever the network does."""
        if self._provider is None:
            return
        try:
            self._provider.force_flush(timeout_millis=int(timeout_s * 1000))
        except Exception:  # noqa: BLE001
            pass

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Flushes and stops exporting; later records only go to stdout."""
        if self._closed:
            return
        self.flush(timeout_s)
        self._closed = True
        exit_hooks.remove(self)
        if self._provider is not None:
            # Shutting the provider down joins its worker thread: done in the background so an
            # unreachable backend cannot hold the script.
            threading.Thread(target=self._provider.shutdown, daemon=True).start()


def _attribute(v: Any) -> Any:
    if isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, (list, tuple)) and all(isinstance(x, (str, bool, int, float)) for x in v):
        return list(v)
    return str(v)


def create_logger(**options: Any) -> RunLogger:
    """A logger bound to the run the environment (or the keyword arguments) names."""
    return RunLogger(**options)
