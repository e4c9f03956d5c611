"""The partnership's bodies in public: who sits on what, for which sector."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from portal.access import access
from portal.bodies.models import Body
from portal.bodies.service import current_members
from portal.extensions import db

bp = Blueprint("bodies", __name__)


@bp.get("/")
@access("anonymous")
def index():
    # One query for the whole family; the tree is put together here.
    bodies = db.session.scalars(db.select(Body).order_by(Body.id)).all()
    children: dict[int | None, list[Body]] = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)
    return render_template("bodies/index.html", roots=children.get(None, []),
                           children=children)


@bp.get("/<slug>")
@access("anonymous")
def detail(slug: str):
    body = db.session.scalar(db.select(Body).where(Body.slug == slug))
    if body is None:
        abort(404)
    from flask_login import current_user

    from portal.publishing.models import Document
    from portal.publishing.service import readable

    documents = db.session.scalars(
        readable(db.select(Document), current_user).where(Document.body_id == body.id)
        .order_by(Document.document_date.desc()).limit(10)).all()
    return render_template("bodies/detail.html", body=body, members=current_members(body),
                           documents=documents)
