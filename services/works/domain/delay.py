"""Delays as the national monitoring reports bucket them, and the delay added since last month."""

from __future__ import annotations

from shared.events.works import DelayBucket

# (the bucket, its last month), in order; anything longer is "over-60".
BUCKETS: tuple[tuple[DelayBucket, int], ...] = (("1-12", 12), ("13-24", 24), ("25-60", 60))


def delay_bucket(months: int) -> DelayBucket | None:
    """`1-12`, `13-24`, `25-60` or `over-60` months of time overrun; None for a work on time."""
    if months <= 0:
        return None
    for bucket, last in BUCKETS:
        if months <= last:
            return bucket
    return "over-60"


def extra_delay_months(now: int, last_month: int | None) -> int:
    """Months of delay added since last month: negative when the work made up time, 0 when
    there is no last month to compare with (a work's first month adds nothing it can be blamed for
    in this meeting's comparison)."""
    return 0 if last_month is None else now - last_month
