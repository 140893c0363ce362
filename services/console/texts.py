"""The console's wording (texts.yaml), per language, with {placeholders}."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml

Lang = Literal["hi", "en"]
LANGS: tuple[Lang, ...] = ("hi", "en")


class Texts:
    """`t.key` or `t("key", n=3)`; an unknown key is an error, never a blank on the page."""

    def __init__(self, lang: Lang, words: dict[str, str], grades: dict[str, str]) -> None:
        self.lang = lang
        self._words = words
        self.grades = grades

    def __getattr__(self, key: str) -> str:
        try:
            return self._words[key]
        except KeyError:
            raise AttributeError(f"no text {key!r} in texts.yaml ({self.lang})") from None

    def __call__(self, key: str, **values: Any) -> str:
        return self.__getattr__(key).format(**values)

    def letter(self, grade: str | None) -> str:
        """A grade as this language writes it (ए, बी, सी, डी in Hindi)."""
        return self.grades.get(grade or "", "")


@cache
def texts(lang: Lang) -> Texts:
    doc = yaml.safe_load(files("services.console").joinpath("texts.yaml").read_text(encoding="utf-8"))
    return Texts(lang, {k: str(v) for k, v in doc[lang].items()}, doc[f"{lang}_grades"])
