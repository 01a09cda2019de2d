"""Whether a data folder changed: a digest of its files, worked out again only when it may differ.

``stat_digest`` (the warm-load cache's key) stats every data file, which at tens of thousands of
files takes a noticeable part of a second. A ``FolderWatch`` asks the file system to report
changes under the folder (inotify on Linux, through watchdog) and keeps the last digest until a
change is reported; where the file system gives no reports (a watch could not be set up,
or it stopped), every call stats the files again, so a change is never missed for want of one.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from commitments.serving import cache

# Reports that a file was read, not changed: loading the folder itself makes thousands of them.
_READS = frozenset({"opened", "closed_no_write"})

logger = logging.getLogger(__name__)


def stat_digest(root: Path) -> str:
    """The warm-load cache's key of the folder (``cache.key_of``): every entry the loader reads or
    reports on, by name, type, size and modification time, with the package's code and the date."""
    return cache.key_of(root).digest


class _Counter(FileSystemEventHandler):
    def __init__(self, watch: FolderWatch) -> None:
        self._watch = watch

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _READS:
            self._watch.changed()


class FolderWatch:
    """The digest of one data folder, kept until the file system reports a change under it.

    ``notices=False`` never asks for reports: every ``digest()`` stats the files.
    """

    def __init__(self, root: Path | str, *, notices: bool = True) -> None:
        self.root = Path(root)
        self._changes = 0
        self._lock = threading.Lock()
        self._last: tuple[int, str] | None = None
        self._observer = self._observe() if notices else None

    def _observe(self):
        if not self.root.is_dir():
            return None
        observer = Observer()
        observer.daemon = True
        try:
            observer.start()
            observer.schedule(_Counter(self), str(self.root), recursive=True)
        except OSError as error:  # too many watches, or a file system that gives no reports
            logger.info(
                "no change reports for %s (%s): its files are statted on every check",
                self.root,
                error,
            )
            observer.stop()
            return None
        return observer

    @property
    def reported(self) -> bool:
        """Whether changes are being reported, so that a digest can be kept between them."""
        return self._observer is not None and self._observer.is_alive()

    def changed(self) -> None:
        """Note a change under the folder: the next ``digest()`` stats the files again.

        The file system's reports call this; so should a writer that needs its change seen at once,
        without waiting for the report to arrive.
        """
        with self._lock:
            self._changes += 1

    def digest(self) -> str:
        """The folder's ``stat_digest``, statting the files only if a change may have happened."""
        if not self.reported:
            return stat_digest(self.root)
        with self._lock:
            changes, last = self._changes, self._last
        if last is not None and last[0] == changes:
            return last[1]
        # a change reported while the files are statted makes the next call stat them again
        digest = stat_digest(self.root)
        with self._lock:
            self._last = (changes, digest)
        return digest

    def stop(self) -> None:
        """Stop asking for reports; later digests stat the files every time."""
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
