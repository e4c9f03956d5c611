"""Keeping the record up to date: groups' terms, project plans, tasks, outputs and reports."""

from __future__ import annotations

from datetime import date

from plugins.partnership.models import (
    GroupTerms,
    ProgressReport,
    Project,
    ProjectMeasure,
    ProjectTask,
)
from portal.api import Body, Organisation, db
from tests.conftest import submit
from tests.plugins.partnership.test_referrals import signed_in

GROUP = {"terms_of_reference": "Leads on carbon.\n\nMeets the Portfolio Holder.",
         "purpose": "A greener Harrow.", "meets": "every two months",
         "duration": "Until 2030", "chairs_elected_on": "2026-05-20"}


def _project(app, title="Tackling domestic violence") -> Project:
    with app.app_context():
        found = db.session.scalar(db.select(Project).where(Project.title == title))
        return found.id, [t.id for t in found.tasks], [m.id for m in found.measures], [
            r.id for r in found.reports]


def test_an_officer_edits_a_groups_terms_and_the_group_page_shows_them(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    group = staff.get("/en/partnership/groups/hsp-board").text
    assert 'href="/en/partnership/groups/hsp-board/edit"' in group
    form = staff.get("/en/partnership/groups/hsp-board/edit").text
    assert "Four members from four of the six sectors" in form  # the current terms

    response = submit(staff, "/en/partnership/groups/hsp-board/edit", GROUP)

    assert response.status_code == 302
    page = app.test_client().get("/en/partnership/groups/hsp-board").text
    assert '<p lang="en">Leads on carbon.</p><p lang="en">Meets the Portfolio Holder.</p>' in page
    assert "A greener Harrow." in page and "every two months" in page
    assert "Until 2030" in page and "last elected on 20 May 2026" in page
    assert "Four members from four" not in page


def test_terms_are_created_for_a_group_that_had_none(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    with app.app_context():
        body = Body(slug="new-group", name="New Group", kind="reference_group")
        db.session.add(body)
        db.session.commit()

    assert submit(staff, "/en/partnership/groups/new-group/edit",
                  {**GROUP, "chairs_elected_on": ""}).status_code == 302
    with app.app_context():
        terms = db.session.scalar(db.select(GroupTerms).join(Body).where(
            Body.slug == "new-group"))
        assert terms.duration == "Until 2030" and terms.chairs_elected_on is None


def test_bad_terms_are_refused_with_an_error_summary_and_nothing_saved(demo, app, officer):
    staff = signed_in(app, "officer@test.org")

    response = submit(staff, "/en/partnership/groups/hsp-board/edit",
                      {**GROUP, "terms_of_reference": "", "chairs_elected_on": "someday"})

    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert 'href="#terms_of_reference"' in response.text
    assert 'href="#chairs_elected_on"' in response.text
    with app.app_context():
        body = db.session.scalar(db.select(Body).where(Body.slug == "hsp-board"))
        assert body.purpose != "A greener Harrow."


def test_only_officers_edit_groups_and_plans(demo, app, seat):
    seat("member@test.org", "domestic-violence-delivery", kind="delivery_group")
    member = signed_in(app, "member@test.org")
    project, tasks, measures, _reports = _project(app)

    for url in ("/en/partnership/groups/hsp-board/edit", f"/en/partnership/projects/{project}/edit",
                f"/en/partnership/projects/{project}/tasks/{tasks[0]}/edit",
                f"/en/partnership/projects/{project}/measures/{measures[0]}/edit"):
        assert member.get(url).status_code == 403, url
    assert 'href="/en/partnership/groups/hsp-board/edit"' not in member.get(
        "/en/partnership/groups/hsp-board").text


def test_an_officer_edits_a_projects_plan(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    project, *_rest = _project(app)
    assert f'href="/en/partnership/projects/{project}/edit"' in staff.get(
        f"/en/partnership/projects/{project}").text
    form = staff.get(f"/en/partnership/projects/{project}/edit").text
    assert "Reduce repeat victims of domestic violence in Harrow." in form

    response = submit(staff, f"/en/partnership/projects/{project}/edit", {
        "body_id": str(_body_id(app)), "title": "Tackling domestic violence",
        "aim": "Halve repeat victims.", "objectives": "Advocacy in every ward.",
        "resources": "Two advocates.", "starts_on": "2009-11-01", "ends_on": "2012-03-31"})

    assert response.status_code == 302
    page = app.test_client().get(f"/en/partnership/projects/{project}").text
    assert "Halve repeat victims." in page and "Advocacy in every ward." in page
    assert "31 March 2012" in page


def test_a_plan_ending_before_it_starts_is_refused_and_nothing_saved(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    project, *_rest = _project(app)

    response = submit(staff, f"/en/partnership/projects/{project}/edit", {
        "body_id": str(_body_id(app)), "title": "Tackling domestic violence", "aim": "Changed.",
        "objectives": "x", "resources": "x", "starts_on": "2012-01-01", "ends_on": "2011-01-01"})

    assert response.status_code == 400 and 'href="#ends_on"' in response.text
    with app.app_context():
        assert db.session.get(Project, project).aim != "Changed."


def _body_id(app):
    with app.app_context():
        return db.session.scalar(db.select(Body.id).where(
            Body.slug == "domestic-violence-delivery"))


def test_an_officer_edits_and_removes_tasks_and_outputs(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    project, tasks, measures, _reports = _project(app)
    plan = f"/en/partnership/projects/{project}/plan"
    listed = staff.get(plan).text
    assert f'href="{plan[:-5]}/tasks/{tasks[0]}/edit"' in listed
    with app.app_context():
        havs = str(db.session.scalar(db.select(Organisation.id).where(
            Organisation.slug == "havs")))

    task_url = f"/en/partnership/projects/{project}/tasks/{tasks[0]}/edit"
    assert submit(staff, task_url, {"description": "Train 300 frontline staff",
                                    "lead_id": havs, "partners": "Police",
                                    "due_on": "2010-12-31"}).status_code == 302
    measure_url = f"/en/partnership/projects/{project}/measures/{measures[0]}/edit"
    assert submit(staff, measure_url, {"kind": "outcome", "description": "Staff confident",
                                       "indicator": "T7-i"}).status_code == 302
    assert submit(staff, f"/en/partnership/projects/{project}/measures/{measures[1]}/remove",
                  {}, form_url=plan).status_code == 302

    with app.app_context():
        task = db.session.get(ProjectTask, tasks[0])
        assert (task.description, task.partners, task.due_on) == (
            "Train 300 frontline staff", "Police", date(2010, 12, 31))
        assert task.lead.slug == "havs"
        measure = db.session.get(ProjectMeasure, measures[0])
        assert (measure.kind.value, measure.indicator_code) == ("outcome", "T7-i")
        assert db.session.get(ProjectMeasure, measures[1]) is None
    page = app.test_client().get(f"/en/partnership/projects/{project}").text
    assert "Train 300 frontline staff" in page and "Staff confident" in page


def test_a_task_of_another_project_is_not_found(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    project, tasks, *_rest = _project(app)
    other, *_rest = _project(app, "Independent living and fewer emergency bed days")

    assert staff.get(f"/en/partnership/projects/{other}/tasks/{tasks[0]}/edit"
                     ).status_code == 404


def test_a_reports_author_corrects_it_and_others_cannot(demo, app, seat, officer):
    seat("walker@test.org", "domestic-violence-delivery", kind="delivery_group")
    seat("colleague@test.org", "domestic-violence-delivery", kind="delivery_group")
    author = signed_in(app, "walker@test.org")
    project, *_rest = _project(app)
    submit(author, f"/en/partnership/projects/{project}/reports/new", {
        "period_end": "2010-06-30", "status": "amber", "progress": "Sixty trained."})
    with app.app_context():
        report = db.session.scalar(db.select(ProgressReport.id).where(
            ProgressReport.progress == "Sixty trained."))
    edit = f"/en/partnership/projects/reports/{report}/edit"
    assert f'href="{edit}"' in author.get(f"/en/partnership/projects/{project}").text

    corrected = submit(author, edit, {"period_end": "2010-06-30", "status": "green",
                                      "progress": "Ninety trained.", "barriers": "",
                                      "remedial_action": ""})
    assert corrected.status_code == 302
    colleague = signed_in(app, "colleague@test.org")
    assert colleague.get(edit).status_code == 403
    assert f'href="{edit}"' not in colleague.get(f"/en/partnership/projects/{project}").text
    staff = signed_in(app, "officer@test.org")
    assert staff.get(edit).status_code == 200
    refused = submit(staff, edit, {"period_end": "", "status": "green", "progress": ""})
    assert refused.status_code == 400 and 'href="#progress"' in refused.text
    with app.app_context():
        found = db.session.get(ProgressReport, report)
        assert (found.progress, found.status.value) == ("Ninety trained.", "green")
