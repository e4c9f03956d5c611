"""Demonstration content: the autumn 2009 Assembly on the five 2009/10 priorities, with
topics, a café plan and what became of its recommendations, and an upcoming Summit
whose window for topics is open (dates relative to today).

The topics, recommendations and outcomes are invented for the demonstration; the
priorities, bodies and organisations are the partnership's own.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta

from plugins.assembly.forms import london
from plugins.assembly.models import (
    BigQuestion,
    CafeTable,
    Event,
    EventKind,
    Recommendation,
    RecommendationStatus,
    Round,
    StatusChange,
    Support,
    Topic,
    TopicStatus,
)
from portal.api import Body, Organisation, Role, User, db

ASSEMBLY = "autumn-assembly-2009"
SUMMIT = "partnership-summit"

# The five issues Harrow Chief Executives chose for particular attention in 2009/10.
PRIORITIES = [
    "The recession: how do we lessen its impact on Harrow's residents and businesses?",
    "Environmental sustainability: how can Harrow live and work more greenly?",
    "Community cohesion: how do we help Harrow's many communities get on well together?",
    "Public health: what can partners do together for a healthier Harrow?",
    "Public sector transformation: how can public services work much more closely together?",
]

ACCESS = ("Step-free entrance from Station Road; hearing loop in the Council Chamber; "
          "Gujarati, Tamil and Polish interpreters on request; quiet room available.")

# People who bring topics: the demo accounts plus two residents without a password.
PEOPLE = {
    "priya": "resident@example.org",
    "grace": "havs@example.org",
    "daniel": "officer@example.org",
}
EXTRA = [("ioana.demo@example.org", "Ioana Popa", "ro"),
         ("tom.demo@example.org", "Tom Reid", "en")]

# key, who, for HAVS?, question (1-5), language, title, description, will lead
TOPICS = [
    ("funding", "grace", True, 1, "en", "Keeping small voluntary groups going as funding falls",
     "Donations and grants are down. How can partners help community groups keep their "
     "services open through the recession?", True),
    ("traders", "priya", False, 1, "gu", "મંદીમાં નાના વેપારીઓને મદદ",
     "હેરોના નાના દુકાનદારો મુશ્કેલીમાં છે. તેમને પોતાની ભાષામાં વ્યવસાય સલાહ મળવી જોઈએ.", False),
    ("recycling", "tom", False, 2, "en", "Recycling for blocks of flats",
     "Many flats have no space for separate bins. Shared recycling points would help.", False),
    ("english", "ioana", False, 3, "ro", "Cursuri de engleză pentru părinții nou-veniți",
     "Părinții care au venit recent în Harrow ar vorbi mai ușor cu școala și cu vecinii "
     "dacă ar avea cursuri de engleză lângă casă.", False),
    ("walking", "priya", False, 4, "gu", "વડીલો માટે ચાલવાના જૂથો",
     "પાર્કમાં સાપ્તાહિક ચાલવાના જૂથો વડીલોને સ્વસ્થ અને એકબીજા સાથે જોડાયેલા રાખે.", False),
    ("front-door", "grace", True, 5, "en", "One front door for council, NHS and voluntary advice",
     "Residents are passed from one office to another. A single advice point shared by "
     "partners would save time for everyone.", True),
]
SUPPORTERS = {"funding": ["priya", "tom", "ioana"], "traders": ["grace", "tom"],
              "recycling": ["priya"], "english": ["grace", "priya"], "walking": ["tom"],
              "front-door": ["priya", "ioana", "tom"]}

# round, start, [(table, topic key, lead)]
PLAN = [(1, time(18, 30), [(1, "funding", "grace"), (2, "traders", "daniel"),
                           (3, "recycling", None)]),
        (2, time(19, 30), [(1, "english", "grace"), (2, "walking", "daniel"),
                           (3, "front-door", None)])]

# topic key, body slug, recommendation, [(status, date, note)]
RECOMMENDATIONS = [
    ("funding", "harrow-chief-executives",
     "Offer small voluntary groups shared help with fund-raising and bids.",
     [(RecommendationStatus.REFERRED, date(2009, 11, 26), ""),
      (RecommendationStatus.CONSIDERING, date(2010, 1, 14), ""),
      (RecommendationStatus.ACCEPTED, date(2010, 3, 9),
       "Demonstration outcome: HAVS runs a monthly fund-raising surgery, supported by partners.")]),
    ("traders", "recession-busting-group",
     "Hold business advice sessions for small traders in Gujarati and other community languages.",
     [(RecommendationStatus.REFERRED, date(2009, 11, 26), ""),
      (RecommendationStatus.DONE, date(2010, 2, 18),
       "Demonstration outcome: four advice evenings were held, two of them in Gujarati.")]),
    ("recycling", "sustainable-development-enterprise",
     "Put shared recycling points next to blocks of flats.",
     [(RecommendationStatus.REFERRED, date(2009, 11, 26), ""),
      (RecommendationStatus.NOT_TAKEN_FORWARD, date(2010, 2, 2),
       "Demonstration reason: the sites belong to housing providers; the group has asked them "
       "to take it up.")]),
    ("english", "community-cohesion",
     "Run English classes for parents at schools and community centres.",
     [(RecommendationStatus.REFERRED, date(2009, 11, 26), ""),
      (RecommendationStatus.CONSIDERING, date(2010, 1, 20), "")]),
    ("walking", "adults-health-wellbeing",
     "Start weekly walking groups for older residents in the borough's parks.",
     [(RecommendationStatus.REFERRED, date(2009, 11, 26), ""),
      (RecommendationStatus.ACCEPTED, date(2010, 1, 28),
       "Demonstration outcome: three walking groups start in the spring.")]),
    ("front-door", "hsp-board",
     "Partners explore a single advice point shared by the council, the NHS and the voluntary "
     "sector.", [(RecommendationStatus.REFERRED, date(2009, 11, 26), "")]),
]


def _people() -> dict[str, User]:
    found = {key: db.session.scalar(db.select(User).where(User.email == email))
             for key, email in PEOPLE.items()}
    for email, name, lang in EXTRA:
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=Role.RESIDENT, preferred_language=lang,
                        email_verified_at=datetime.now(UTC))
            user.set_password(secrets.token_urlsafe(24))  # nobody signs in as them
            db.session.add(user)
        found[email.split(".")[0]] = user
    db.session.flush()
    return found


def seed_assembly() -> dict[str, int]:
    created = {"events": 0, "topics": 0, "recommendations": 0}
    people = _people()
    if None in people.values():  # the core's demo accounts are missing
        db.session.rollback()
        return created
    if db.session.scalar(db.select(Event.id).where(Event.slug == ASSEMBLY)) is None:
        _autumn_assembly(people, created)
    if db.session.scalar(db.select(Event.id).where(Event.slug == SUMMIT)) is None:
        _summit(people, created)
    db.session.commit()
    return created


def _autumn_assembly(people, created) -> None:
    havs = db.session.scalar(db.select(Organisation).where(Organisation.slug == "havs"))
    bodies = dict(db.session.execute(db.select(Body.slug, Body.id)).all())
    day = date(2009, 11, 19)
    event = Event(
        slug=ASSEMBLY, kind=EventKind.ASSEMBLY, title="Harrow Assembly, autumn 2009",
        description="A café-style evening on the five issues the partnership chose for "
                    "particular attention in 2009/10.",
        starts_at=london(day, time(18, 0)).astimezone(UTC),
        place="Harrow Civic Centre, Council Chamber, Station Road, Harrow", access_info=ACCESS,
        window_opens_at=london(date(2009, 9, 14), time(9, 0)).astimezone(UTC),
        window_closes_at=london(date(2009, 11, 6), time(17, 0)).astimezone(UTC),
        published=True)
    event.questions = [BigQuestion(position=n, text=t) for n, t in enumerate(PRIORITIES, 1)]
    db.session.add(event)
    db.session.flush()
    topics = {}
    for n, (key, who, for_havs, q, lang, title, text, lead) in enumerate(TOPICS):
        topics[key] = Topic(
            event_id=event.id, question_id=event.questions[q - 1].id, title=title,
            description=text, language=lang, submitter_id=people[who].id,
            organisation_id=havs.id if for_havs and havs else None, will_lead=lead,
            status=TopicStatus.APPROVED,
            created_at=london(date(2009, 9, 20) + timedelta(days=3 * n), time(12, 0))
            .astimezone(UTC), moderated_at=london(date(2009, 11, 9), time(10, 0))
            .astimezone(UTC))
        db.session.add(topics[key])
    db.session.flush()
    created["topics"] += len(topics)
    for key, who in SUPPORTERS.items():
        for person in who:
            db.session.add(Support(topic_id=topics[key].id, user_id=people[person].id))
    for number, start, tables in PLAN:
        round_ = Round(event_id=event.id, number=number,
                       starts_at=london(day, start).astimezone(UTC))
        round_.tables = [CafeTable(number=t, topic_id=topics[key].id,
                                   lead_id=people[lead].id if lead else None, capacity=8)
                         for t, key, lead in tables]
        db.session.add(round_)
    for key, body, text, history in RECOMMENDATIONS:
        last_status, last_on, _note = history[-1]
        outcome = next((n for s, _d, n in reversed(history)
                        if n and s != RecommendationStatus.NOT_TAKEN_FORWARD), "")
        reason = (history[-1][2] if last_status == RecommendationStatus.NOT_TAKEN_FORWARD
                  else "")
        rec = Recommendation(event_id=event.id, topic_id=topics[key].id, text=text,
                             body_id=bodies[body], status=last_status, status_on=last_on,
                             reason=reason, outcome=outcome)
        rec.history = [StatusChange(status=s, on=d, note=n) for s, d, n in history]
        db.session.add(rec)
        created["recommendations"] += 1
    created["events"] += 1


def _summit(people, created) -> None:
    today = date.today()
    event = Event(
        slug=SUMMIT, kind=EventKind.SUMMIT, title="Harrow Partnership Summit",
        description="Partners choose the topics and lead the sessions. Bring yours.",
        starts_at=london(today + timedelta(days=45), time(10, 0)).astimezone(UTC),
        place="Harrow Arts Centre, Uxbridge Road, Hatch End", access_info=ACCESS,
        window_opens_at=london(today - timedelta(days=7), time(9, 0)).astimezone(UTC),
        window_closes_at=london(today + timedelta(days=30), time(17, 0)).astimezone(UTC),
        published=True)
    event.questions = [BigQuestion(position=1, text="What should a refreshed Sustainable "
                                   "Community Strategy include?"),
                       BigQuestion(position=2, text="How can we extend community involvement "
                                   "in Harrow?"),
                       BigQuestion(position=3, text="What do the borough's diverse communities "
                                   "need from partners?")]
    db.session.add(event)
    db.session.flush()
    db.session.add_all([
        Topic(event_id=event.id, question_id=event.questions[1].id, language="en",
              title="Youth forums in every ward", submitter_id=people["tom"].id,
              description="Young people rarely come to partnership meetings; ward forums "
                          "would bring the partnership to them.", status=TopicStatus.APPROVED),
        Topic(event_id=event.id, question_id=event.questions[2].id, language="gu",
              title="મંદિરો અને મસ્જિદોમાં આરોગ્ય તપાસ", submitter_id=people["priya"].id,
              description="ધાર્મિક સ્થળોએ આરોગ્ય તપાસથી વધુ લોકો સુધી પહોંચી શકાય.",
              status=TopicStatus.NEW),
    ])
    created["events"] += 1
    created["topics"] += 2


# One unit of bulk content: 1,000 approved topics (ten units: 10,000) on the
# open Summit, with 20 residents supporting some of them.
SCALED_TOPICS = 1000
SCALED_SUPPORTERS = 20


def seed_scaled(scale: int) -> dict[str, int]:
    import secrets

    from plugins.assembly.models import BigQuestion, Event, Support, Topic, TopicStatus
    from portal.api import User, utcnow

    event = db.session.scalar(db.select(Event).where(Event.window_closes_at > utcnow())
                              .order_by(Event.starts_at))
    if event is None:
        return {}
    questions = db.session.scalars(db.select(BigQuestion.id).where(
        BigQuestion.event_id == event.id).order_by(BigQuestion.position)).all()
    done = db.session.scalar(db.select(db.func.count(Topic.id)).where(
        Topic.title.like("Bulk topic %")))
    topics = [Topic(event_id=event.id, question_id=questions[n % len(questions)] if questions
                    else None, title=f"Bulk topic {n + 1}",
                    description="A topic made for measuring the portal under load.",
                    language="en", status=TopicStatus.APPROVED, moderated_at=utcnow())
              for n in range(done, done + scale * SCALED_TOPICS)]
    db.session.add_all(topics)
    people = []
    for n in range(scale * SCALED_SUPPORTERS):
        person = User(email=f"bulk-supporter-{done}-{n}@example.org", name=f"Supporter {n}",
                      email_verified_at=utcnow())
        person.set_password(secrets.token_urlsafe(16))
        people.append(person)
    db.session.add_all(people)
    db.session.flush()
    supports = [Support(topic_id=t.id, user_id=p.id) for i, p in enumerate(people)
                for t in topics[i::7][:50]]
    db.session.add_all(supports)
    db.session.commit()
    return {"bulk_topics": len(topics), "bulk_supports": len(supports)}
