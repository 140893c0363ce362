"""`make demo` / `anushravan demo`: a year in the life of the state, end to end.

Starts the embedded stack, sends a simulated financial year month by month through the real
ingest API and straight to Kafka (as departmental portals do), announces each deadline and
freezes each month, then shows what the Command Centre and the district see: the alert
feed, the composite ranking with movement, why the worst-falling district fell, and the
Kanpur Nagar minutes and booklet saved to `out/`. Everything it started is stopped at the
end unless `keep` is set.
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from anushravan import stack
from anushravan.commands.simulate import describe, pick_districts
from anushravan.live.client import ReadApi
from anushravan.live.documents import Documents
from anushravan.live.driver import MonthDriver, MonthResult, PipelineStuck
from anushravan.live.observer import Observer
from anushravan.live.portals import IngestError, Portals
from anushravan.live.screens import BrowserMissing, console_shots, take_screenshots
from anushravan.live.showcase import show_documents, show_feed, show_ranking
from anushravan.sim.calendar import DEFAULT_UNTIL, last_day
from anushravan.simulate import SimConfig, Simulation, simulate
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.districts import load_districts
from shared.settings import DEFAULT_PORTS, Settings

FOCUS = "kanpur-nagar"
# The default size keeps `make demo` near two minutes on 2 cores with the services as measured
# (3 months ≈ 75 s; the whole year, --months 12, ≈ 8 minutes, mostly freezes and redrafting).
# Only the last FULL_MONTHS go step by step through the ingest API; earlier months are replayed.
DEFAULT_MONTHS = 3
FULL_MONTHS = 2


class DemoError(RuntimeError):
    """The demo cannot go on; the message says why and where to look."""


@dataclass(frozen=True)
class DemoOptions:
    months: int = DEFAULT_MONTHS
    districts: int | None = None
    seed: int = 7
    until: str = DEFAULT_UNTIL
    keep: bool = False
    out: Path = Path("out")


def stack_env(until: str) -> dict[str, str]:
    """Settings for the services: 'today' pinned to the end of the last month (so that no month
    of the year is in the future), and no rate limit for portals that send a year in a minute.
    Rank publishing and the minutes' debounce keep their defaults: quicker settings only add
    work for the database on two cores."""
    return {"ANUSHRAVAN_TODAY": last_day(until).isoformat(), "ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": "1000000"}


def busy_ports() -> list[int]:
    busy = []
    for port in DEFAULT_PORTS.values():
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    return busy


def run_demo(options: DemoOptions, console: Console) -> None:
    """The whole demo; raises DemoError when it cannot finish."""
    started = time.monotonic()
    schemes = load_catalog(default_catalog_path())
    districts = pick_districts([d.id for d in load_districts()], options.districts)
    simulation = simulate(schemes, districts, SimConfig(seed=options.seed, until=options.until,
                                                        months=options.months))
    introduce(console, simulation, schemes, len(districts))
    settings = Settings()
    if (running := stack.running(settings.state_dir)) is not None:
        addresses = ", ".join(f"{n} {p.url}" for n, p in running.services.items())
        raise DemoError(f"a stack is already running (state in {settings.state_dir}: {addresses}); the demo starts "
                        "and stops its own and leaves that one alone. Stop it with 'anushravan down', or run the "
                        "demo beside it with ANUSHRAVAN_STATE_DIR=.anushravan-demo ANUSHRAVAN_STACK_FREE_PORTS=true.")
    if not settings.stack_free_ports and (busy := busy_ports()):
        raise DemoError(f"port(s) {', '.join(map(str, busy))} are in use: is a stack running already? "
                        "Stop it with 'anushravan down', or set ANUSHRAVAN_STACK_FREE_PORTS=true.")
    state = start_stack(console, settings, options.until)
    try:
        documents = asyncio.run(drive(console, state, simulation, schemes, options))
        show_console(console, state, options.out)
    finally:
        if options.keep:
            keep_message(console, state)
        else:
            with console.status("Stopping what the demo started…"):
                stopped = stack.stop(state, settings.state_dir)
            console.print(f"Stopped: {', '.join(stopped)}.", markup=False)
    if not any(p.name.startswith("minutes-") for p in documents.written):
        raise DemoError("the minutes were not written (see the reasons above)")
    console.print(f"[bold green]Demo finished in {time.monotonic() - started:.0f} s.[/] "
                  f"Open {escape(str(documents.written[0].parent))}/ for the minutes and the booklet.")


def show_console(console: Console, state: stack.StackState, out: Path) -> None:
    """The Command Centre's screen: two screenshots to out/, and where to log in."""
    address = state.services["console"].url
    console.rule("The Command Centre console")
    user, password = next(iter(state.logins.items()), ("", ""))
    if user:
        try:
            written = take_screenshots(address, user, password, out, console_shots(FOCUS)[:2])
            console.print("Screenshots: " + ", ".join(str(p) for p in written), highlight=False)
        except BrowserMissing as exc:
            console.print(f"[yellow]No screenshots of the console: {exc}.[/]")
    console.print(f"Console: {address} — user {user or '(from ANUSHRAVAN_USERS_FILE)'}"
                  + (f", password {password}" if password else ""), highlight=False)


def introduce(console: Console, simulation: Simulation, schemes: list[Scheme], units: int) -> None:
    departments = len({s.department.id for s in schemes})
    text = (f"Every month, {departments} departments' portals report the figures of {len(schemes)} "
            f"flagship schemes for each of {units} districts. Anushravan scores them (marks out of "
            "10, grades A–D), ranks the districts per scheme and overall, alerts the CM Command "
            "Centre when a district collapses, and drafts each district's review-meeting minutes.\n\n"
            + "\n".join(describe(simulation)))
    console.print(Panel(Text(text), title="Anushravan demo: a year in the life of the state", expand=False))


def start_stack(console: Console, settings: Settings, until: str) -> stack.StackState:
    console.print("Starting the embedded broker (Tansu), the database (nx-27017) and the four services "
                  "(ingest, scoring, alerts, reports); the catalogue is published to catalog.schemes, "
                  "from where every service learns the schemes.")
    begun = time.monotonic()
    with console.status("Starting Anushravan… (consumer groups take a few seconds to form)"):
        try:  # on failure, up has stopped what it started, and nothing else
            state = stack.up(settings, settings.state_dir, None, stack_env(until), timeout=120.0)
        except RuntimeError as exc:
            raise DemoError(f"{exc} (service logs in {settings.state_dir / 'logs'})") from None
    console.print(f"Ready in {time.monotonic() - begun:.1f} s: "
                  + ", ".join(f"{n} {p.url}" for n, p in state.services.items()), highlight=False)
    return state


def keep_message(console: Console, state: stack.StackState) -> None:
    console.print(Panel(
        "The stack keeps running (--keep). Try:\n"
        "  anushravan watch --from-beginning     the Command Centre's live alert feed\n"
        "  anushravan status                     what runs and whether it is ready\n"
        f"  {state.services['console'].url:<37} the Command Centre console in a browser\n"
        f"  curl -H 'Authorization: Bearer {state.secrets.get('viewer', '<viewer key>')}' "
        f"{state.services['scoring'].url}/v1/composite/<period>\n"
        "  anushravan down                       stop everything",
        title="Still running", expand=False))


async def drive(console: Console, state: stack.StackState, simulation: Simulation,
                schemes: list[Scheme], options: DemoOptions) -> Documents:
    urls = {name: proc.url for name, proc in state.services.items()}
    observer = Observer(state.kafka)
    portals = Portals(urls["ingest"], state.secrets, state.kafka)
    api = ReadApi(urls, state.secrets["viewer"])
    await observer.start()
    await portals.start()
    try:
        await send_year(console, observer, portals, api, state.kafka, simulation)
        await observer.wait_quiet(1.5, 20.0)
        return await show(console, api, observer, simulation, schemes, options)
    except (PipelineStuck, IngestError) as exc:
        raise DemoError(f"{exc} (service logs in {Settings().state_dir / 'logs'})") from None
    finally:
        await asyncio.gather(observer.stop(), portals.close(), api.close())


async def send_year(console: Console, observer: Observer, portals: Portals, api: ReadApi,
                    bootstrap: str, simulation: Simulation) -> None:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    history, played = list(simulation.months[:-FULL_MONTHS]), simulation.months[-FULL_MONTHS:]
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("months", total=len(simulation.months))

        def say(sentence: str) -> None:
            progress.console.print(f"[cyan]→[/] {escape(sentence)}", highlight=False)

        driver = MonthDriver(portals, observer, api, bootstrap, say,
                             lambda description: progress.update(task, description=description))
        if history:
            stretch = history[0].period + (f" … {history[-1].period}" if len(history) > 1 else "")
            say(f"Catching up on the year: the figures of {stretch} are "
                "replayed straight onto Kafka, and each month is frozen in turn, so that every district has "
                f"its history of final ranks. Then the last {len(played)} months are played step by step.")
            report(progress, observer, await driver.replay(history, lambda: progress.advance(task)))
        for month in played:
            never = len(simulation.story.never) if month is played[-1] else 0
            report(progress, observer, await driver.run(month, narrate=True, never=never))
            progress.advance(task)
        progress.update(task, description=f"{len(simulation.months)} months sent, scored, ranked and frozen")


def report(progress: Progress, observer: Observer, result: MonthResult) -> None:
    """One line per month (or replayed stretch): what was sent, what ingest answered, how long
    each step took."""
    receipt = result.receipt
    ingest = (f"; ingest answered {receipt.accepted:,} accepted, {receipt.duplicates} duplicate"
              + (f", {len(receipt.rejected)} refused" if receipt.rejected else "")) if receipt.accepted else ""
    laps = " · ".join(f"{k} {v:.1f} s" for k, v in result.laps.items())
    progress.console.print(
        f"[green]✓[/] {result.period} final: {result.sent:,} sends in {result.seconds:.1f} s "
        f"[dim]({laps})[/]{ingest}; alerts so far: {observer.severities['critical']} critical, "
        f"{observer.severities['warning']} warning", highlight=False)
    for line in receipt.rejected[:5]:
        progress.console.print(f"  [yellow]refused:[/] {escape(line)}", highlight=False)


async def show(console: Console, api: ReadApi, observer: Observer, simulation: Simulation,
               schemes: list[Scheme], options: DemoOptions) -> Documents:
    periods = simulation.periods
    last, previous = periods[-1], (periods[-2] if len(periods) > 1 else None)
    console.rule("What the Command Centre sees")
    await show_feed(console, api, observer, last)
    console.rule("The composite ranking")
    ranking = await show_ranking(console, api, last, previous, schemes)
    console.rule("The district review meeting")
    return await show_documents(console, api, FOCUS, last, ranking, options.out)
