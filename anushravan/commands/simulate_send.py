"""`anushravan simulate --send`: realistic months into the running stack, the demo's way."""

from __future__ import annotations

import asyncio
from datetime import date

from rich.console import Console

from anushravan.output import fail, note
from anushravan.simulate import Simulation
from anushravan.stack import StackState
from shared.periods import has_ended
from shared.settings import Settings


def send_to_stack(simulation: Simulation) -> None:
    """Send the simulation's months to the stack of the state directory, then say what to look at."""
    settings = Settings()
    state = StackState.load(settings.state_dir)
    if state is None or "ingest" not in state.services:
        raise fail(f"no running stack in {settings.state_dir}: start one with 'anushravan up'", 2)
    if not all(f"submitter:{m}" in state.secrets for m in {s.submission.department for s in simulation.sends()}):
        raise fail("simulate --send uploads with the department keys that 'anushravan up' generates, and this "
                   "stack uses ANUSHRAVAN_API_KEYS_FILE; write NDJSON instead (-o FILE) and send it with your keys",
                   2)
    today = date.fromisoformat(settings.today) if settings.today else date.today()
    last = simulation.periods[-1]
    if not has_ended(last, today):
        raise fail(f"{last} has not ended (today is {today}): simulate --send freezes every month it plays; "
                   "choose --until a month that has ended", 2)
    console = Console(highlight=False)
    asyncio.run(_send(console, state, simulation))
    note(console, f"Loaded {simulation.periods[0]} … {last}. Try: anushravan ranking · anushravan alerts --period "
                  f"{last} · anushravan explain kanpur-nagar {last} · anushravan minutes kanpur-nagar {last}")


async def _send(console: Console, state: StackState, simulation: Simulation) -> None:
    from anushravan.demo import send_year
    from anushravan.live.client import ReadApi
    from anushravan.live.driver import PipelineStuck
    from anushravan.live.observer import Observer
    from anushravan.live.portals import IngestError, Portals

    urls = {name: proc.url for name, proc in state.services.items()}
    observer, portals = Observer(state.kafka), Portals(urls["ingest"], state.secrets, state.kafka)
    api = ReadApi(urls, state.secrets["viewer"])
    await observer.start()
    await portals.start()
    try:
        await send_year(console, observer, portals, api, state.kafka, simulation)
    except (PipelineStuck, IngestError) as exc:
        raise fail(f"{exc} (service logs in {Settings().state_dir / 'logs'})") from None
    finally:
        await asyncio.gather(observer.stop(), portals.close(), api.close())
