"""Error pages in the visitor's language, inside the accessible layout."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.i18n import best_language
from portal.security import UntypeableCharacters


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _("Your form could not be sent"),
                       _("The form had expired or was sent from another page. "
                         "Go back, reload the page and try again."))

    @app.errorhandler(UntypeableCharacters)
    def untypeable(error):
        return _render(400, _("Your form could not be sent"),
                       _("It contained characters that cannot be typed, such as control "
                         "characters. Remove them and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        titles = {
            400: (_("Bad request"), _("The request could not be understood.")),
            403: (_("You cannot open this page"),
                  _("Your account does not have permission to open this page.")),
            404: (_("Page not found"),
                  _("If you typed the web address, check it is correct. "
                    "If you pasted it, check you copied the whole address.")),
            405: (_("Bad request"), _("The request could not be understood.")),
            413: (_("File too large"), _("The file you sent is larger than we accept.")),
            429: (_("Too many attempts"),
                  _("You have tried too many times. Wait a few minutes and try again.")),
        }
        title, text = titles.get(error.code or 500, (_("Sorry, something went wrong"),
                                                     _("Please try again later.")))
        return _render(error.code or 500, title, text)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        """The database cannot be reached (or is locked): a plain page, nothing else tried.

        The page is drawn without the signed-in user or the plugins' navigation,
        both of which would need the database; the next request tries again, so
        the portal recovers by itself when the database is back.
        """
        from portal.extensions import db

        current_app.logger.error("database unavailable: %s", error)
        g.database_unavailable = True
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; the session is discarded at teardown
            pass
        response = _render(503, _("Service temporarily unavailable"),
                           _("The portal cannot reach its database at the moment. Nothing you "
                             "have already sent has been lost. Please try again in a few "
                             "minutes."))
        response[0].headers["Retry-After"] = "60"
        response[0].headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(500)
    def server_error(error):
        return _render(500, _("Sorry, something went wrong"), _("Please try again later."))


def _render(code: int, title: str, text: str):
    if not g.get("lang"):
        first = request.path.strip("/").split("/", 1)[0]
        try:
            g.lang = first if first in current_app.config["LANGUAGES"] else best_language()
        except Exception:  # e.g. the database is down: fall back to the default
            g.lang = None
        refresh()
    page = render_template("error.html", title=title, text=text, code=code,
                           unavailable=g.get("database_unavailable", False))
    return current_app.make_response(page), code
