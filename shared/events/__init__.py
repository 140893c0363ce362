"""Event payloads of CONTRACT §3, one module per producing service."""
