"""A plugin that raises in its page hooks: each failure is logged and skipped."""

from tests.plugins.crashing import CrashesInHooks

plugin = CrashesInHooks()
