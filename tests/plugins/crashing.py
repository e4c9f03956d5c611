"""Plugins that fail, to show a failure is isolated (used by the plugin tests)."""

from portal.api import NavItem, hookimpl


class CrashesAtStartup:
    @hookimpl
    def portal_startup(self, app):
        raise RuntimeError("broken at start-up")

    @hookimpl
    def portal_navigation(self, user, lang):
        return [NavItem("Never shown", "/never")]


class CrashesInHooks:
    @hookimpl
    def portal_navigation(self, user, lang):
        raise RuntimeError("broken navigation")

    @hookimpl
    def portal_search(self, query, lang, user, limit):
        raise RuntimeError("broken search")

    @hookimpl
    def portal_template_context(self):
        raise RuntimeError("broken context")


startup = CrashesAtStartup()
hooks = CrashesInHooks()
