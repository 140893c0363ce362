"""What the reports service sends as a file: the format's media type and a download name safe
for any district or period (RFC 6266); a PDF kept or printed (meeting_day.py), or 503 saying
why none can be printed here (never a broken file)."""

from __future__ import annotations

from collections.abc import Awaitable

from fastapi.responses import Response

from services.reports.rendering import MEDIA_TYPES, PdfUnavailable
from shared.disposition import content_disposition
from shared.http import ApiError, error


async def pdf_response(pdf: Awaitable[bytes], filename: str) -> Response:
    """A PDF, or 503 saying why none can be printed here (never a broken file)."""
    try:
        body = await pdf
    except PdfUnavailable as exc:
        raise ApiError(503, [error("format", "pdf_unavailable", str(exc))]) from None
    return file_response(body, "pdf", filename)


def file_response(body: bytes, fmt: str, filename: str) -> Response:
    """`body` as a file named `filename`.`fmt`, shown inline."""
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": content_disposition(
        f"{filename}.{fmt}")})
