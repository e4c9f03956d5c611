"""Project plans (constitution 10.3) and their quarterly progress reports."""

from __future__ import annotations

from plugins.partnership.models import ProgressReport, Project, ProjectMeasure, ProjectTask
from portal.api import Organisation, db
from portal.plugins import host
from tests.conftest import submit
from tests.plugins.partnership.conftest import body_id
from tests.plugins.partnership.test_referrals import signed_in


def _start(staff, app, title="Healthy walks for carers"):
    response = submit(staff, "/en/partnership/projects/new", {
        "body_id": str(body_id(app, "domestic-violence-delivery")), "title": title,
        "aim": "More carers walking weekly.", "objectives": "Ten walking groups.",
        "resources": "Two part-time organisers.", "starts_on": "2026-04-01",
        "ends_on": "2027-03-31"})
    assert response.status_code == 302, response.text
    with app.app_context():
        return db.session.scalar(db.select(Project.id).where(Project.title == title))


def _lead(app):
    with app.app_context():
        return str(db.session.scalar(db.select(Organisation.id).where(
            Organisation.slug == "havs")))


def test_a_project_plan_has_tasks_outputs_linked_to_indicators_and_progress_reports(
        demo, app, officer, seat):
    staff = signed_in(app, "officer@test.org")
    project = _start(staff, app)
    plan = f"/en/partnership/projects/{project}/plan"
    assert submit(staff, f"/en/partnership/projects/{project}/tasks", {
        "task-description": "Recruit walk leaders", "task-lead_id": _lead(app),
        "task-partners": "Harrow Council leisure", "task-due_on": "2026-06-30"},
        form_url=plan).status_code == 302
    assert submit(staff, f"/en/partnership/projects/{project}/measures", {
        "measure-kind": "output", "measure-description": "Volunteer walk leaders trained",
        "measure-indicator": "T7-i"}, form_url=plan).status_code == 302

    seat("walker@test.org", "domestic-violence-delivery", kind="delivery_group")
    member = signed_in(app, "walker@test.org")
    report_url = f"/en/partnership/projects/{project}/reports/new"
    assert submit(member, report_url, {
        "period_end": "2026-06-30", "status": "amber", "progress": "Six groups running.",
        "barriers": "Hard to find leaders in Wealdstone.",
        "remedial_action": "Asked HAVS to advertise."}).status_code == 302

    html = app.test_client().get(f"/en/partnership/projects/{project}").text
    assert "More carers walking weekly." in html and "Two part-time organisers." in html
    assert "Recruit walk leaders" in html and "Harrow Council leisure" in html
    assert "30 June 2026" in html
    assert 'href="/en/scorecard/indicators/T7-i">T7-i: Number of socially excluded' in html
    assert "Hard to find leaders in Wealdstone." in html and "Asked HAVS to advertise." in html
    assert "Amber: some risk" in html
    with app.app_context():
        task = db.session.scalar(db.select(ProjectTask).where(ProjectTask.project_id == project))
        assert task.lead.slug == "havs"
        assert db.session.scalar(db.select(ProjectMeasure.indicator_code).where(
            ProjectMeasure.project_id == project)) == "T7-i"


def test_the_management_group_sees_its_projects_status_at_a_glance(demo, client):
    html = client.get("/en/partnership/groups/safer-harrow").text

    table = html[html.index("Projects at a glance"):]
    assert "Tackling domestic violence" in table
    assert "Amber: some risk" in table  # its latest report, March 2010
    assert "31 March 2010" in table


def test_only_the_groups_members_and_officers_report_progress(demo, app, seat):
    seat("outsider@test.org", "vcs-forum")
    outsider = signed_in(app, "outsider@test.org")
    with app.app_context():
        project = db.session.scalar(db.select(Project.id).where(
            Project.title == "Tackling domestic violence"))

    assert outsider.get(f"/en/partnership/projects/{project}/reports/new").status_code == 403


def test_an_empty_progress_report_is_refused_and_nothing_saved(demo, app, officer):
    staff = signed_in(app, "officer@test.org")
    project = _start(staff, app)

    response = submit(staff, f"/en/partnership/projects/{project}/reports/new",
                      {"period_end": "", "progress": ""})

    assert response.status_code == 400
    assert 'href="#progress"' in response.text and 'href="#status"' in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ProgressReport.id)).where(
            ProgressReport.project_id == project)) == 0


def test_with_the_scorecard_disabled_plans_work_and_offer_no_indicators(demo, app, officer):
    with app.test_request_context("/en/"):
        host(app).set_enabled("scorecard", False)
        host(app).set_enabled("every_hook", False)  # the test plugin offers one too
    staff = signed_in(app, "officer@test.org")
    project = _start(staff, app)
    plan = staff.get(f"/en/partnership/projects/{project}/plan")
    assert plan.status_code == 200 and "measure-indicator" not in plan.text

    added = submit(staff, f"/en/partnership/projects/{project}/measures", {
        "measure-kind": "outcome", "measure-description": "Carers feel less isolated"},
        form_url=f"/en/partnership/projects/{project}/plan")
    assert added.status_code == 302
    for url in ("/en/partnership/", "/en/partnership/groups/safer-harrow",
                f"/en/partnership/projects/{project}", "/en/partnership/funding/new"):
        page = staff.get(url)
        assert page.status_code == 200, url
        assert "T7-i" not in page.text and "indicators/" not in page.text, url
    assert "Carers feel less isolated" in staff.get(f"/en/partnership/projects/{project}").text
