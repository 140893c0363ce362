"""The console as its users see it: screenshots of the state overview and a district's page
(wide, and at a phone's 360 px), written by `make demo` to out/ and by the browser tests to
docs/screenshots/."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from anushravan.live.browser import BrowserMissing, chromium, full_page_screenshot, log_in

WIDE, PHONE = 1440, 360


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    width: int


def console_shots(district: str) -> list[Shot]:
    """The overview and a district's page, wide then at a phone's width."""
    page = f"/districts/{district}"
    return [Shot("console-overview", "/?lang=en", WIDE), Shot(f"console-district-{district}", page, WIDE),
            Shot("console-overview-360", "/", PHONE), Shot(f"console-district-{district}-360", page, PHONE)]


def take_screenshots(base_url: str, user: str, password: str, out: Path, shots: list[Shot]) -> list[Path]:
    """Log in once and save each page as PNG; BrowserMissing says why when no browser is here."""
    written = []
    with chromium(WIDE, 1000) as driver:
        log_in(driver, base_url, user, password)
        for shot in shots:
            driver.get(base_url + shot.path)
            time.sleep(0.3)  # the live stream connects; nothing else moves
            path = out / f"{shot.name}.png"
            full_page_screenshot(driver, path, shot.width)
            written.append(path)
    return written


__all__ = ["BrowserMissing", "Shot", "console_shots", "take_screenshots"]
