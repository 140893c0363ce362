"""Headless Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium: the browser
tests and `make demo`'s screenshots of the console use it the same way."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "chromedriver")
# As root on this kind of machine, without a sandbox; no background traffic to the outside.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=hi")


class BrowserMissing(RuntimeError):
    """Chromium, its driver or Selenium is not installed; the message says which."""


def _which(names: tuple[str, ...]) -> str | None:
    return next((found for n in names if (found := shutil.which(n))), None)


def missing() -> str | None:
    """Why no browser can be started here, or None when one can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the Python package selenium is not installed"
    if _which(CHROMIUM) is None:
        return "Debian's chromium is not installed (scripts/system-deps.sh installs it)"
    if _which(DRIVER) is None:
        return "Debian's chromium-driver is not installed (scripts/system-deps.sh installs it)"
    return None


@contextmanager
def chromium(width: int = 1440, height: int = 1000) -> Iterator[Any]:
    """A fresh headless Chromium (its own empty profile), quit and removed afterwards."""
    reason = missing()
    if reason:
        raise BrowserMissing(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="anushravan-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(_which(CHROMIUM))
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(_which(DRIVER))), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def log_in(driver: Any, base_url: str, user: str, password: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get(f"{base_url}/login")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.login button[type=submit]").click()
    # The next navigation must not race the login's redirect (it would land on the overview).
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url or d.find_elements(
        By.CSS_SELECTOR, "p.notice[role=alert]"))


def full_page_screenshot(driver: Any, path: Path, width: int) -> None:
    """The whole page at `width` CSS pixels: the view is sized to the page once laid out at that width."""
    def size(height: int) -> None:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    size(800)
    height = int(driver.execute_script("return Math.ceil(document.body.getBoundingClientRect().height)"))
    size(min(max(height, 400), 16000))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(driver.get_screenshot_as_png())
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
