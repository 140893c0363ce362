"""Rendering the minutes and the booklet: JSON, Markdown, printable HTML and PDF.

The texts live in `templates/` (phrases_hi.j2 and phrases_en.j2 hold every sentence; the
layouts only place them). PDF goes through WeasyPrint and needs a Devanagari font: without
one it would print boxes instead of Hindi, so `PdfUnavailable` is raised instead of a
broken file. Its text copies out intact (`pdf_text.py` says why that needs a hand).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from services.reports.domain.language import language_of
from services.reports.domain.markdown import as_text, finalize
from services.reports.pdf_text import install as install_actual_text
from shared.numbers import indian, month_name, ordinal, percent

Lang = Literal["hi", "en"]
MinutesFormat = Literal["json", "md", "html", "pdf"]
BookletFormat = Literal["html", "pdf"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANGS: tuple[str, ...] = ("hi", "en")
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
_INSTALL_HINT = "install a Devanagari font, e.g. Debian's fonts-noto-core"


class PdfUnavailable(RuntimeError):
    """PDF cannot be produced here (no Devanagari font, or WeasyPrint cannot load)."""


def render_minutes(doc: dict[str, Any], lang: Lang, fmt: MinutesFormat) -> bytes:
    """The minutes in one language and format; raises PdfUnavailable, ValueError."""
    _check(lang, fmt, ("json", "md", "html", "pdf"))
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")
    doc = with_defaults(doc)
    if fmt == "md":
        return _render("minutes.md.j2", doc, lang).encode("utf-8")
    html = _render("minutes.html.j2", doc, lang)
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)


def render_booklet(doc: dict[str, Any], lang: Lang, fmt: BookletFormat) -> bytes:
    """The district monitoring booklet as HTML or PDF; raises PdfUnavailable, ValueError."""
    _check(lang, fmt, ("html", "pdf"))
    html = _render("booklet.html.j2", doc, lang)
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)


def pdf_available() -> tuple[bool, str]:
    """Whether PDF can be rendered here, and why (the reason names what to install)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False, f"fontconfig's fc-list is not installed, so no font can be found: {_INSTALL_HINT}"
    try:
        found = subprocess.run(
            [fc_list, ":lang=hi", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return False, f"fc-list failed ({exc}): cannot tell whether a Devanagari font is installed"
    families = sorted({n.strip() for line in found.splitlines() for n in line.split(",") if n.strip()})
    if not families:
        return False, f"no Devanagari font is installed (fc-list :lang=hi finds none): {_INSTALL_HINT}"
    try:
        import weasyprint  # noqa: F401  (loads Pango; fails where the system libraries are missing)
    except (ImportError, OSError) as exc:
        return False, f"WeasyPrint cannot be loaded: {exc}"
    return True, f"Devanagari fonts: {', '.join(families)}"


def html_to_pdf(html: str) -> bytes:
    """Print an HTML page to PDF; raises PdfUnavailable rather than print without Hindi glyphs."""
    ok, reason = pdf_available()
    if not ok:
        raise PdfUnavailable(reason)
    import weasyprint

    install_actual_text()
    pdf: bytes = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf


def with_defaults(doc: dict[str, Any]) -> dict[str, Any]:
    """A version stored before the minutes had a meeting record, section attendance or the
    directives' languages, completed so that today's templates print it (a final copy is
    rendered from the draft it finalises)."""
    if "meeting" in doc:
        return doc
    meeting: dict[str, Any] = {"letter_number": None, "letter_number_lang": None, "issue_date": None,
                               "issue_date_text": None, "general": []}
    sections = [{"attendance": [], **sec,
                 "items": [{**i, "directive_lang": language_of(i.get("directive")),
                            "previous_directive_lang": language_of(i.get("previous_directive"))}
                           for i in sec.get("items", [])]}
                for sec in doc.get("sections", [])]
    return {**doc, "meeting": meeting, "sections": sections}


def _check(lang: str, fmt: str, formats: tuple[str, ...]) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    if fmt not in formats:
        raise ValueError(f"format must be one of {', '.join(formats)}, got {fmt!r}")


def _render(template: str, doc: dict[str, Any], lang: str) -> str:
    html = template.endswith(".html.j2")
    return environment(html=html).get_template(template).render(doc=doc if html else as_text(doc), lang=lang)


@lru_cache(maxsize=2)
def environment(*, html: bool) -> Environment:
    """The Jinja environment for HTML (data escaped as HTML) or for Markdown (data escaped as
    Markdown: every string of the document is marked, and `finalize` escapes what is marked
    wherever a template puts it out, so the templates' own Markdown stays structure).

    One environment per mode, not one autoescape switch by file name: the phrase macros are
    shared by both layouts, and a macro compiled without escaping but called from an
    escaping template has its output taken as safe markup.
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=html,
        finalize=None if html else finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(indian=indian, ordinal=ordinal, month=month_name, percent=percent)
    return env
