"""Sentences that explain a scheme's score from the figures the district submitted.

They are built from each KPI's definition, so a new scheme in the catalogue gets sentences
without code: a pendency KPI says how many of the total are pending at each level, a ratio
KPI sets the achievement against the target, a percent KPI states the percentage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.reports.domain.field_labels import field_label
from shared.catalog import Kpi, Scheme
from shared.numbers import Lang, indian

_AND: dict[Lang, str] = {"hi": "तथा", "en": "and"}


@dataclass(frozen=True)
class Fact:
    """One KPI's figures in words, in both languages."""

    kpi: str
    hi: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"kpi": self.kpi, "hi": self.hi, "en": self.en}


def describe(scheme: Scheme, figures: Mapping[str, float]) -> list[Fact]:
    """One sentence per KPI whose input figures were all submitted, in catalogue order."""
    return [
        Fact(kpi=kpi.id, hi=_sentence(kpi, figures, "hi"), en=_sentence(kpi, figures, "en"))
        for kpi in scheme.kpis
        if all(f in figures for f in kpi.input_fields)
    ]


def join_words(parts: Sequence[str], lang: Lang) -> str:
    """"a, b and c" / "a, b तथा c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {_AND[lang]} {parts[-1]}"


def _sentence(kpi: Kpi, figures: Mapping[str, float], lang: Lang) -> str:
    if kpi.kind == "percent":
        text = _percent(kpi, figures, lang)
    elif kpi.kind == "inverse_ratio":
        text = _pendency(kpi, figures, lang)
    else:
        text = _achievement(kpi, figures, lang)
    return text[:1].upper() + text[1:] if lang == "en" else text


def _totals(kpi: Kpi, figures: Mapping[str, float], lang: Lang) -> str:
    parts = [f"{field_label(f, lang)} {indian(figures[f])}" for f in kpi.denominator_fields]
    return join_words(parts, lang)


def _parts(kpi: Kpi, figures: Mapping[str, float], lang: Lang) -> str:
    parts = [f"{indian(figures[f])} {field_label(f, lang)}" for f in kpi.numerator_fields]
    return join_words(parts, lang)


def _pendency(kpi: Kpi, figures: Mapping[str, float], lang: Lang) -> str:
    if lang == "hi":
        return f"कुल {_totals(kpi, figures, lang)} के सापेक्ष {_parts(kpi, figures, lang)} लम्बित"
    return f"{_totals(kpi, figures, lang)}; pending: {_parts(kpi, figures, lang)}"


def _achievement(kpi: Kpi, figures: Mapping[str, float], lang: Lang) -> str:
    total = sum(figures[f] for f in kpi.denominator_fields)
    done = sum(figures[f] for f in kpi.numerator_fields)
    share = f" ({indian(100 * done / total)}%)" if total > 0 else ""
    if lang == "hi":
        return f"{_totals(kpi, figures, lang)} के सापेक्ष {_parts(kpi, figures, lang)}{share}"
    return f"{_parts(kpi, figures, lang)} against {_totals(kpi, figures, lang)}{share}"


def _percent(kpi: Kpi, figures: Mapping[str, float], lang: Lang) -> str:
    field = kpi.value or ""
    return f"{field_label(field, lang, fallback=kpi.name)} {indian(figures[field])}%"
