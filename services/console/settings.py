"""The console's own settings, beside the shared ones (CONTRACT §5–6): who its users are, where
the other services answer, the key it calls them with, and how long sessions and locks last."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr

from shared.settings import Settings


class ConsoleSettings(Settings):
    users_file: Path | None = Field(default=None, validation_alias=AliasChoices("ANUSHRAVAN_USERS_FILE"))
    # The console calls the other services with its own key, marked `acts_for_users` (shared/acting.py):
    # reads as itself, changes for the person logged in.
    console_api_key: SecretStr | None = None
    scoring_url: str = "http://127.0.0.1:8002"
    alerts_url: str = "http://127.0.0.1:8003"
    reports_url: str = "http://127.0.0.1:8004"
    upstream_timeout_s: float = Field(default=10.0, gt=0.0, le=120.0)
    # Upstream answers are kept this long at most; a ranks.updated event of the period drops them sooner.
    cache_ttl_s: float = Field(default=30.0, ge=0.0, le=3600.0)
    # Sessions end after this long without a request, and in any case after the absolute limit.
    session_idle_s: int = Field(default=2 * 3600, ge=60)
    session_max_s: int = Field(default=12 * 3600, ge=60)
    # Browsers send Secure cookies to http://127.0.0.1 and localhost; behind TLS it must stay on.
    cookie_secure: bool = True
    # Failed logins per user name (and per client address) in the window before a lock-out.
    login_max_failures: int = Field(default=5, ge=1, le=1000)
    login_window_s: int = Field(default=15 * 60, ge=1)
    login_lockout_s: int = Field(default=15 * 60, ge=1)
    # Server-Sent Events: a comment this often keeps proxies from closing an idle stream.
    sse_keepalive_s: float = Field(default=15.0, gt=0.0, le=300.0)
    # Each replica has its own consumer group, so every replica sees every ranking; unset: host name.
    console_replica: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._-]{1,100}$")
    # Refused submissions kept for the departments' desks (services/console/rejections.py).
    console_rejections_max: int = Field(default=20_000, ge=100, le=1_000_000)
