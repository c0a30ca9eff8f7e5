"""RunLens structured logger: records sent live over OTLP/HTTP, printed as korelogger lines."""

from .config import ENV, RunBinding, parse_traceparent
from .logger import LoggerStats, RunLogger, create_logger
from .run import RunResult, run_script

__all__ = ["ENV", "RunBinding", "parse_traceparent", "LoggerStats", "RunLogger", "create_logger", "RunResult", "run_script"]
