"""Languages: which are shipped, which one a request uses, and its direction.

The shipped languages are data: English (the source language) plus every
catalog found in ``translations/``. Adding a language needs a catalog and
nothing else; its name and text direction come from Babel's CLDR data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's name in itself: ગુજરાતી, العربية, Română
    english_name: str
    direction: str  # "ltr" or "rtl"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@cache
def language(code: str) -> Language:
    loc = Locale.parse(code)
    name = loc.get_display_name(code) or code
    return Language(
        code=code,
        name=name[:1].upper() + name[1:],
        english_name=loc.get_display_name("en") or code,
        direction="rtl" if loc.character_order == "right-to-left" else "ltr",
    )


def shipped_codes(directory: Path = TRANSLATIONS) -> list[str]:
    """English first, then every language with a catalog, in code order."""
    found = sorted(
        p.name for p in directory.glob("*") if (p / "LC_MESSAGES" / "messages.po").is_file()
    )
    return [SOURCE_LANGUAGE] + [c for c in found if c != SOURCE_LANGUAGE]


def languages() -> list[Language]:
    return [language(c) for c in current_app.config["LANGUAGES"]]


def current_language() -> Language:
    return language(g.get("lang") or current_app.config["DEFAULT_LOCALE"])


def best_language() -> str:
    """The language for a request that names none: saved choice, then browser."""
    supported = current_app.config["LANGUAGES"]
    preferred = getattr(current_user, "preferred_language", None)
    if preferred in supported:
        return preferred
    return request.accept_languages.best_match(supported) or current_app.config["DEFAULT_LOCALE"]


# Formatting conventions for a language code where the bare code would pick
# another country's (Babel's "en" writes dates the American way).
FORMAT_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    code = g.get("lang") or current_app.config["DEFAULT_LOCALE"]
    return FORMAT_LOCALES.get(code, code)


def init_app(app: Flask) -> None:
    app.config.setdefault("LANGUAGES", shipped_codes(Path(app.config["TRANSLATIONS_DIR"])))

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            code = values.pop("lang")
            if code not in app.config["LANGUAGES"]:
                abort(404)
            g.lang = code

    @app.url_defaults
    def add_lang(endpoint, values):
        if "lang" in values or not endpoint:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.get("lang") or app.config["DEFAULT_LOCALE"]

    @app.context_processor
    def language_context():
        return {"languages": languages(), "current_language": current_language()}


def switch_url(code: str) -> str:
    """The current page in another language (the language switcher's links)."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang"] = code
        query = request.query_string.decode()
        url = url_for(request.endpoint, **args)
        return f"{url}?{query}" if query and request.method == "GET" else url
    return url_for("core.home", lang=code)


def redirect_to_best_language():
    return redirect(url_for("core.home", lang=best_language()))
