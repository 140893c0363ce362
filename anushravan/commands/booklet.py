"""`anushravan booklet DISTRICT [PERIOD]`: the district monitoring booklet (HTML or PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from anushravan.operator import KeyOption, connect
from anushravan.output import err, fail
from shared.latest import LATEST


def register(app: typer.Typer) -> None:
    @app.command("booklet")
    def booklet(
        district: Annotated[str, typer.Argument(help="District id, e.g. kanpur-nagar")],
        period: Annotated[str, typer.Argument(help="YYYY-MM, or latest")] = LATEST,
        lang: Annotated[str, typer.Option(help="hi | en")] = "hi",
        fmt: Annotated[str, typer.Option("--format", help="html | pdf")] = "pdf",
        output: Annotated[Path | None, typer.Option("-o", "--output", help="File [default: booklet-<district>-"
                                                                            "<period>-<lang>.<format>]")] = None,
        key: Annotated[str | None, KeyOption] = None,
    ) -> None:
        """Every scheme's figures, marks, grade, rank, movement and officer, by department."""
        if lang not in ("hi", "en") or fmt not in ("html", "pdf"):
            raise fail("--lang is hi or en; --format is html or pdf", 2)
        response = connect("reports", key).call("GET", f"/v1/booklet/{district}/{period}",
                                                params={"lang": lang, "format": fmt})
        target = output or Path(f"booklet-{district}-{period}-{lang}.{fmt}")
        target.write_bytes(response.content)
        err.print(f"Wrote {target} ({len(response.content):,} bytes).", markup=False)
