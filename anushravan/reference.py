"""The reference data that operator input is checked against, with "did you mean" hints:
departments and schemes of the catalogue file, districts of the shipped reference data.
One check for every command (and for the `district` key scope to come)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from shared.catalog import default_catalog_path, load_catalog
from shared.districts import district_ids
from shared.suggest import check_known

Kind = Literal["department", "district", "scheme"]


def known(kind: Kind, catalog: Path | None = None) -> set[str]:
    """The ids of one kind; raises CatalogError for a catalogue file that cannot be read."""
    if kind == "district":
        return set(district_ids())
    schemes = load_catalog(catalog or default_catalog_path())
    return {s.department.id for s in schemes} if kind == "department" else {s.id for s in schemes}


def check(kind: Kind, values: Iterable[str], catalog: Path | None = None) -> None:
    """Raise shared.suggest.UnknownId (its message carries the hint) for an unknown id."""
    wanted = list(values)
    if wanted:
        check_known(kind, wanted, known(kind, catalog))
