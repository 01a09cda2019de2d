"""Pausing Python's cycle collector while a data folder loads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a folder loads.

    A load builds hundreds of thousands of objects that all stay alive until the tables are made;
    the collector would walk them again and again for nothing, and at ten thousand records that
    costs as much as the parsing. Cycles made meanwhile are collected once it resumes. Loads on
    several threads share one pause; the collector's own setting is restored when the last ends.
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
