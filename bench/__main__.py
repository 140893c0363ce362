"""`make bench`: every bench/bench_*.py, against the raw ceilings measured in the same run.

Writes bench/results/<timestamp>.json and bench/results/latest.json and prints a table.
Options: --quick (smaller sizes), --only NAME (e.g. --only scoring)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import platform
import time
import traceback
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.harness import BenchEnv, servers
from bench.raw import ceilings, database_ceilings

HERE = Path(__file__).resolve().parent
console = Console()


def modules(only: str | None) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if only is None or n == f"bench_{only}"]


async def main(quick: bool, only: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "quick": quick,
    }
    with servers() as (kafka, mongo, workdir):
        console.print("[bold]Raw broker ceilings[/bold] (plain aiokafka on the embedded Tansu)…")
        raw = await ceilings(kafka.url, n=20_000 if quick else 50_000)
        console.print("[bold]Raw database ceilings[/bold] (plain PyMongo on the embedded nx-27017)…")
        raw.update(await database_ceilings(mongo.url, n=10_000 if quick else 20_000))
        result["raw"] = raw
        env = BenchEnv(kafka=kafka.url, mongo_url=mongo.url, workdir=workdir, raw=raw, quick=quick)
        for name in modules(only):
            console.print(f"[bold]{name}[/bold]…")
            try:
                module = importlib.import_module(f"bench.{name}")
                result[name.removeprefix("bench_")] = await module.run(env)
            except Exception as exc:  # one failing benchmark must not hide the others' figures
                result[name.removeprefix("bench_")] = {"error": repr(exc), "trace": traceback.format_exc()}
    return result


def show(result: dict[str, Any]) -> None:
    table = Table(title="Anushravan benchmarks")
    table.add_column("benchmark")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for section, figures in result.items():
        if not isinstance(figures, dict) or section == "machine":
            continue
        for key, value in figures.items():
            if key != "trace" and not isinstance(value, (dict, list)):
                table.add_row(section, key, str(value))
    console.print(table)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    outcome = asyncio.run(main(args.quick, args.only))
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    text = json.dumps(outcome, indent=2, ensure_ascii=False)
    (out_dir / f"{outcome['started_at'].replace(':', '')}.json").write_text(text)
    (out_dir / "latest.json").write_text(text)
    show(outcome)
    console.print(f"Written to {out_dir / 'latest.json'}")
