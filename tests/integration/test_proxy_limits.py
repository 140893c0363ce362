"""The reverse proxy's limits (deploy/proxy/nginx.conf) are nginx's to check, and agree with
the services' own: a limit changed on one side only would refuse what the other accepts."""

from __future__ import annotations

import re
from pathlib import Path

from services.reports.http import DIRECTIVES_BODY_BYTES
from shared.settings import Settings
from tests.support.proxy import CONFIG, check, config_for

UNITS = {"k": 1024, "m": 1024 * 1024}


def _size(text: str) -> int:
    return int(text[:-1]) * UNITS[text[-1]]


def _location(opening: str) -> str:
    """The block of the location that opens with exactly `opening` (e.g. `location = /v1/x`)."""
    found = re.search(rf"{re.escape(opening)} \{{(.*?)\}}", CONFIG.read_text(), re.S)
    assert found is not None, f"no {opening}"
    return found.group(1)


def _directive(name: str, block: str | None = None) -> str:
    found = re.search(rf"^\s*{name} ([^;]+);", block if block is not None else CONFIG.read_text(), re.M)
    assert found is not None, f"no {name}"
    return found.group(1)


def test_the_proxy_and_the_services_hold_requests_to_the_same_sizes_and_times() -> None:
    settings = Settings()
    assert _size(_directive("client_max_body_size")) == settings.http_max_json_body_bytes
    for opening, limit in [("location = /v1/submissions", settings.max_body_bytes),
                           ("location = /v1/submissions:batch", settings.max_batch_body_bytes),
                           ("location ~ ^/v1/minutes(/|$)", DIRECTIVES_BODY_BYTES)]:
        assert _size(_directive("client_max_body_size", _location(opening))) == limit, opening
    assert _size(_directive("large_client_header_buffers").split()[1]) == settings.http_max_header_bytes
    assert float(_directive("client_header_timeout").rstrip("s")) == settings.http_header_timeout_s
    assert float(_directive("client_body_timeout").rstrip("s")) == settings.http_body_idle_timeout_s
    # The edge proxy sets the address the services count by; it never passes on a client's claim.
    assert _directive("proxy_set_header X-Forwarded-For") == "$remote_addr"


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    done = check(config_for({}, 18080, tmp_path))
    assert done.returncode == 0, done.stderr
