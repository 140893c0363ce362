""""Did you mean …?" for ids that are not known: one wording for the CLI and every API.

Newcomers type `kanpur` for `kanpur-nagar` and `social_welfare` for `social-welfare`; a refusal
that names the nearest known ids saves them a look-up. Pure: the caller passes what is known.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

MAX_SUGGESTIONS = 3


def _folded(text: str) -> str:
    # Underscores, spaces and capitals are the usual slips in a slug.
    return text.strip().lower().replace("_", "-").replace(" ", "-")


def closest(value: str, known: Iterable[str], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The known ids nearest to `value`, best first: the same id with slips corrected, ids it
    begins, then ids that are spelt alike (difflib's ratio ≥ 0.6)."""
    options = sorted(set(known))
    folded = _folded(value)
    if not folded:
        return []
    exact = [k for k in options if k == folded]
    prefixed = [k for k in options if k.startswith(folded) and k not in exact]
    alike = difflib.get_close_matches(folded, options, n=limit, cutoff=0.6)
    found: list[str] = []
    for candidate in [*exact, *prefixed, *alike]:
        if candidate not in found:
            found.append(candidate)
    return found[:limit]


def hint(value: str, known: Iterable[str]) -> str:
    """`"; did you mean 'kanpur-nagar' or 'kanpur-dehat'?"`, or `""` when nothing is near."""
    near = closest(value, known)
    if not near:
        return ""
    return "; did you mean " + " or ".join(repr(n) for n in near) + "?"


def unknown(kind: str, value: str, known: Iterable[str]) -> str:
    """The message for an unknown id: `"unknown district 'kanpur'; did you mean …?"`."""
    return f"unknown {kind} {value!r}{hint(value, known)}"


class UnknownId(ValueError):
    """An id that the reference data does not know; the message carries the hint."""

    def __init__(self, kind: str, value: str, known: Iterable[str]) -> None:
        options = list(known)
        super().__init__(unknown(kind, value, options))
        self.kind = kind
        self.value = value
        self.suggestions = closest(value, options)


def check_known(kind: str, values: Iterable[str], known: Collection[str]) -> None:
    """Raise UnknownId for the first of `values` that is not in `known`."""
    for value in values:
        if value not in known:
            raise UnknownId(kind, value, known)
