"""Process hooks shared by every logger: flush on normal exit, uncaught error and SIGTERM.

Normal exit and an uncaught error both end in ``atexit`` (Python runs it after printing the
traceback); the error itself is recorded first by a chained ``sys.excepthook``. SIGTERM kills
a Python process without ``atexit``, so when the script has no SIGTERM handler of its own we
install one that flushes and then dies of the signal as before. ``os._exit()`` skips all of
this: call ``logger.flush()`` before it.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Callable, List

_loggers: List = []
_tasks: List[Callable[[str], None]] = []
_installed = False
SIGNAL_FLUSH_S = 2.0


def _flush_all(timeout_s: float, reason: str) -> None:
    for logger in list(_loggers):
        logger.flush(timeout_s)
    for task in list(_tasks):
        try:
            task(reason)
        except Exception:  # noqa: BLE001
            pass


def add_task(task: Callable[[str], None]) -> Callable[[], None]:
    """Work that must happen before an abnormal exit (the run wrapper finishing its run)."""
    _tasks.append(task)
    return lambda: _tasks.remove(task) if task in _tasks else None


def remove(logger) -> None:
    if logger in _loggers:
        _loggers.remove(logger)


def install(logger) -> None:
    global _installed
    _loggers.append(logger)
    if _installed:
        return
    _installed = True
    atexit.register(lambda: _flush_all(5.0, "exit"))

    previous_hook = sys.excepthook

    def excepthook(kind, value, tb):
        for lg in list(_loggers):
            lg.error(
                f"uncaught error: {value}",
                **{"exception.type": kind.__name__, "exception.message": str(value)},
            )
        previous_hook(kind, value, tb)

    sys.excepthook = excepthook

    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:

        def on_sigterm(signum, _frame):
            _flush_all(SIGNAL_FLUSH_S, "terminated by SIGTERM")
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

        signal.signal(signal.SIGTERM, on_sigterm)
