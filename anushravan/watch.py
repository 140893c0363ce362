"""`anushravan watch`: the Command Centre's live view of `alerts.rank-change`.

One coloured line per alert (severity, type, district, scheme, the message in English and
Hindi) and running counts beneath. Works against any broker: it reads the topic without a
consumer group, so it never disturbs the services' offsets.
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiokafka import AIOKafkaConsumer
from rich.console import Console
from rich.live import Live
from rich.panel import Panel

from anushravan.live.feed import AlertTally, alert_line
from shared.events.alerts import ALERT_RAISED, ALERT_RESOLVED
from shared.topics import ALERTS


def decode(value: bytes | None) -> tuple[str, dict[str, Any]] | None:
    """(event type, data) of an alert event, or None for anything else."""
    try:
        event = json.loads(value or b"")
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("type") not in (ALERT_RAISED, ALERT_RESOLVED):
        return None
    data = event.get("data")
    return (str(event["type"]), data) if isinstance(data, dict) else None


async def watch(bootstrap: str, console: Console, from_beginning: bool = False,
                idle_exit: float | None = None, limit: int | None = None) -> AlertTally:
    """Tail the alerts until interrupted, `idle_exit` seconds pass without one, or `limit` arrive."""
    tally = AlertTally()
    consumer = AIOKafkaConsumer(ALERTS, bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest" if from_beginning else "latest",
                                fetch_max_wait_ms=50, client_id="anushravan-watch")
    await consumer.start()
    # The embedded broker reports end offsets too low, so "latest" can replay a few old alerts:
    # records produced before we started are skipped by their timestamp.
    since_ms = 0 if from_beginning else int(time.time() * 1000) - 1000
    last_seen = time.monotonic()
    shown = 0
    try:
        with Live(_footer(tally, bootstrap), console=console, refresh_per_second=4, transient=False) as live:
            while limit is None or shown < limit:
                batches = await consumer.getmany(timeout_ms=250, max_records=500)
                for record in (r for rs in batches.values() for r in rs):
                    alert = decode(record.value) if record.timestamp >= since_ms else None
                    if alert is None or (limit is not None and shown >= limit):
                        continue
                    resolved = alert[0] == ALERT_RESOLVED
                    tally.add(alert[1], resolved)
                    live.console.print(alert_line(alert[1], resolved), highlight=False, soft_wrap=True)
                    shown += 1
                    last_seen = time.monotonic()
                live.update(_footer(tally, bootstrap))
                if idle_exit is not None and time.monotonic() - last_seen > idle_exit:
                    break
    finally:
        await consumer.stop()
    return tally


def _footer(tally: AlertTally, bootstrap: str) -> Panel:
    return Panel(tally.summary(), title=f"alerts.rank-change on {bootstrap}", title_align="left",
                 subtitle="Ctrl-C to stop", subtitle_align="right")
