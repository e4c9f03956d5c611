"""A plugin whose import fails, as when it needs a library that is not installed."""

raise ImportError("broken_import needs a library that is not installed")
