"""Sign-up, sign-in, password reset and the profile page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.access import access
from portal.audit import service as audit
from portal.audit.models import EventKind
from portal.extensions import db
from portal.forms import keeps_answers
from portal.identity import privacy, service
from portal.identity.forms import (
    ActingForForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from portal.identity.models import User, verify_unknown_password
from portal.mail import queue_email

bp = Blueprint("identity", __name__)


def _external(endpoint: str, **values) -> str:
    from flask import current_app

    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never send someone off-site after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _send_verification(user: User) -> None:
    queue_email(user.email, "verify_email", user.preferred_language, user=user,
                link=_external("identity.verify", token=service.verification_token(user),
                               lang=user.preferred_language))


@bp.route("/register", methods=["GET", "POST"])
@access("anonymous")
@keeps_answers
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.dashboard"))
    form = RegisterForm()
    if request.method == "GET":
        form.preferred_language.data = request.view_args.get("lang") or form.preferred_language.data
    if form.validate_on_submit():
        existing = service.find_user(form.email.data)
        if existing is not None:
            # Same answer as a new sign-up, so the page reveals nothing; the owner
            # of the address is told by email instead.
            queue_email(existing.email, "already_registered", existing.preferred_language,
                        user=existing, login=_external("identity.login",
                                                       lang=existing.preferred_language),
                        reset=_external("identity.forgot_password",
                                        lang=existing.preferred_language))
        else:
            user = User(email=form.email.data, name=form.name.data,
                        preferred_language=form.preferred_language.data)
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.flush()
            _send_verification(user)
        db.session.commit()
        return render_template("identity/check_email.html", email=form.email.data), 202
    return _form_page("identity/register.html", form, title=_("Create an account"))


def _form_page(template: str, form, **context):
    """Render a form page; a submission that failed validation answers 400."""
    return render_template(template, form=form, **context), (400 if form.errors else 200)


@bp.get("/verify/<token>")
@access("anonymous")
def verify(token: str):
    user = service.verify_email(token)
    if user is None:
        return render_template("identity/link_problem.html",
                               title=_("This confirmation link does not work")), 400
    db.session.commit()
    flash(_("Thank you: your email address is confirmed. You can now sign in."), "success")
    return redirect(url_for("identity.login"))


@bp.route("/login", methods=["GET", "POST"])
@access("anonymous")
@keeps_answers
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")) or url_for("core.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        return _form_page("identity/login.html", form, title=_("Sign in"))
    email, addr = form.email.data, request.remote_addr or "unknown"
    if service.login_blocked(email, addr):
        audit.record(EventKind.LOGIN_BLOCKED, email, commit=True)
        form.form_errors.append(_("Too many failed attempts. Wait 15 minutes and try again."))
        return render_template("identity/login.html", form=form, title=_("Sign in")), 429
    user = service.find_user(email)
    if user is None:
        verify_unknown_password(form.password.data)
        ok = False
    else:
        ok = user.check_password(form.password.data)
    service.record_attempt(email, addr, ok)
    if not ok:
        audit.record(EventKind.LOGIN_FAILED, email)
        db.session.commit()
        form.password.errors.append(_("The email address or password is not right"))
        return render_template("identity/login.html", form=form, title=_("Sign in")), 400
    if not user.is_verified:
        _send_verification(user)
        db.session.commit()
        return render_template("identity/check_email.html", email=user.email,
                               unverified=True), 403
    audit.record(EventKind.LOGIN, user.email, actor=user)
    db.session.commit()
    session.clear()  # a new session on sign-in: nothing carried over from before
    login_user(user, remember=form.remember.data)
    flash(_("You are signed in."), "success")
    target = _safe_next(request.args.get("next"))
    return redirect(target or url_for("core.dashboard", lang=user.preferred_language))


@bp.post("/logout")
@access("anonymous")
def logout():
    if current_user.is_authenticated:
        audit.record(EventKind.LOGOUT, current_user.email, commit=True)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@access("anonymous")
@keeps_answers
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = service.find_user(form.email.data)
        if user is not None:
            token = service.start_password_reset(user)
            queue_email(user.email, "password_reset", user.preferred_language, user=user,
                        link=_external("identity.reset_password", token=token,
                                       lang=user.preferred_language))
            db.session.commit()
        return render_template("identity/check_email.html", email=form.email.data,
                               reset=True), 202
    return _form_page("identity/forgot_password.html", form, title=_("Reset your password"))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@access("anonymous")
def reset_password(token: str):
    reset = service.usable_reset(token)
    if reset is None:
        return render_template("identity/link_problem.html",
                               title=_("This password reset link does not work")), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        service.complete_password_reset(reset, form.password.data)
        audit.record(EventKind.PASSWORD_CHANGED, reset.user.email, "reset link",
                     actor=reset.user)
        db.session.commit()
        logout_user()
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("identity.login"))
    return _form_page("identity/reset_password.html", form, title=_("Choose a new password"))


@bp.route("/profile", methods=["GET", "POST"])
@access("resident")
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data
        current_user.preferred_language = form.preferred_language.data
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("identity.profile", lang=current_user.preferred_language))
    acting = ActingForForm(current_user, organisation=session.get("acting_for", ""))
    return _form_page("identity/profile.html", form, title=_("Your profile"),
                      acting=acting, password_form=ChangePasswordForm(formdata=None))


@bp.get("/your-data.json")
@access("resident")
def your_data():
    """Everything the portal holds about the signed-in person, as one JSON file."""
    import json

    from portal.publishing.files import download

    data = privacy.personal_data(current_user)
    audit.record(EventKind.DATA_EXPORTED, current_user.email, commit=True)
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return download(body, "harrow-portal-your-data.json", "application/json", private=True)


@bp.route("/delete", methods=["GET", "POST"])
@access("resident")
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("Your password is not right"))
        else:
            try:
                privacy.delete_account(current_user)
            except privacy.CannotDelete:
                db.session.rollback()
                form.understood.errors.append(_("You are the portal's only administrator. Make "
                                          "someone else an administrator first."))
            else:
                db.session.commit()
                logout_user()
                session.clear()
                flash(_("Your account has been deleted."), "success")
                return redirect(url_for("core.home"))
    return _form_page("identity/delete_account.html", form, title=_("Delete your account"))


@bp.post("/password")
@access("resident")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            current_user.set_password(form.password.data)
            audit.record(EventKind.PASSWORD_CHANGED, current_user.email)
            db.session.commit()
            login_user(current_user)  # the session token changed: stay signed in here
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("identity.profile"))
        form.current_password.errors.append(_("Your current password is not right"))
    return render_template("identity/change_password.html", form=form,
                           title=_("Change your password")), 400


@bp.post("/acting-for")
@access("organisation_member")
def acting_for():
    form = ActingForForm(current_user)
    if not form.validate_on_submit():
        abort(400)
    session["acting_for"] = form.organisation.data
    flash(_("Saved: you are now acting as chosen."), "success")
    return redirect(url_for("identity.profile"))


def acting_organisation():
    """The organisation the signed-in user is acting for, or None for themselves."""
    chosen = session.get("acting_for")
    if not chosen or not current_user.is_authenticated:
        return None
    return next((o for o in current_user.organisations if str(o.id) == chosen), None)
