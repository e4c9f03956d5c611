"""Officers keep the bodies and their members up to date."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.access import access
from portal.bodies.forms import BodyForm, EndMembershipForm, MembershipForm
from portal.bodies.models import Body, Membership, MembershipRole, Sector
from portal.extensions import db
from portal.identity.models import Organisation
from portal.identity.service import find_user

bp = Blueprint("bodies_admin", __name__)


def _body(slug: str) -> Body:
    return db.session.scalar(db.select(Body).where(Body.slug == slug)) or abort(404)


def _slug_taken(slug: str, body_id: int | None) -> bool:
    found = db.session.scalar(db.select(Body.id).where(Body.slug == slug))
    return found is not None and found != body_id


@bp.get("/")
@access("officer")
def index():
    bodies = db.session.scalars(db.select(Body).order_by(Body.name)).all()
    return render_template("bodies/admin_index.html", bodies=bodies, title=_("Bodies"))


@bp.route("/new", methods=["GET", "POST"])
@access("officer")
def new():
    form = BodyForm(db.session.scalars(db.select(Body).order_by(Body.name)).all())
    if form.validate_on_submit():
        if _slug_taken(form.slug.data, None):
            form.slug.errors.append(_("Another body already uses this web address name"))
        else:
            body = Body()
            form.apply_to(body)
            db.session.add(body)
            db.session.commit()
            flash(_("%(name)s has been added.", name=body.name), "success")
            return redirect(url_for("bodies_admin.edit", slug=body.slug))
    return render_template("bodies/admin_body.html", form=form, body=None,
                           title=_("Add a body")), 400 if form.errors else 200


@bp.route("/<slug>", methods=["GET", "POST"])
@access("officer")
def edit(slug: str):
    body = _body(slug)
    parents = db.session.scalars(db.select(Body).where(Body.id != body.id)
                                 .order_by(Body.name)).all()
    form = BodyForm(parents, obj=body if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = body.kind.value
        form.quorum_sectors_counted.data = [s for s in body.quorum_sectors_counted.split(",") if s]
        form.parent.data = str(body.parent_id or "")
    if form.validate_on_submit():
        if _slug_taken(form.slug.data, body.id):
            form.slug.errors.append(_("Another body already uses this web address name"))
        else:
            form.apply_to(body)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("bodies_admin.edit", slug=body.slug))
    return _edit_page(body, form, MembershipForm(_organisations(), formdata=None))


def _organisations():
    return db.session.scalars(db.select(Organisation).order_by(Organisation.name)).all()


def _edit_page(body: Body, form: BodyForm, member_form: MembershipForm):
    memberships = db.session.scalars(
        db.select(Membership).where(Membership.body_id == body.id)
        .order_by(Membership.ended_on.is_not(None), Membership.person_name)).all()
    status = 400 if (form.errors or member_form.errors) else 200
    return render_template("bodies/admin_body.html", form=form, body=body,
                           member_form=member_form, memberships=memberships,
                           end_form=EndMembershipForm(formdata=None),
                           title=body.name), status


@bp.post("/<slug>/members")
@access("officer")
def add_member(slug: str):
    body = _body(slug)
    organisations = _organisations()
    member_form = MembershipForm(organisations)
    if member_form.validate_on_submit():
        user = None
        if member_form.account_email.data:
            user = find_user(member_form.account_email.data)
            if user is None:
                member_form.account_email.errors.append(
                    _("No account uses this email address. Leave it empty or ask the "
                      "person to create an account first."))
        if not member_form.errors:
            org_id = member_form.organisation.data
            db.session.add(Membership(
                body=body, user=user, person_name=member_form.person_name.data,
                position=member_form.position.data or "",
                organisation_id=int(org_id) if org_id else None,
                sector=Sector(member_form.sector.data),
                role=MembershipRole(member_form.role.data),
                started_on=member_form.started_on.data))
            db.session.commit()
            flash(_("%(name)s has been added.", name=member_form.person_name.data), "success")
            return redirect(url_for("bodies_admin.edit", slug=body.slug))
    return _edit_page(body, _body_form(body), member_form)


def _body_form(body: Body) -> BodyForm:
    """The body's own form, filled from the database (beside another form's errors)."""
    parents = db.session.scalars(db.select(Body).where(Body.id != body.id)
                                 .order_by(Body.name)).all()
    form = BodyForm(parents, formdata=None, obj=body)
    form.kind.data, form.parent.data = body.kind.value, str(body.parent_id or "")
    form.quorum_sectors_counted.data = [s for s in body.quorum_sectors_counted.split(",") if s]
    return form


@bp.post("/<slug>/members/<int:membership_id>/end")
@access("officer")
def end_member(slug: str, membership_id: int):
    body = _body(slug)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.body_id != body.id:
        abort(404)
    form = EndMembershipForm()
    if not form.validate_on_submit() or form.ended_on.data < membership.started_on:
        flash(_("Enter a last day of membership on or after the day it began."), "error")
        page, _status = _edit_page(body, _body_form(body), MembershipForm(_organisations(),
                                                                          formdata=None))
        return page, 400
    membership.ended_on = form.ended_on.data
    db.session.commit()
    flash(_("Membership of %(name)s ends on %(date)s.", name=membership.person_name,
            date=form.ended_on.data.isoformat()), "success")
    return redirect(url_for("bodies_admin.edit", slug=body.slug))
