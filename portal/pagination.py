"""One pagination helper for every list page."""

from __future__ import annotations

from flask import abort, request


def paginate(query, per_page: int = 20):
    """Paginate a ``db.select(...)`` with ``?page=N``; a bad page number is a 404."""
    from portal.extensions import db

    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(404)
    return db.paginate(query, page=int(raw), per_page=per_page, error_out=True)
