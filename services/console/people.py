"""The users file as the console sees it: read at start, read again when the file changes
(`anushravan users add|remove` take effect without a restart). A file that turns bad keeps the
last good directory and says why in the log."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection
from pathlib import Path

from shared.observability import log_context
from shared.users import UserDirectory, UsersFileError, load_users

log = logging.getLogger("anushravan.console.users")
CHECK_EVERY_S = 2.0


class People:
    def __init__(self, path: Path | None, departments: Callable[[], Collection[str]]) -> None:
        self.path = path
        self.departments = departments
        self._directory = UserDirectory([])
        self._stamp: float | None = None
        self._checked = 0.0

    def load(self) -> None:
        """At start: a bad file stops the service, naming the user and the field."""
        if self.path is None:
            log.warning("no ANUSHRAVAN_USERS_FILE: nobody can log in to the console")
            return
        self._directory = load_users(self.path, self.departments() or None)
        self._stamp = self.path.stat().st_mtime

    def directory(self) -> UserDirectory:
        now = time.monotonic()
        if self.path is not None and now - self._checked > CHECK_EVERY_S:
            self._checked = now
            self._reload_if_changed()
        return self._directory

    def _reload_if_changed(self) -> None:
        assert self.path is not None
        try:
            stamp = self.path.stat().st_mtime
            if stamp != self._stamp:
                self._directory = load_users(self.path, self.departments() or None)
                self._stamp = stamp
                log.info("users file read again", extra=log_context(users=len(self._directory)))
        except (OSError, UsersFileError) as exc:
            log.error("users file unusable; keeping the users read before", extra=log_context(error=str(exc)))
