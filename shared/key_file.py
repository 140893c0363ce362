"""The keys file as a running service holds it: added and revoked keys take effect without a
restart. `KeyFile` re-reads the file when its identity (inode, size, modification time) has
changed, looked at no more than once a second when a request needs a key, and at once on
SIGHUP (`ServiceRuntime` installs the handler). Saving replaces the file atomically (a new
inode), as Kubernetes does when it updates a mounted Secret. A file that no longer parses
leaves the keys read before in force, and the service logs why."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from shared.auth import ApiKey, KeysFileError, Principal, load_keys
from shared.observability import log_context

log = logging.getLogger("anushravan.auth")
Stamp = tuple[int, int, int] | None


def file_stamp(path: Path) -> Stamp:
    """What tells a changed file: inode (an atomic replace), size and modification time."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


class KeyFile:
    """The keys of a file, re-read when the file changes (checked at most every `every_s`)."""

    def __init__(self, path: Path, every_s: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self.every_s = every_s
        self.clock = clock
        self._stamp = file_stamp(path)
        self._store = load_keys(path)  # a service does not start with a broken keys file
        self._checked = clock()

    def __len__(self) -> int:
        return len(self._store)

    @property
    def keys(self) -> list[ApiKey]:
        return self._store.keys

    def authenticate(self, secret: str) -> Principal | None:
        self.refresh()
        return self._store.authenticate(secret)

    def refresh(self, force: bool = False) -> bool:
        """Re-read the file if it changed (or when forced); True when new keys are in force."""
        now = self.clock()
        if not force and now - self._checked < self.every_s:
            return False
        self._checked = now
        stamp = file_stamp(self.path)
        if stamp == self._stamp and not force:
            return False
        self._stamp = stamp
        try:
            store = load_keys(self.path)
        except KeysFileError as exc:
            log.error("keys file not reloaded; the keys read before stay in force", extra=log_context(error=str(exc)))
            return False
        self._store = store
        log.info("keys file reloaded", extra=log_context(keys=len(store), path=str(self.path)))
        return True
