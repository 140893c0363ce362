"""Commands that live beside their feature: each module here has `register(app)`."""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register(app: typer.Typer) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        hook = getattr(module, "register", None)
        if callable(hook):
            hook(app)
