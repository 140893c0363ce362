"""The console's own MongoDB collections (it reads no other service's).

console_sessions        one per open session: `_id` = SHA-256 of the cookie's secret, the user,
                        the CSRF token, created and last-seen times (the cookie alone is no proof)
console_login_attempts  failed logins per user name and per client address, for lock-outs
console_preferences     each user's language, remembered across sessions
console_rejections      refused submissions from `progress.rejected`, for the departments' desks
                        (bounded: services/console/rejections.py)
"""

from __future__ import annotations

from services.console.rejections import INDEXES as REJECTION_INDEXES
from services.console.rejections import REJECTIONS
from shared.mongo import Index

SESSIONS = "console_sessions"
ATTEMPTS = "console_login_attempts"
PREFERENCES = "console_preferences"

SCHEMA: dict[str, list[Index]] = {
    SESSIONS: [Index([("user", 1)]), Index([("seen", 1)])],
    ATTEMPTS: [],
    PREFERENCES: [],
    REJECTIONS: REJECTION_INDEXES,
}
