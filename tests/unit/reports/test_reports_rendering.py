import json
import shutil
import subprocess
from typing import Any

import jinja2
import pytest

from services.reports import rendering
from services.reports.domain.booklet import assemble_booklet
from services.reports.domain.inputs import CompositePoint, PriorItem
from services.reports.domain.minutes import assemble
from services.reports.rendering import PdfUnavailable, render_booklet, render_minutes
from tests.unit.reports.reports_builders import minutes_input, scheme, standing

WELFARE_D = standing(scheme("welfare-d", "welfare"), "D", 70, previous_rank=60, previous_grade="C")


def _minutes(**fields: Any) -> dict[str, Any]:
    return assemble(minutes_input(WELFARE_D, **fields))


def _text(doc: dict[str, Any], lang: str, fmt: str) -> str:
    return render_minutes(doc, lang, fmt).decode("utf-8")  # type: ignore[arg-type]


def test_html_and_markdown_both_escape_what_officers_typed() -> None:
    prior = PriorItem("welfare-d", "2026-02:welfare-d", "<b>Report</b> & explain", meetings=1)
    doc = _minutes(prior_items=(prior,), directives={"2026-03:welfare-d": "<script>alert(1)</script>"})
    html = _text(doc, "en", "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Report&lt;/b&gt; &amp; explain" in html
    assert "<script>" not in html and "<b>Report" not in html
    md = _text(doc, "en", "md")
    assert "Directive: \\<script\\>alert(1)\\</script\\>" in md
    assert "Last meeting's directive: \\<b\\>Report\\</b\\> \\& explain" in md


def test_an_item_without_a_directive_leaves_a_line_to_fill_in() -> None:
    assert "निर्देश: ……" in _text(_minutes(), "hi", "md")
    assert '<span class="blank">' in _text(_minutes(), "hi", "html")


def test_a_missing_value_in_the_document_fails_loudly_instead_of_printing_blank() -> None:
    doc = _minutes()
    del doc["signature"]
    with pytest.raises(jinja2.UndefinedError):
        render_minutes(doc, "hi", "md")


@pytest.mark.parametrize(("lang", "fmt"), [("fr", "md"), ("hi", "docx"), ("en", "")])
def test_an_unknown_language_or_format_is_refused(lang: str, fmt: str) -> None:
    with pytest.raises(ValueError, match="must be one of"):
        render_minutes(_minutes(), lang, fmt)  # type: ignore[arg-type]


def test_the_booklet_comes_only_as_html_or_pdf() -> None:
    with pytest.raises(ValueError, match="format"):
        render_booklet(assemble_booklet(minutes_input(WELFARE_D)), "hi", "md")  # type: ignore[arg-type]


def test_json_is_the_document_with_hindi_left_readable() -> None:
    doc = _minutes()
    text = _text(doc, "hi", "json")
    assert json.loads(text) == doc
    assert "कानपुर नगर" in text


def test_a_draft_says_so_and_a_final_version_carries_its_number() -> None:
    draft = {**_minutes(), "version": 3}
    final = {**draft, "status": "final"}
    assert "प्रारूप (संस्करण 3)" in _text(draft, "hi", "md")
    assert "DRAFT (version 3)" in _text(draft, "en", "html")
    assert "अन्तिम — संस्करण 3" in _text(final, "hi", "md")
    assert "DRAFT" not in _text(final, "en", "md")


def test_a_month_without_bcd_schemes_or_composite_says_so_in_both_languages() -> None:
    doc = assemble(minutes_input(standing(scheme("a", "d"), "A", 1)))
    hi, en = _text(doc, "hi", "md"), _text(doc, "en", "md")
    assert "इस माह कोई योजना बी, सी अथवा डी श्रेणी में नहीं है।" in hi
    assert "कम्पोजिट रैंक अभी उपलब्ध नहीं है" in hi
    assert "No scheme is in grade B, C or D this month." in en
    assert "सबसे बेहतर" not in hi


def test_schemes_without_a_grade_this_month_are_named_in_the_summary() -> None:
    missing = standing(scheme("m", "d", name={"hi": "पेंशन", "en": "Pension"}), None, None, status="missing")
    doc = assemble(minutes_input(WELFARE_D, missing))
    assert "1 योजनाओं की इस माह कोई श्रेणी नहीं बनी" in _text(doc, "hi", "md")
    assert "because no progress was received or implausible figures were held back: Pension." in _text(
        doc, "en", "md")


def test_the_booklet_shows_every_scheme_with_its_movement_in_both_languages() -> None:
    inp = minutes_input(
        WELFARE_D,
        standing(scheme("u", "d", graded=False, name={"hi": "अश्रेणीकृत", "en": "Unranked"}), None, 4, marks=5.0),
        standing(scheme("m", "d"), None, None, status="missing"),
        composite_history=(CompositePoint("2026-03", 45, 75, 8.91),),
    )
    hi = render_booklet(assemble_booklet(inp), "hi", "html").decode()
    en = render_booklet(assemble_booklet(inp), "en", "html").decode()
    assert "जिला अनुश्रवण पुस्तिका — जनपद कानपुर नगर — माह मार्च, 2026" in hi
    assert "▼ 10 स्थान नीचे" in hi and "down 10" in en
    assert "श्रेणी निर्धारित नहीं" in hi and "not graded" in en
    assert "प्रगति अप्राप्त" in hi and "not reported" in en
    assert "70वीं / 75" in hi and "70th / 75" in en


def test_without_fc_list_pdf_is_refused_with_a_reason_naming_the_font_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    ok, reason = rendering.pdf_available()
    assert not ok and "fonts-noto-core" in reason
    with pytest.raises(PdfUnavailable, match="fonts-noto-core"):
        render_minutes(_minutes(), "hi", "pdf")


def test_without_a_devanagari_font_pdf_is_refused_rather_than_printed_in_boxes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/fc-list")
    monkeypatch.setattr(subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout="", stderr=""))
    ok, reason = rendering.pdf_available()
    assert not ok and "fc-list :lang=hi" in reason
    with pytest.raises(PdfUnavailable):
        render_booklet(assemble_booklet(minutes_input(WELFARE_D)), "en", "pdf")
