"""Where no PDF can be printed, the API answers 503 with the reason, never a broken file."""

from __future__ import annotations

import pytest

from services.reports import rendering
from services.reports.files import pdf_response
from services.reports.printing import PdfPrinter
from shared.http import ApiError


async def test_without_a_devanagari_font_the_pdf_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    reason = "no Devanagari font is installed (fc-list :lang=hi finds none): install fonts-noto-core"
    monkeypatch.setattr(rendering, "pdf_available", lambda: (False, reason))
    with pytest.raises(ApiError) as refused:
        # In a thread: the patched module is this process's (a worker process would import its own).
        await pdf_response(PdfPrinter(1, "thread").print("<html lang='hi'><body>कार्यवृत्त</body></html>"), "minutes")
    assert refused.value.status == 503
    assert refused.value.errors == [{"field": "format", "code": "pdf_unavailable", "message": reason}]
