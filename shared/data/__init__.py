"""Reference data shipped with the code (read through importlib.resources)."""
