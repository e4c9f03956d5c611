"""A plugin implementing a hook the portal does not declare (a typo in its name).

Loading it must not fail silently: the plugin is marked unavailable, so its
author sees the mistake on the admin page and in ``portal plugins list``.
"""

from portal.api import NavItem, hookimpl


@hookimpl
def portal_navigaton(user, lang):  # sic: the misspelling is the point
    return [NavItem("Misspelt plugin", "/misspelt")]


@hookimpl
def portal_navigation(user, lang):
    return [NavItem("Misspelt plugin's good link", "/misspelt-good")]
