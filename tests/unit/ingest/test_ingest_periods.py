"""Frozen periods from `periods.events`, and the current period."""

from __future__ import annotations

from datetime import date

import pytest

from services.ingest.handlers import frozen_period, frozen_periods_handler
from shared.clock import today_period
from shared.messaging import PoisonMessage
from shared.periods import PeriodWindow, period_of
from shared.settings import Settings
from tests.support.kafka import event_bytes

WINDOW = PeriodWindow(2018, "2026-03")


def test_a_frozen_event_names_its_period() -> None:
    assert frozen_period(event_bytes("period.frozen.v1", {"period": "2026-03"}), WINDOW) == "2026-03"


def test_a_deadline_event_freezes_nothing() -> None:
    assert frozen_period(event_bytes("period.deadline_passed.v1", {"period": "2026-03"}), WINDOW) is None


@pytest.mark.parametrize("value", [b"not json", event_bytes("period.frozen.v1", {"period": "March"}), None,
                                   event_bytes("period.frozen.v1", {"period": "0000-01"}),
                                   event_bytes("period.frozen.v1", {"period": "2026-04"}),
                                   event_bytes("period.frozen.v1", {"period": "٢٠٢٦-03"})])
def test_an_unreadable_or_out_of_window_period_event_is_poison_to_be_dead_lettered(value: bytes | None) -> None:
    with pytest.raises(PoisonMessage):
        frozen_period(value, WINDOW)


def test_today_can_be_pinned_by_the_settings() -> None:
    settings = Settings(KAFKA_BOOTSTRAP_SERVERS="x", today="2026-03-24")
    assert today_period(settings)() == "2026-03"


def test_a_period_is_the_year_and_month_of_a_day() -> None:
    assert period_of(date(2026, 1, 5)) == "2026-01"


class Recorded:
    def __init__(self) -> None:
        self.frozen: list[str] = []

    async def freeze(self, periods: list[str], at: object) -> None:
        self.frozen.extend(periods)


class Record:
    def __init__(self, value: bytes) -> None:
        self.value = value


async def test_the_consumer_stores_the_frozen_periods_of_a_batch_and_skips_deadlines() -> None:
    store = Recorded()
    handle = frozen_periods_handler(store, lambda: WINDOW)  # type: ignore[arg-type]
    await handle([Record(event_bytes("period.frozen.v1", {"period": "2026-02"})),
                  Record(event_bytes("period.deadline_passed.v1", {"period": "2026-03"}))])
    assert store.frozen == ["2026-02"]
