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

    from portal.api import body_documents

    documents = body_documents(body, current_user, limit=10)
    return render_template("bodies/detail.html", body=body, members=current_members(body),
                           documents=documents)
