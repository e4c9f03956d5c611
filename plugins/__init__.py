"""Feature plugins of the Harrow Partnership Portal (each registered as an entry point)."""
