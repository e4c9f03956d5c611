"""Every route the portal and its plugins register, opened by every kind of person.

The routes come from the app's URL map, so a new route is checked the day it
is added: it must declare an access rule (see test_core), refuse the people its
rule excludes (sign in for anonymous visitors, 403, or 404 where the rule
hides the page), and answer everyone else without a server error, even for
ids and names that do not exist and forms sent empty.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule

from portal.access import allows
from portal.bodies.models import Sector as _Sector
from portal.extensions import db
from portal.identity.models import Organisation, OrganisationMember, Role, User
from portal.timeutil import utcnow

PASSWORD = "correct horse battery"
ROLES = ("anonymous", "resident", "organisation_member", "officer", "administrator")
# Stand-ins for each kind of URL part: none of them names anything that exists.
SAMPLES = {"integer": 987654, "float": 987654.0, "string": "no-such-thing",
           "unicode": "no-such-thing", "path": "no/such/thing",
           "uuid": "00000000-0000-0000-0000-000000000000"}
# Pages whose rule lets a role in but which then explain, with a 403 page, why
# this person cannot use them (never the bare "You cannot open this page").
EXPLAINED_REFUSALS = {
    # Lodging needs a voluntary organisation of one's own: officers (who pass
    # "organisation_member") are told so.
    "compact.new": {"officer", "administrator"},
    # Only the chair of a reference group raises a referral (officers: once
    # there is a reference group to raise it for); the page says who may and how.
    "partnership_work.raise_referral": {"organisation_member", "officer", "administrator"},
}
ALLOWED_ANSWERS = {200, 204, 302, 303, 400, 404, 405, 409, 413, 429}
BARE_REFUSAL = "Your account does not have permission to open this page."


def sample_url(rule: Rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        if name == "lang":
            values[name] = "en"
            continue
        kind = type(converter).__name__.replace("Converter", "").lower()
        if kind == "any":
            values[name] = sorted(converter.items)[0] if hasattr(converter, "items") else "x"
        else:
            values[name] = SAMPLES.get(kind, "no-such-thing")
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def people(app):
    """A signed-in test client per role (anonymous: none), and the user objects' ids."""
    accounts = {}
    with app.app_context():
        org = Organisation(slug="matrix-org", name="Matrix Organisation",
                           sector=_Sector.VOLUNTARY)
        db.session.add(org)
        for role in ROLES[1:]:
            user = User(email=f"{role}@example.org", name=role.title(), preferred_language="en",
                        email_verified_at=utcnow(),
                        role={"officer": Role.OFFICER,
                              "administrator": Role.ADMINISTRATOR}.get(role, Role.RESIDENT))
            user.set_password(PASSWORD)
            db.session.add(user)
            if role == "organisation_member":
                db.session.add(OrganisationMember(user=user, organisation=org))
            accounts[role] = user
        db.session.commit()
    clients = {"anonymous": app.test_client()}
    for role in ROLES[1:]:
        client = app.test_client()
        response = client.post("/en/account/login", data={"email": f"{role}@example.org",
                                                          "password": PASSWORD})
        assert response.status_code == 302, role
        clients[role] = client
    return clients


def _denied(role: str, hide: bool, response) -> str | None:
    """What is wrong with how ``role`` was refused a page, or None."""
    if role == "anonymous" and not hide:
        if response.status_code != 302 or "/account/login" not in response.headers.get(
                "Location", ""):
            return f"anonymous got {response.status_code}, expected a sign-in redirect"
        return None
    expected = 404 if hide else 403
    if response.status_code != expected:
        return f"{role} got {response.status_code}, expected {expected}"
    return None


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": False}], indirect=True)
def test_every_route_answers_every_role_by_its_rule(app, people):
    problems = []
    with app.app_context():
        # Loaded with their memberships: allows() reads them after the session is gone.
        users = {u.email.split("@")[0]: u for u in db.session.scalars(
            db.select(User).options(db.selectinload(User.organisation_memberships)))}
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    assert len(rules) > 50  # the map really was read
    for rule in sorted(rules, key=lambda r: r.rule):
        if rule.endpoint == "identity.logout":  # would sign the role's client out
            continue
        view = app.view_functions[rule.endpoint]
        needed = view.access_rule
        hide = getattr(view, "access_hide", False)
        url = sample_url(rule)
        for method in sorted(rule.methods & {"GET", "POST"}):
            for role in ROLES:
                user = users.get(role)
                response = people[role].open(url, method=method, data={})
                status = response.status_code
                where = f"{method} {rule.rule} ({url}) as {role}"
                if status >= 500:
                    problems.append(f"{where}: {status}")
                elif not allows(user, needed):
                    trouble = _denied(role, hide, response)
                    if trouble:
                        problems.append(f"{where}: {trouble}")
                elif status == 403 and role in EXPLAINED_REFUSALS.get(rule.endpoint, ()):
                    if BARE_REFUSAL in response.text:
                        problems.append(f"{where}: a bare 403, not the page explaining why")
                elif status not in ALLOWED_ANSWERS or status == 403:
                    problems.append(f"{where}: {status} although the rule is {needed!r}")
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)
