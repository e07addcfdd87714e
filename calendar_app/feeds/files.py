"""Built feeds kept as files named by their ETag.

Every worker process of a host shares them (one build per change, not one per process),
the kernel's page cache holds them instead of each process's heap, and gunicorn sends
them with sendfile(2). A name is a hash of everything the bytes depend on, including the
database's random change stamp, so a file is never stale, only unused; unused ones are
pruned, oldest first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

SUFFIX = ".ics"
TEMP_PREFIX = ".partial-"
ABANDONED_AFTER = 3600  # seconds: a partial file this old was left by a killed process


class FeedFiles:
    def __init__(self, directory: Path, max_files: int = 64, max_bytes: int = 1024**3):
        self.directory = directory
        self.max_files, self.max_bytes = max_files, max_bytes
        self._warned = False  # an unwritable directory is reported once, not per request

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def open(self, key: str) -> BinaryIO | None:
        try:
            return open(self._path(key), "rb")  # noqa: SIM115 - the response closes it
        except OSError:  # not built yet, or no usable directory: build it
            return None

    def put(self, key: str, body: bytes) -> None:
        for _ in self.writing(key, [body]):
            pass

    def writing(self, key: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """Pass the chunks through and keep them as the file for `key` once all have gone
        out. A partial file only becomes visible by an atomic rename, so no reader ever
        sees half a feed; a client that hangs up early leaves nothing behind."""
        temp = self._start()
        try:
            for chunk in chunks:
                if temp is not None:
                    temp = self._write(temp, chunk)
                yield chunk
            if temp is not None:
                temp.close()
                os.replace(temp.name, self._path(key))
                temp = None
                self.prune()
        finally:
            if temp is not None:
                temp.close()
                _unlink(temp.name)

    def _start(self):
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            return tempfile.NamedTemporaryFile(dir=self.directory, prefix=TEMP_PREFIX, delete=False)
        except OSError as error:
            if not self._warned:
                self._warned = True
                log.warning(
                    "feed cache %s is not writable, feeds are served uncached: %s",
                    self.directory,
                    error,
                )
            return None

    @staticmethod
    def _write(temp, chunk: bytes):
        try:
            temp.write(chunk)
            return temp
        except OSError as error:  # a full disk must not break the response
            log.warning("feed cache write failed, this feed is served uncached: %s", error)
            temp.close()
            _unlink(temp.name)
            return None

    def prune(self) -> None:
        """Keep the newest files within the limits; drop partial files of dead writers.
        Removing a file another process is still sending is safe: its handle stays valid."""
        files, now = [], time.time()
        with os.scandir(self.directory) as entries:
            for entry in entries:
                try:
                    stat = entry.stat()
                except FileNotFoundError:
                    continue  # another process pruned it first
                if entry.name.startswith(TEMP_PREFIX):
                    if now - stat.st_mtime > ABANDONED_AFTER:
                        _unlink(entry.path)
                elif entry.name.endswith(SUFFIX):
                    files.append((stat.st_mtime, stat.st_size, entry.path))
        files.sort(reverse=True)
        kept_bytes = 0
        for count, (_, size, path) in enumerate(files):
            kept_bytes += size
            if count >= self.max_files or kept_bytes > self.max_bytes:
                _unlink(path)

    def clear(self) -> None:
        if self.directory.is_dir():
            for path in self.directory.iterdir():
                _unlink(str(path))


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):  # another process may have removed it
        os.unlink(path)
