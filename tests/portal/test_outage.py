"""When the database cannot be reached: a plain translated 503, and recovery by itself."""

from __future__ import annotations

from portal.bodies.models import Body, BodyKind
from portal.extensions import db
from tests.conftest import make_app


def test_pages_answer_503_while_the_database_is_away_and_recover_after(tmp_path, make_user):
    folder = tmp_path / "data"
    folder.mkdir()
    app = make_app(tmp_path, DATABASE_URL=f"sqlite:///{folder / 'portal.db'}")
    with app.app_context():
        db.create_all()
        db.session.add(Body(slug="hsp-board", name="HSP Board", kind=BodyKind.BOARD))
        db.session.commit()
    client = app.test_client()
    assert client.get("/en/bodies/").status_code == 200

    # The database goes away: its file is unreachable and every pooled connection is lost.
    folder.rename(tmp_path / "moved")
    with app.app_context():
        db.engine.dispose()

    response = client.get("/gu/bodies/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert '<html lang="gu" dir="ltr">' in page
    assert "સેવા અસ્થાયી રૂપે ઉપલબ્ધ નથી" in page  # "service temporarily unavailable"
    assert "HSP Board" not in page
    assert client.get("/ar/bodies/hsp-board").status_code == 503
    assert client.get("/healthz").status_code == 503

    # It comes back: the next requests work without a restart.
    (tmp_path / "moved").rename(folder)
    assert client.get("/healthz").status_code == 200
    response = client.get("/en/bodies/")
    assert response.status_code == 200
    assert "HSP Board" in response.get_data(as_text=True)


def test_a_signed_in_visitor_gets_the_503_page_too(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    app = make_app(tmp_path, DATABASE_URL=f"sqlite:///{folder / 'portal.db'}")
    with app.app_context():
        db.create_all()
        from portal.identity.models import User
        from portal.timeutil import utcnow
        user = User(email="resident@example.org", name="Resident", email_verified_at=utcnow())
        user.set_password("correct horse battery")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    from tests.conftest import csrf_token
    token = csrf_token(client, "/en/account/login")
    signed_in = client.post("/en/account/login", data={
        "csrf_token": token, "email": "resident@example.org",
        "password": "correct horse battery"})
    assert signed_in.status_code == 302
    folder.rename(tmp_path / "moved")
    with app.app_context():
        db.engine.dispose()
    response = client.get("/ro/dashboard")
    assert response.status_code == 503
    assert "Serviciu" in response.get_data(as_text=True)


def test_an_unreachable_postgresql_server_gives_the_503_page(tmp_path):
    app = make_app(tmp_path, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none")
    response = app.test_client().get("/ar/bodies/")
    assert response.status_code == 503
    assert "الخدمة غير متاحة مؤقتًا" in response.get_data(as_text=True)


def test_a_crash_in_the_middle_of_a_request_leaves_nothing_written(tmp_path):
    from portal.access import access
    from portal.bodies.models import Body as BodyModel

    app = make_app(tmp_path, TESTING=False)
    with app.app_context():
        db.create_all()

    @access("anonymous")
    def half_done():
        db.session.add(BodyModel(slug="half", name="Half written", kind=BodyKind.BOARD))
        db.session.flush()  # the row is in the transaction…
        raise RuntimeError("…and then the request fails")

    app.add_url_rule("/crash-test", "crash_test", half_done)
    response = app.test_client().get("/crash-test")
    assert response.status_code == 500
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(BodyModel.id))) == 0
