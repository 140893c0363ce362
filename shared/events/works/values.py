"""Value types of the works events: calendar dates, money in ₹ lakh, percentages, agencies.

Dates travel as ISO `YYYY-MM-DD` and nothing else (no timestamps, no date-times: a portal that
sends 1700000000 for a date has a bug we want to hear about). Numbers must be JSON numbers, not
strings or booleans. Each refusal has a stable code (`not_a_date`, `not_a_number`), so ingest
can report it as it reports every other reason.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from shared.catalog import Names
from shared.events.base import Payload
from shared.events.ingest import PERIOD, SLUG
from shared.periods import is_period

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ₹1,00,000 crore: above any single work a district reviews (the largest state expressway is
# about a third of it); the bound keeps every ratio of two amounts finite.
MAX_LAKH = 10_000_000.0
# Dates of works, and what is computed from them (forecasts a century on), stay far from the
# calendar's end; a sanction in 1066 is a typing error.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
# Physical progress above 100 % is accepted here and quarantined by the domain (as the 848.49 %
# of a scheme is); beyond this it is not a figure at all.
MAX_PERCENT = 1_000.0


def _iso_date(value: object) -> object:
    if isinstance(value, datetime):
        raise PydanticCustomError("not_a_date", "must be a date as YYYY-MM-DD, not a date and time")
    if isinstance(value, str) and _DATE.match(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("not_a_date", "{value} is not a day of the calendar", {"value": value}) from None
    if not isinstance(value, date):
        raise PydanticCustomError("not_a_date", "must be a date as YYYY-MM-DD, e.g. 2026-03-31")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError("date_out_of_range", "must be between {first} and {last}",
                                  {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
    return value


def _period(value: str) -> str:
    if not is_period(value):
        raise PydanticCustomError("invalid_period", "must be a month as YYYY-MM, e.g. 2026-03")
    return value


def _number(value: object) -> object:
    # bool is an int to Python: `true` must not be read as 1 (nor "40" as 40: send numbers).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("not_a_number", "must be a number")
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        number = math.inf
    if not math.isfinite(number):
        raise PydanticCustomError("non_finite", "must be a finite number")
    return number


IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
# The bounds come before the validator, so that the JSON schema states them as minimum/maximum.
Lakh = Annotated[float, Field(ge=0, le=MAX_LAKH), BeforeValidator(_number)]
PositiveLakh = Annotated[float, Field(gt=0, le=MAX_LAKH), BeforeValidator(_number)]
Percent = Annotated[float, Field(ge=0, le=MAX_PERCENT), BeforeValidator(_number)]
Period = Annotated[str, AfterValidator(_period), WithJsonSchema({"type": "string", "pattern": PERIOD})]
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=SLUG)]


class Agency(Payload):
    """An executing agency (कार्यदायी संस्था): the body that builds the work for the department."""

    id: Slug = Field(description="the agency's id, a lower-case slug, e.g. `uprnn`")
    name: Names = Field(description="the agency's name in Hindi and English")
