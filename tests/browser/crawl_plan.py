"""What the browser crawl visits, as whom: data, so a test can check it is complete.

Each ``Visit`` is one page opened (or one form sent empty, so its error
summary shows) by one role, in every language. Paths start after the
language prefix and may name the demo ids from ``demo_data.load_demo``
(``{meeting}``, ``{token}``…) and ``{year}`` (this year). ``test_crawl_plan``
follows every link from the home page as each role and fails when a page it
reaches is not in this plan, so a new page cannot miss the browser checks.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("anonymous", "resident", "member", "officer", "administrator")


@dataclass(frozen=True)
class Visit:
    role: str  # one of ROLES: who opens the page
    path: str
    shows: str | None = None  # a selector the page must contain
    status: int = 200
    submit: str | None = None  # a form's selector: send it empty instead of only opening


def _open(role: str, *paths: str, shows: str | None = None) -> list[Visit]:
    return [Visit(role, path, shows=shows) for path in paths]


def _empty(role: str, *paths: str, form: str = "main form") -> list[Visit]:
    return [Visit(role, path, submit=form) for path in paths]


ANONYMOUS = "anonymous"
MANAGE = "/assembly/manage"

PLAN: tuple[Visit, ...] = tuple([
    *_open(ANONYMOUS, "/", "/account/login", "/account/register", "/account/forgot-password",
           "/bodies/", "/search?q=no-such-thing"),
    *_open(ANONYMOUS, "/bodies/hsp-board", shows="main table td"),
    *_open(ANONYMOUS, "/publications/", "/publications/?kind=report&year=2009",
           shows=".results li a"),
    # Translated into gu and ar; English (with the fallback notice) elsewhere.
    *_open(ANONYMOUS, "/publications/hce-report-to-agm-2009", "/publications/constitution",
           shows=".document"),
    *_open(ANONYMOUS, "/publications/board-agm-agenda-2009-05-26", shows=".agenda li"),
    *_open(ANONYMOUS, "/scorecard/", "/scorecard/exceptions",
           "/scorecard/groups/childrens-trust", "/scorecard/how-statuses-are-worked-out",
           shows="main .status"),
    *_open(ANONYMOUS, "/scorecard/indicators/T1-ii", shows="main svg"),
    *_open(ANONYMOUS, "/meetings/", shows=".results li a"),
    *_open(ANONYMOUS, "/meetings/{board_meeting}", shows="main .status"),
    *_open(ANONYMOUS, "/meetings/{meeting}", shows="main form #name"),
    *_open(ANONYMOUS, "/meetings/sign-ups/{token}", shows="main .status"),
    *_empty(ANONYMOUS, "/meetings/{meeting}", form="main form:has(#name)"),
    *_open(ANONYMOUS, "/assembly/", "/assembly/partnership-summit",
           "/assembly/autumn-assembly-2009?sort=question",
           "/assembly/autumn-assembly-2009/running-order",
           "/assembly/autumn-assembly-2009/outcomes", shows="main h1"),
    *_open(ANONYMOUS, "/assembly/autumn-assembly-2009/topics/{assembly_topic}",
           shows="main [lang][dir]"),
    *_open(ANONYMOUS, "/partnership/", "/partnership/referrals/", "/partnership/funding/",
           shows="main a[href*='/partnership/']"),
    *_open(ANONYMOUS, "/partnership/groups/hsp-board", "/partnership/groups/safer-harrow",
           "/partnership/groups/recession-busting-group", shows="main table td"),
    *_open(ANONYMOUS, "/partnership/referrals/{referral}", shows="main .status"),
    *_open(ANONYMOUS, "/partnership/projects/{project}", "/partnership/funding/{funding_round}",
           shows="main table td"),
    # The test plugin's search finds "cafe".
    *_open(ANONYMOUS, "/search?q=cafe", shows=".results li a"),
    # A 404 from inside the language's pages (an unknown body), so it is in that language.
    Visit(ANONYMOUS, "/bodies/no-such-body", status=404),
    *_empty(ANONYMOUS, "/account/register", "/account/login", "/account/forgot-password"),

    *_open("resident", "/dashboard", "/account/profile", "/account/delete"),
    *_empty("resident", "/account/profile", form="main form:has(#name)"),
    *_empty("resident", "/account/delete"),
    *_open("resident", "/assembly/partnership-summit/topics/new", shows="main form #title"),
    *_empty("resident", "/assembly/partnership-summit/topics/new",
            form="main form:has(#title)"),
    *_open("resident", "/assembly/partnership-summit"),
    # The resident's own topic, still waiting to be checked, which they may change.
    *_open("resident", "/assembly/partnership-summit/topics/{summit_new_topic}/edit",
           shows="main form #title"),

    # A voluntary organisation's contact.
    *_open("member", "/compact/complaints/", "/compact/complaints/new",
           "/compact/complaints/CPT-2009-0001"),
    *_empty("member", "/compact/complaints/new"),
    *_open("member", "/partnership/proposals/new", "/partnership/proposals/{proposal}"),
    *_empty("member", "/partnership/proposals/new"),
    # Who may raise a referral, and how (an explained refusal).
    Visit("member", "/partnership/referrals/new", status=403),
    *_open(ANONYMOUS, "/compact/report/2009", shows="main li[lang=en]"),
    *_open(ANONYMOUS, "/accessibility", "/accessibility/report-a-problem",
           "/help/another-format?page=/en/bodies/"),
    *_empty(ANONYMOUS, "/accessibility/report-a-problem", "/help/another-format"),

    # Partnership officers run the content, the meetings, the scorecard and the Assembly.
    *_open("officer", "/admin/", "/admin/organisations", "/admin/organisations/havs",
           "/admin/bodies/", "/admin/bodies/new", "/admin/bodies/hsp-board",
           "/admin/publications/", "/admin/publications/new", "/admin/publications/{report}",
           "/admin/publications/{report}/translations/gu",
           "/admin/publications/{report}/revisions",
           "/admin/publications/{report}/revisions/1",
           "/admin/publications/translation-requests", "/scorecard/manage/",
           "/scorecard/manage/quarters/8031", "/scorecard/manage/import",
           "/meetings/manage/", "/meetings/manage/new", "/meetings/manage/{meeting}",
           "/meetings/manage/{meeting}/attendees",
           "/meetings/manage/{board_meeting}/attendance",
           "/meetings/manage/{meeting}/message",
           "/admin/help-requests", "/admin/help-requests?state=done"),
    *_open("officer", f"{MANAGE}/", f"{MANAGE}/new", f"{MANAGE}/{{summit}}",
           f"{MANAGE}/{{summit}}/queue", f"{MANAGE}/{{summit}}/queue?show=all",
           f"{MANAGE}/{{summit}}/topics/{{summit_new_topic}}",
           f"{MANAGE}/{{assembly}}/plan", f"{MANAGE}/{{assembly}}/recommendations",
           f"{MANAGE}/{{assembly}}/recommendations/{{assembly_recommendation}}"),
    *_empty("officer", f"{MANAGE}/new"),
    *_empty("officer", f"{MANAGE}/{{assembly}}/plan", form="main form#round-form"),
    *_empty("officer", f"{MANAGE}/{{summit}}/topics/{{summit_new_topic}}",
            form="main form:has(#reason)"),
    *_empty("officer", "/admin/publications/new", "/scorecard/manage/import",
            "/meetings/manage/new", "/admin/bodies/new"),
    *_empty("officer", "/admin/bodies/hsp-board", form="main form:has(#person_name)"),

    # Administrators manage accounts and plugins, the Compact's cases and commitments;
    # the partnership's proposals, referrals, projects and funding rounds below too.
    *_open("administrator", "/admin/", "/admin/plugins", "/admin/users",
           "/admin/users/{resident}", "/compact/queue", "/compact/complaints/CPT-2009-0002",
           "/compact/complaints/CPT-{year}-9001", "/compact/commitments/",
           "/compact/commitments/new", "/admin/security-log",
           "/admin/security-log?kind=login"),
    *_empty("administrator", "/compact/commitments/new"),
    *_open("administrator", "/partnership/proposals/", "/partnership/proposals/{proposal}",
           "/partnership/referrals/new", "/partnership/referrals/{open_referral}",
           "/partnership/projects/new", "/partnership/projects/{project}/plan",
           "/partnership/projects/{project}/reports/new", "/partnership/funding/new",
           "/partnership/funding/{funding_round}", "/partnership/funding/proposals/{bid}",
           "/partnership/groups/hsp-board/edit", "/partnership/projects/{project}/edit",
           "/partnership/projects/{project}/tasks/{task}/edit",
           "/partnership/projects/{project}/measures/{measure}/edit",
           "/partnership/projects/reports/{progress_report}/edit"),
    *_empty("administrator", "/partnership/referrals/new", "/partnership/projects/new",
            "/partnership/projects/{project}/reports/new", "/partnership/funding/new",
            "/partnership/proposals/{proposal}"),
    *_empty("administrator", "/partnership/projects/{project}/plan", form="main #task-form"),
    *_empty("administrator", "/partnership/funding/proposals/{bid}", form="main #score-form"),
])
