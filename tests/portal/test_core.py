"""The application, languages, layout and access rules."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.access import RULES
from portal.config import from_environment
from portal.extensions import db
from tests.conftest import make_app


def test_settings_come_from_portal_environment_variables():
    settings = from_environment({"PORTAL_DATABASE_URL": "postgresql+psycopg://db/x",
                                 "PORTAL_MAIL_PORT": "2525", "PORTAL_MAIL_USE_TLS": "true",
                                 "PORTAL_PLUGINS": "assembly,compact"})
    assert settings["DATABASE_URL"] == "postgresql+psycopg://db/x"
    assert settings["MAIL_PORT"] == 2525 and settings["MAIL_USE_TLS"] is True
    assert settings["PLUGINS"] == "assembly,compact"


def test_the_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("PORTAL_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/portal.db")


def test_health_check_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_health_check_answers_503_when_the_database_is_not(tmp_path):
    app = create_app({"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none",
                      "SECRET_KEY": "x", "TESTING": True})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(("header", "expected"), [
    ("gu-IN,gu;q=0.9,en;q=0.5", "/gu/"),
    ("ar", "/ar/"),
    ("ro-RO", "/ro/"),
    ("de-DE,fr;q=0.8", "/en/"),
    ("", "/en/"),
])
def test_root_redirects_to_the_best_language_for_the_browser(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_an_unknown_language_prefix_is_not_found(client):
    assert client.get("/xx/").status_code == 404


@pytest.mark.parametrize(("lang", "direction"), [
    ("en", "ltr"), ("gu", "ltr"), ("ro", "ltr"), ("ta", "ltr"), ("pl", "ltr"), ("pt", "ltr"),
    ("so", "ltr"), ("ar", "rtl"), ("ur", "rtl"), ("fa", "rtl")])
def test_pages_declare_their_language_and_direction(client, lang, direction):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in page


def test_direction_comes_from_locale_data():
    from portal.i18n import language

    assert language("fa").direction == "rtl" and language("ur").direction == "rtl"
    assert language("ta").direction == "ltr"


def test_the_language_switcher_names_each_language_in_itself(client):
    page = client.get("/en/bodies/").get_data(as_text=True)
    for code, name in [("en", "English"), ("gu", "ગુજરાતી"), ("ta", "தமிழ்"), ("ro", "Română"),
                       ("pl", "Polski"), ("pt", "Português"), ("so", "Soomaali"),
                       ("ar", "العربية"), ("ur", "اردو"), ("fa", "فارسی")]:
        assert f'href="/{code}/bodies/" lang="{code}" hreflang="{code}"' in page
        assert f">{name}</a>" in page


def test_every_page_has_a_skip_link_landmarks_and_one_heading(client):
    for url in ["/en/", "/en/account/login", "/en/account/register", "/en/bodies/",
                "/en/search?q=x", "/en/nowhere"]:
        page = client.get(url).get_data(as_text=True)
        assert '<a class="skip-link" href="#main">' in page, url
        assert '<main id="main"' in page and "<header" in page and "<footer" in page, url
        assert page.count("<h1") == 1, url


def test_not_found_pages_are_in_the_visitors_language(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "ar"})
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)


def test_every_route_declares_an_access_rule(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        if getattr(view, "access_rule", None) not in RULES:
            missing.append(rule.rule)
    assert not missing, f"routes without an access rule: {missing}"


@pytest.mark.parametrize("url", ["/en/dashboard", "/en/account/profile"])
def test_resident_pages_send_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/account/login?next=")


@pytest.mark.parametrize("url", ["/en/admin/", "/en/admin/organisations"])
def test_officer_pages_are_forbidden_to_residents(client, make_user, login, url):
    make_user()
    login()
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/en/admin/users", "/en/admin/plugins"])
def test_administrator_pages_are_forbidden_to_officers(client, make_user, login, url):
    from portal.identity.models import Role

    make_user(role=Role.OFFICER)
    login()
    assert client.get(url).status_code == 403


def test_a_bad_page_number_is_not_found(client, make_user, login):
    from portal.identity.models import Role

    make_user(role=Role.ADMINISTRATOR)
    login()
    assert client.get("/en/admin/users?page=abc").status_code == 404
    assert client.get("/en/admin/users?page=99").status_code == 404


def test_pages_forbid_framing_and_foreign_scripts(client):
    response = client.get("/en/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_content_security_policy_allows_no_inline_code(client):
    policy = client.get("/en/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy and "object-src 'none'" in policy


def test_hsts_is_sent_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/en/").headers
    secure = client.get("/en/", base_url="https://portal.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_behind_a_trusted_proxy_https_is_recognised_and_cookies_are_secure(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1, BASE_URL="https://harrowpartnership.org.uk")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.get("/en/account/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"]
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # Without a trusted proxy the header is ignored: a client cannot claim HTTPS.
    plain = make_app(tmp_path).test_client().get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in plain.headers


def test_an_unmatched_address_under_a_language_answers_in_that_language(client):
    response = client.get("/ar/no/such/page", headers={"Accept-Language": "ro"})
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.get_data(as_text=True)


def test_portal_run_serves_the_app(app, monkeypatch):
    """`portal run` (what `make run` ends with) really starts a server."""
    import werkzeug.serving

    served = {}
    monkeypatch.setattr(werkzeug.serving, "run_simple",
                        lambda host, port, application, **kw: served.update(
                            host=host, port=port, app=application))
    result = app.test_cli_runner().invoke(args=["run", "--port", "5001"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 5001 and served["app"] is app


def test_anonymous_pages_can_be_revalidated_and_change_when_content_does(app, client):
    first = client.get("/en/bodies/")
    assert first.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    etag = first.headers["ETag"]
    again = client.get("/en/bodies/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    with app.app_context():
        from portal.bodies.models import Body, BodyKind
        db.session.add(Body(slug="new-group", name="A new group", kind=BodyKind.BOARD))
        db.session.commit()
    changed = client.get("/en/bodies/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "A new group" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_pages_with_a_form_token_or_a_session_are_never_cached(client, make_user, login):
    assert client.get("/en/account/login").headers["Cache-Control"] == "no-store"
    make_user()
    login()
    response = client.get("/en/bodies/")
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers


def test_a_new_language_needs_only_a_catalog(tmp_path):
    """Hebrew, which the portal has never shipped: one compiled catalog, no code."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    from portal.i18n import TRANSLATIONS

    assert not (TRANSLATIONS / "he").exists()
    folder = tmp_path / "translations" / "he" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="he")
    catalog.add("Skip to main content", "דלגו לתוכן הראשי")
    with open(folder / "messages.po", "wb") as po, open(folder / "messages.mo", "wb") as mo:
        write_po(po, catalog)
        write_mo(mo, catalog)

    app = make_app(tmp_path, TRANSLATIONS_DIR=tmp_path / "translations")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.get("/he/account/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="he" dir="rtl">' in page
    assert "דלגו לתוכן הראשי" in page
    assert 'lang="he" hreflang="he"' in page and ">עברית</a>" in page
    assert client.get("/gu/account/login").status_code == 404  # not in that folder
