"""A plugin that raises in ``portal_startup``: it must end up unavailable."""

from tests.plugins.crashing import CrashesAtStartup

plugin = CrashesAtStartup()
