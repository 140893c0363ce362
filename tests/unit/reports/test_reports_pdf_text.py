"""Text copied out of the PDF minutes reads as written: pdftotext finds the district's and the
schemes' names intact, in Hindi and in English (services/reports/pdf_text.py says why this
needs ActualText spans)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from services.reports.domain.booklet import assemble_booklet
from services.reports.domain.minutes import assemble
from services.reports.rendering import html_to_pdf, pdf_available, render_booklet, render_minutes
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026

AVAILABLE, REASON = pdf_available()
pytestmark = pytest.mark.skipif(not AVAILABLE and os.environ.get("CI") != "true", reason=f"PDF unavailable: {REASON}")
SCHEMES_HI = ("अनुसूचित जाति दशमोत्तर छात्रवृत्ति", "सामान्य वर्ग पूर्व दशम छात्रवृत्ति", "वृद्धावस्था पेंशन योजना",
              "मुख्यमंत्री सामूहिक विवाह योजना", "जननी सुरक्षा योजना", "जल जीवन मिशन — हर घर जल")
SCHEMES_EN = ("Post-matric Scholarship (Scheduled Castes)", "Old Age Pension Scheme", "Janani Suraksha Yojana",
              "Jal Jeevan Mission — Har Ghar Jal")


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "pdftotext (poppler-utils) is not installed: scripts/system-deps.sh installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    (tmp_path / "doc.pdf").write_bytes(pdf)
    out = subprocess.run([tool, "-enc", "UTF-8", str(tmp_path / "doc.pdf"), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8")
    return " ".join(out.split())  # names may wrap across lines


@pytest.fixture(scope="module")
def minutes() -> dict[str, Any]:
    return assemble(kanpur_march_2026())


def test_the_hindi_pdf_copies_out_the_district_and_scheme_names_intact(minutes: dict[str, Any],
                                                                      tmp_path: Path) -> None:
    copied = pdftotext(render_minutes(minutes, "hi", "pdf"), tmp_path)
    assert "जनपद कानपुर नगर" in copied and "जिलाधिकारी, कानपुर नगर" in copied
    assert [name for name in SCHEMES_HI if name not in copied] == []
    assert "समाज कल्याण विभाग" in copied and "कार्यवाही - जिला समाज कल्याण अधिकारी" in copied


def test_the_english_pdf_copies_out_the_names_and_the_hindi_quoted_in_it(minutes: dict[str, Any],
                                                                        tmp_path: Path) -> None:
    copied = pdftotext(render_minutes(minutes, "en", "pdf"), tmp_path)
    assert "District Kanpur Nagar" in copied
    assert [name for name in SCHEMES_EN if name not in copied] == []
    assert "नोडल अधिकारी से वार्ता कर प्रगति सुधारें।" in copied  # last meeting's directive, in Hindi


def test_the_hindi_booklet_copies_out_too(minutes: dict[str, Any], tmp_path: Path) -> None:
    copied = pdftotext(render_booklet(assemble_booklet(kanpur_march_2026()), "hi", "pdf"), tmp_path)
    assert "जिला अनुश्रवण पुस्तिका — जनपद कानपुर नगर" in copied and "जननी सुरक्षा योजना" in copied


def test_without_the_actual_text_weasyprint_garbles_hindi(minutes: dict[str, Any], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The check bites: WeasyPrint's own glyph-to-text map loses vowel signs (WeasyPrint #2841). When
    this fails, the upstream fix has landed and services/reports/pdf_text.py can go."""
    import weasyprint.draw.text as text_drawing

    from services.reports.pdf_text import install

    install()
    monkeypatch.setattr(text_drawing, "draw_first_line", text_drawing.draw_first_line.__wrapped__)
    monkeypatch.setattr("services.reports.rendering.install_actual_text", lambda: None)
    html = render_minutes(minutes, "hi", "html").decode("utf-8")
    copied = pdftotext(html_to_pdf(html), tmp_path)
    assert "जिलाधिकारी, कानपुर नगर" not in copied
