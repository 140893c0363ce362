"""PDF rendering with a real Devanagari font; skipped (with the reason) where none is installed."""

import re
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from services.reports.domain.booklet import assemble_booklet
from services.reports.domain.minutes import assemble
from services.reports.rendering import pdf_available, render_booklet, render_minutes
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026
from tests.unit.reports.reports_builders import minutes_input, scheme, standing

AVAILABLE, REASON = pdf_available()
pytestmark = pytest.mark.skipif(not AVAILABLE, reason=f"PDF unavailable: {REASON}")


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    return render_minutes(assemble(kanpur_march_2026()), "hi", "pdf")


def _font_names(pdf: bytes) -> set[str]:
    """Embedded font names; WeasyPrint compresses its objects, so inflate every stream."""
    names: set[bytes] = set()
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            data = zlib.decompressobj().decompress(pdf[match.end():])
        except zlib.error:
            continue
        names.update(re.findall(rb"/FontName\s*/([A-Za-z0-9+\-]+)", data))
    return {n.decode() for n in names}


def test_the_hindi_minutes_print_to_a_pdf_with_a_noto_devanagari_font_embedded(minutes_pdf: bytes) -> None:
    assert minutes_pdf.startswith(b"%PDF-")
    assert any("Devanagari" in name for name in _font_names(minutes_pdf))


def test_the_first_page_of_the_minutes_renders_to_an_image(minutes_pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    (tmp_path / "minutes.pdf").write_bytes(minutes_pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "minutes.pdf"),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=60)
    [png] = list(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000


def test_pdffonts_lists_the_devanagari_font_as_embedded(minutes_pdf: bytes, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    (tmp_path / "minutes.pdf").write_bytes(minutes_pdf)
    listing = subprocess.run(["pdffonts", str(tmp_path / "minutes.pdf")], check=True, capture_output=True,
                             text=True, timeout=60).stdout
    rows = [line.split() for line in listing.splitlines() if "Devanagari" in line]
    assert rows and all("yes" in row for row in rows)


def test_the_english_booklet_prints_to_pdf_too() -> None:
    doc: dict[str, Any] = assemble_booklet(minutes_input(standing(scheme("s", "d"), "B", 9)))
    pdf = render_booklet(doc, "en", "pdf")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1_000
