"""Talking to a running stack as its users do: portals that send figures, an observer that
reads what the pipeline publishes, the read APIs, and the Command Centre's alert lines."""
