"""Request parameters every service reads the same way: a period (path or query) inside the
window of periods that may be named (shared/periods.py), or `latest` (shared/latest.py: each
route resolves it against its own data), and text in a body that can be
encoded (shared/text.py). A refusal is a 422 naming the field as every validation error does
(`path.period`, `query.period`) and the reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from shared.http import ApiError, error
from shared.latest import PERIOD_OR_LATEST, is_latest
from shared.periods import PeriodWindow
from shared.text import UNENCODABLE, UNENCODABLE_MESSAGE, encodable


def _checked(request: Request, period: str, where: str) -> str:
    if is_latest(period):
        return period
    window: PeriodWindow = request.app.state.periods()
    problem = window.problem(period)
    if problem is not None:
        raise ApiError(422, [error(where, problem[0], problem[1])])
    return period


def _path_period(request: Request, period: Annotated[str, Path(
        pattern=PERIOD_OR_LATEST, description="YYYY-MM, or latest", examples=["2026-03"])]) -> str:
    return _checked(request, period, "path.period")


def _query_period(request: Request, period: Annotated[str | None, Query(
        pattern=PERIOD_OR_LATEST, description="YYYY-MM, or latest", examples=["2026-03"])] = None) -> str | None:
    return None if period is None else _checked(request, period, "query.period")


# A `{period}` path parameter, from the first financial year to the current month, or `latest`.
PeriodPath = Annotated[str, Depends(_path_period)]
# An optional `?period=` filter, held to the same window.
PeriodQuery = Annotated[str | None, Depends(_query_period)]


def _encodable(text: str) -> str:
    if not encodable(text):
        raise PydanticCustomError(UNENCODABLE, UNENCODABLE_MESSAGE)
    return text


# Text of a request body that pydantic does not check itself: the keys of a mapping (a string
# value with a lone surrogate is refused by pydantic already, as `string_unicode`).
Text = Annotated[str, AfterValidator(_encodable)]
