"""Administration: plugins, accounts and organisation members."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_

from portal.access import access, allows
from portal.admin.forms import AddMemberForm, PluginToggleForm, RoleForm
from portal.audit import service as audit
from portal.audit.models import EVENT_LABELS, EventKind, SecurityEvent
from portal.extensions import db
from portal.identity.models import Organisation, OrganisationMember, User
from portal.identity.service import find_user
from portal.pagination import paginate
from portal.plugins import host

bp = Blueprint("admin", __name__)


@bp.get("/")
@access("officer")
def index():
    from portal.api import NavItem

    pages = [
        NavItem(_("Organisations and their members"), url_for("admin.organisations"), 10,
                "officer"),
        NavItem(_("Publications"), url_for("publishing_admin.index"), 5, "officer"),
        NavItem(_("Translation requests"), url_for("publishing_admin.translation_requests"), 6,
                "officer"),
        NavItem(_("Bodies and their members"), url_for("bodies_admin.index"), 15, "officer"),
        NavItem(_("Requests for help"), url_for("help.queue"), 7, "officer"),
        NavItem(_("Accounts"), url_for("admin.users"), 20, "administrator"),
        NavItem(_("Plugins"), url_for("admin.plugins"), 30, "administrator"),
        NavItem(_("Security log"), url_for("admin.security_log"), 40, "administrator"),
    ]
    pages += host().call_flat("portal_admin_pages", user=current_user)
    pages = sorted((p for p in pages if allows(current_user, p.access)),
                   key=lambda p: (p.order, p.label))
    return render_template("admin/index.html", pages=pages, title=_("Administration"))


@bp.route("/plugins", methods=["GET", "POST"])
@access("administrator")
def plugins():
    plugin_host = host()
    if request.method == "POST":
        form = PluginToggleForm()
        if not form.validate_on_submit() or form.name.data not in plugin_host.plugins:
            abort(400)
        info = plugin_host.plugins[form.name.data]
        if form.action.data == "enable" and not info.available:
            abort(400)
        plugin_host.set_enabled(info.name, form.action.data == "enable")
        if form.action.data == "enable":
            flash(_("Plugin %(name)s is enabled.", name=info.name), "success")
        else:
            flash(_("Plugin %(name)s is disabled. Its data is kept.", name=info.name), "success")
        return redirect(url_for("admin.plugins"))
    enabled = plugin_host.enabled_names()
    rows = [(info, info.name in enabled, PluginToggleForm(formdata=None, name=info.name))
            for info in sorted(plugin_host.plugins.values(), key=lambda i: i.name)]
    return render_template("admin/plugins.html", rows=rows, title=_("Plugins"))


@bp.get("/security-log")
@access("administrator")
def security_log():
    """Sign-ins, rights changed, plugins switched, Part 2 read: newest first."""
    kind = request.args.get("kind", "")
    query = db.select(SecurityEvent).order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc())
    if kind:
        if kind not in EVENT_LABELS:
            abort(404)
        query = query.where(SecurityEvent.kind == kind)
    page = paginate(query, per_page=50)
    return render_template("admin/security_log.html", page=page, kind=kind,
                           kinds=[(k.value, label) for k, label in EVENT_LABELS.items()],
                           title=_("Security log"))


@bp.get("/users")
@access("administrator")
def users():
    query = db.select(User).order_by(User.email)
    term = request.args.get("q", "").strip()
    if term:
        like = f"%{term.lower()}%"
        query = query.where(or_(db.func.lower(User.email).like(like),
                                db.func.lower(User.name).like(like)))
    page = paginate(query, per_page=25)
    return render_template("admin/users.html", page=page, term=term, title=_("Accounts"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access("administrator")
def user(user_id: int):
    account = db.session.get(User, user_id) or abort(404)
    form = RoleForm(obj=account if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = account.role.value
    if form.validate_on_submit():
        if account.id == current_user.id and form.role.data != "administrator":
            form.role.errors.append(_("You cannot remove your own administrator rights"))
        else:
            if account.role.value != form.role.data:
                audit.record(EventKind.ROLE_CHANGED, account.email,
                             f"{account.role.value} → {form.role.data}")
            account.role = form.role.data
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.user", user_id=account.id))
    status = 400 if form.errors else 200
    return render_template("admin/user.html", account=account, form=form,
                           title=account.name), status


@bp.get("/organisations")
@access("officer")
def organisations():
    page = paginate(db.select(Organisation).order_by(Organisation.name), per_page=25)
    return render_template("admin/organisations.html", page=page,
                           title=_("Organisations and their members"))


@bp.route("/organisations/<slug>", methods=["GET", "POST"])
@access("officer")
def organisation(slug: str):
    org = db.session.scalar(db.select(Organisation).where(Organisation.slug == slug)) or abort(404)
    form = AddMemberForm()
    if form.validate_on_submit():
        person = find_user(form.email.data)
        if person is None:
            form.email.errors.append(_("No account uses this email address. Ask the person "
                                       "to create an account first."))
        elif any(m.user_id == person.id for m in org.members):
            form.email.errors.append(_("This person is already a member."))
        else:
            db.session.add(OrganisationMember(user=person, organisation=org))
            audit.record(EventKind.ORGANISATION_MEMBER_ADDED, person.email, org.name)
            db.session.commit()
            flash(_("%(name)s can now act for %(organisation)s.", name=person.name,
                    organisation=org.name), "success")
            return redirect(url_for("admin.organisation", slug=org.slug))
    members = db.session.scalars(
        db.select(OrganisationMember).where(OrganisationMember.organisation_id == org.id)
        .join(OrganisationMember.user).order_by(User.name)
        .options(db.joinedload(OrganisationMember.user))).all()
    status = 400 if form.errors else 200
    return render_template("admin/organisation.html", org=org, members=members, form=form,
                           title=org.name), status


@bp.post("/organisations/<slug>/members/<int:member_id>/remove")
@access("officer")
def remove_member(slug: str, member_id: int):
    from flask_wtf import FlaskForm

    if not FlaskForm().validate_on_submit():
        abort(400)
    member = db.session.get(OrganisationMember, member_id)
    if member is None or member.organisation.slug != slug:
        abort(404)
    audit.record(EventKind.ORGANISATION_MEMBER_REMOVED, member.user.email,
                 member.organisation.name)
    db.session.delete(member)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(url_for("admin.organisation", slug=slug))
