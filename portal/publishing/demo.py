"""Publishes the demo documents (see demo_content.py) through the normal workflow."""

from __future__ import annotations

from portal.bodies.models import Body
from portal.extensions import db
from portal.publishing import service
from portal.publishing.models import Document


def seed_publications(author, publisher) -> int:
    """Create and publish each demo document not yet present; return how many."""
    from portal.publishing.demo_content import DOCUMENTS

    bodies = dict(db.session.execute(db.select(Body.slug, Body.id)).all())
    created = 0
    for item in DOCUMENTS:
        if db.session.scalar(db.select(Document.id).where(Document.slug == item["slug"])):
            continue
        easy_read_of = None
        if item.get("easy_read_of"):
            easy_read_of = db.session.scalar(
                db.select(Document.id).where(Document.slug == item["easy_read_of"]))
        data = {
            "slug": item["slug"], "kind": item["kind"],
            "body_id": bodies.get(item["body"]) if item.get("body") else None,
            "document_date": item["date"].isoformat(),
            "part2_paragraph": item.get("part2_paragraph"),
            "easy_read_of_id": easy_read_of,
            "versions": {lang: {"title": v["title"], "summary": v.get("summary", ""),
                                "body": v.get("body", ""), "review": v.get("review", "source")}
                         for lang, v in item["versions"].items()},
            "agenda_items": [{"title": a["title"], "part2_paragraph": a.get("part2_paragraph")}
                             for a in item.get("agenda_items", [])],
        }
        document = service.new_document(author, data)
        db.session.flush()
        service.publish(document, publisher)
        created += 1
    return created
