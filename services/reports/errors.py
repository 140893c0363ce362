"""What the minutes' lifecycle refuses, for the HTTP layer to answer with 404, 409 or 422."""

from __future__ import annotations


class NoMinutes(LookupError):
    """No version exists yet for the district and period."""


class MinutesFinal(RuntimeError):
    """The minutes are final: no directive, regeneration or second finalisation."""


class UnknownItems(ValueError):
    """Directives named items that the latest version does not have."""

    def __init__(self, item_ids: list[str]) -> None:
        super().__init__(item_ids)
        self.item_ids = item_ids


class VersionConflict(RuntimeError):
    """The caller finalised a version that is no longer the latest."""

    def __init__(self, latest: int) -> None:
        super().__init__(latest)
        self.latest = latest
