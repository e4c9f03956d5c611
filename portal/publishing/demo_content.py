"""Demo documents for the portal: pages, reports, an agenda and minutes.

Pure data. Facts, figures, names and dates come from the partnership's own papers in
``/work/shared/seeds`` (the constitution, the 2006 scrutiny report, the 2009 reports of Harrow
Chief Executives and the 2011 structure consultation); the wording is the portal's own. The
agenda and the two sets of minutes are illustrative: they say so at the top, and anything in
them not found in the papers (such as "Organisation A") is invented for the demo.

Each entry in :data:`DOCUMENTS` is a dict with ``slug``, ``kind``, ``body`` (a body slug from
``portal/demo.py``), ``date``, ``part2_paragraph`` (Schedule 12A paragraph or ``None``),
``easy_read_of`` (slug or ``None``), ``versions`` (language -> title, summary, body, review)
and, for agendas, ``agenda_items``. Easy-read documents come after the document they explain.
"""

from datetime import date

# --- 1. The constitution ---------------------------------------------------------------------

_CONSTITUTION_SUMMARY = (
    "How the Harrow Strategic Partnership is organised: its vision and aims, the Board, "
    "Executive and other groups, who sits on them, when meetings are public and how "
    "decisions are made."
)

_CONSTITUTION_BODY = """\
## About the partnership

Harrow Strategic Partnership (HSP) is the local strategic partnership for the London Borough
of Harrow. It brings the statutory, private, business, voluntary and community sectors
together to identify local needs and tackle them jointly, so that services support each other.

## Vision

To make a measurable improvement to the quality of life of Harrow's people through strong,
inclusive partnership working.

## Aims

The partnership aims to:

- oversee the Sustainable Community Strategy and the Local Area Agreement (LAA), and hold the
  council and other partners to account for delivering them
- improve services in Harrow, and encourage partnership working in the borough and across
  the region
- help anyone in Harrow who wants to contribute to the vision to get involved
- remove barriers to social inclusion and value Harrow's diversity
- make better use of partners' combined resources
- renew local areas and neighbourhoods, using the Harrow Vitality Profiles
- build strong, cohesive communities

## Structure

- **The Board** sets the strategic direction, champions the Sustainable Community Strategy
  and the LAA, holds partners to account and plans how any LAA reward grant is used. It can
  delegate decisions to the Executive. It meets at least three times a year.
- **The Executive Group** takes decisions for the Board where appropriate, oversees delivery
  of the LAA and holds the management groups to account. It meets at least six times a year.
  On this portal its papers are filed under Harrow Chief Executives.
- **Management groups** are each led by a champion who chairs the group and chooses its
  members. They plan the work, find the resources, set up delivery groups and report to the
  Executive.
- **Delivery groups** carry out a specific, time-limited project plan for a management group
  and report progress and any barriers.
- **Reference groups** bring specialist or community knowledge. Their chairs can raise issues
  with the Executive in a written report, and the Board or Executive can ask for their views.

Stakeholder meetings, up to three a year, report the partnership's achievements to the wider
community and give people a chance to shape its work.

## Membership

### The Board

| Sector | Seats |
|---|---|
| Council | The Leader, the Portfolio Holder for Partnership and two councillors |
| Health | The Chair of Harrow Primary Care Trust |
| Police | The Chair of the Metropolitan Police Authority |
| Business | Four representatives |
| Voluntary and community | Four representatives |
| Education | A member of a local further or higher education governing body |

The two councillors are nominated by the political groups in line with their strength on the
council. Voting members of the Executive Group also sit on the Board.

**Quorum:** four members, who must come from at least four of the six sectors above.

### The Executive Group

The chief executives of the council and the Primary Care Trust, the Harrow Borough Commander,
the Deputy Leader of the council, a voluntary and community sector chief executive, one
business representative, a further or higher education representative and the Board Chair.
Reference group and management group chairs attend without a vote.

**Quorum:** three members, each from a different sector.

### Elections

Harrow Association for Voluntary Service runs the election of the four voluntary sector
members of the Board, and Harrow Chamber of Commerce takes part in electing the four business
members. Each group of four nominates one of its members to the Executive.

## Chairing

- The Board elects a Chair and a Vice-Chair every year.
- The Executive Group does the same.
- Each management group is chaired by its champion.
- Each delivery group is led by someone nominated by its management group.

## Access to meetings

Every meeting has two parts.

- **Part 1** is open to the public.
- **Part 2** is held in private. It is used when information must be kept confidential, when
  commercial interests could be harmed, or when named individuals are discussed (for example
  in the work of the Crime and Disorder Reduction Partnership).

## Performance and accountability

The council is legally accountable for the community strategy and is the accountable body for
the LAA, but all partners accept joint responsibility for delivering both.

- Every group has terms of reference, a work plan and clear lines of accountability.
- Every project has a plan setting out its aims, tasks, outputs, outcomes, lead, timescale and
  resources.
- A **balanced scorecard** tracks the LAA indicators and key outcomes of the community
  strategy. Management group scorecards feed the partnership scorecard, which is **reported
  to the Board every quarter**.
- Minutes, stakeholder meetings and regular communications keep the public informed.

## How decisions are made

1. The partnership aims to decide by consensus.
2. If that is not possible, it decides by majority vote.
3. Where needed, the Chair has a second, casting vote.

The partnership cannot bind its member organisations. What it agrees must be ratified by each
organisation through its own decision-making.

## Protocols

Read this constitution alongside the partnership's protocols on:

- consultation
- communication
- resources
- roles and responsibilities of HSP members
- information sharing
- financial accountability
- the Voluntary Sector Compact
- any others agreed by the Board and the Executive Group
"""

# --- 9. Easy-read constitution -----------------------------------------------------------------

_EASY_READ_BODY = """\
## What is the partnership?

The Harrow Strategic Partnership is a group of organisations.

They work together to make life better for people in Harrow.

The partners include:

- Harrow Council
- the NHS
- the police
- local businesses
- voluntary and community groups
- colleges

## What does it want to do?

- Make life in Harrow better in ways we can measure.
- Make local services better.
- Help everyone take part.
- Value the different people who live in Harrow.
- Help communities get on well together.

## The groups

- **The Board** makes the big plans. It meets at least 3 times a year.
- **The Executive** makes sure the plans happen. It meets at least 6 times a year.
- **Management groups** each look after one subject.
- **Delivery groups** each do one project.
- **Reference groups** give advice. They know a lot about a subject or a community.

## Who is on the Board?

- 4 people from Harrow Council
- 1 person from the local NHS
- 1 person from the police
- 4 people from local businesses
- 4 people from voluntary and community groups
- 1 person from a college

## When can the Board make decisions?

At least 4 members must be at the meeting.

They must come from at least 4 different sectors.

A sector is a type of organisation. For example, the police or businesses.

## Who is in charge?

Every year the Board chooses a Chair.

The Chair runs the meetings.

The Board also chooses a Vice-Chair to help the Chair.

## Can I go to the meetings?

Meetings have 2 parts.

**Part 1** is open. Anyone can come and listen.

**Part 2** is private. It is for things that must be kept private, like:

- secret information
- money matters for a business
- information about a named person

## How do they decide?

First they try to agree.

If they cannot agree, they vote. The side with more votes wins.

If the vote is equal, the Chair has one extra vote.

## How do we know it is working?

The partnership keeps a scorecard. It shows if targets are being met.

The Board looks at the scorecard every 3 months.

Meeting notes are put online for everyone to read.

There are up to 3 public meetings a year. You can hear what the partnership has done. You can
also have your say.
"""

# --- 2. Partnership structure consultation, April 2011 ----------------------------------------

_STRUCTURE_2011_SUMMARY = (
    "Proposals put to the Board in April 2011 for a simpler partnership: a new Assembly for "
    "open debate, partner-led Summits, a smaller Board and fewer management groups. Board "
    "members were to be consulted before new structures were agreed in July 2011."
)

_STRUCTURE_2011_BODY = """\
## Why the structure is being reviewed

The partnership has agreed new priorities, and its structure has grown duplication. This
paper proposes changes to sharpen the partnership's focus on Harrow's most pressing issues.
It does not suggest that any current work is unimportant. Where a group is disbanded, partners
can carry on the work together outside the formal structure.

Two things prompted the review:

- **Local Area Agreements are not being renewed.** Harrow's latest agreement ended in March
  2011, so there is no new programme that can earn reward grant.
- **The Board rarely debates strategy.** Its role as a forum for exploring big changes has
  been little used, and community representatives have not brought any such items forward.

## The proposals at a glance

| Part of the structure | What would change |
|---|---|
| Assembly | New: informal, café-style debate up to twice a year |
| Summits | Continue, up to twice a year, with partners choosing the topics |
| Board | Smaller; meets up to four times a year to do business |
| Harrow Chief Executives | Same role, some changes to membership |
| Management groups | Fewer, focused on the new priorities |
| Reference groups | Continue, and send representatives to the Assembly |

## A new Assembly

The Assembly would hold a café-style debate on the big questions facing Harrow, up to twice
a year. It would gather views from every sector and group in the borough.

- Its members would broadly be today's Board, possibly with others.
- Any partner could bring an issue to the table.
- Sessions would work in an action-learning style, ending with recommendations that are
  developed further after the meeting.
- Topics might include what to put in a refreshed Sustainable Community Strategy, how to get
  more people involved in their community, or the needs of Harrow's diverse communities.

## Summits

Summits would carry on alongside the Assembly, up to two a year. Instead of the council
setting the agenda, partners would be invited to choose topics and lead sessions, at Summits
and at the Assembly.

## A smaller Board

The Board would meet up to four times a year to transact business, hold Harrow Chief
Executives to account, receive monitoring reports, take advice from the Assembly and set
strategic direction. It could include:

- the Leader of the Council
- one other majority party councillor and one minority party councillor
- two voluntary and community sector representatives, chosen by election
- one business representative
- one representative each from the Primary Care Trust, the GPs, North West London Hospitals
  NHS Trust, the further education sector, the Metropolitan Police, the London Fire Brigade
  and Jobcentre Plus
- the Chair of Harrow Chief Executives

## Harrow Chief Executives

No big change to its role is proposed. On membership, it would:

- invite a representative from the Clinical Commissioning Board
- find a new business representative
- give the voluntary and community sector an agreed, permanent seat

Representatives of the Integrated Care Organisation and Central and North West London NHS
Foundation Trust might attend when needed, subject to the discussion on the Health and
Wellbeing Board. Harrow Chief Executives would also approve the terms of reference and size
of every management group, sub-group and task and finish group. Each proposal for a group
should set out its purpose, how long it will last and who will sit on it, and be judged on
the value it adds.

## Management groups and task and finish groups

Partnership working should be business as usual. Formal groups should exist only where they
clearly add value.

- **Kept:** Safer Harrow, and a new umbrella Health and Wellbeing pathfinder group (Safer
  Harrow and the future Health and Wellbeing Board both have a statutory basis).
- **Replaced:** the existing Adults Health and Wellbeing Board, with a workshop in June for the
  Children's Trust, the adults group and sub-groups to shape smaller, focused bodies.
- **Disbanded in their current form:** the Community Cohesion and the Sustainable Development
  and Enterprise management groups, with talks with their chairs on how to support the new
  priorities. The Rayners Lane regeneration link and strategic housing still need a home.

Task and finish groups would take forward the 2011/12 priorities. The indicative list covers
welfare changes, reablement, an integrated children's working group, a commissioning model for
children's services, Better Together and a series of practitioner groups.

## Reference groups and other groups

Greener Harrow, the Harrow Senior Residents People's Assembly and the Voluntary and Community
Sector Forum are self-governing reference groups that bring expert and special-interest views.
They would keep their advisory role and each send one or more representatives to the Assembly.

- The Local Safeguarding Children's Board would report to Harrow Chief Executives every
  quarter, passing strategic issues to the Board when needed.
- The Recession Busting Group would continue, at least until the worklessness priority has
  been scoped.

A leaner structure could look like fewer chances to take part. The Assembly and Summits are
meant to offer plenty of room for public and interest-group input, and more engagement can be
added if it is needed.

## Next steps

The Policy and Partnerships team will talk to as many Board members as possible over four
weeks. The results will be written up and circulated early, so members can consider them
before the Board meets on 12 July 2011 to agree the new structures.

## What the Board is asked to do

Consider and approve the proposals for the future structure of the partnership.
"""

# --- 3. Report of Harrow Chief Executives to the AGM, 26 May 2009 (en, gu, ar) ----------------

_AGM_2009_SUMMARY_EN = (
    "What Harrow Chief Executives covered in its first four meetings: preparing for the "
    "Comprehensive Area Assessment, tracking the Local Area Agreement, responding to the "
    "recession and choosing five priorities for 2009/10."
)

_AGM_2009_BODY_EN = """\
## Who we are

Harrow Chief Executives (HCE) was set up under the partnership's new governance arrangements.
It brings together the chief executives of Harrow's main public services and the chief
executives of Harrow Association for Voluntary Service (HAVS) and Harrow in Business.

The group manages the delivery of the partnership's priorities and targets, as set out in the
Sustainable Community Plan and the Local Area Agreement (LAA). It does this by coordinating
and checking the work of the five thematic management groups.

HCE answers to the Partnership Board. Each member also answers to their own organisation.

## What the group is responsible for

- leading the place-shaping agenda
- getting ready for the Comprehensive Area Assessment (CAA) and making sure the partnership
  works well
- finding chances for partners to work together on the partnership's aims
- tackling Harrow's biggest issues by proposing how partners can line up their work
- learning what works in Harrow, and why, so that other projects can benefit
- building a joint planning framework
- holding management groups to account for delivery, with support, challenge and direction
- overseeing the area risk assessment
- finding ways to raise the partnership's public profile

## What we have discussed

HCE has met four times since it was set up. These themes ran through its meetings.

### Comprehensive Area Assessment

The Audit Commission's CAA lead for Harrow has an open invitation to our meetings, to keep
them fully informed about partnership work. In March the lead explained how Harrow's
assessment will be approached, and helped draw up a timetable for sending in documents. These
include the self-evaluation that the Summit has been asked to consider.

### Local Area Agreement performance

Every quarter the group receives exception reports on the old LAA. They include forecasts of
how much reward grant may be earned. The same information is in the partnership's Annual
Report. The first-year results for the new LAA will come to the next meeting, on 1 June 2009.

### Joint analysis (JAG)

We have regularly discussed JAG: pooling the public sector partners' analysis capacity to give
better, more joined-up data and analysis tailored to each need. This has included finding a
dedicated, secure room and equipment at the Civic Centre.

### The recession

The group backed the creation of a cross-organisational group to find and carry out ways of
reducing the recession's impact on Harrow's residents and businesses. It receives regular
progress reports.

### Sustainable Community Strategy

The group oversaw the final stages of refreshing the strategy. From the ambitions in the
strategy, it chose five issues for particular attention in 2009/10:

1. the recession
2. environmental sustainability
3. community cohesion
4. public health: a partnership approach
5. public sector transformation: partners working much more closely together

### The voluntary and community sector

The group discussed issues affecting the sector, including progress on the response to the
Scrutiny Review and the outcome of complaints made under the Compact.

## Recommendation

The Board is asked to note the themes discussed by Harrow Chief Executives.

## Next steps

HCE will report to every Board meeting. Its reports will propose action by the partnership
and give details of HCE's meetings.
"""

_AGM_2009_TITLE_GU = "હેરો ચીફ એક્ઝિક્યુટિવ્સ: બોર્ડની વાર્ષિક સામાન્ય સભાને અહેવાલ, 26 મે 2009"

_AGM_2009_SUMMARY_GU = (
    "હેરો ચીફ એક્ઝિક્યુટિવ્સે તેની પ્રથમ ચાર બેઠકોમાં શું ચર્ચ્યું: કોમ્પ્રિહેન્સિવ એરિયા "
    "એસેસમેન્ટની તૈયારી, લોકલ એરિયા એગ્રીમેન્ટ પર દેખરેખ, મંદીનો સામનો અને 2009/10 માટે "
    "પાંચ પ્રાથમિકતાઓની પસંદગી."
)

_AGM_2009_BODY_GU = """\
## અમે કોણ છીએ

હેરો ચીફ એક્ઝિક્યુટિવ્સ (HCE)ની રચના ભાગીદારીની નવી શાસન વ્યવસ્થા હેઠળ થઈ હતી. તે હેરોની
મુખ્ય જાહેર સેવાઓના ચીફ એક્ઝિક્યુટિવ્સને હેરો એસોસિએશન ફોર વોલન્ટરી સર્વિસ (HAVS) અને
હેરો ઇન બિઝનેસના ચીફ એક્ઝિક્યુટિવ્સ સાથે એકસાથે લાવે છે.

આ જૂથ સસ્ટેનેબલ કોમ્યુનિટી પ્લાન અને લોકલ એરિયા એગ્રીમેન્ટ (LAA)માં નક્કી કરેલી ભાગીદારીની
પ્રાથમિકતાઓ અને લક્ષ્યાંકોના અમલનું સંચાલન કરે છે. તે પાંચ વિષયવાર મેનેજમેન્ટ જૂથોના
કામનું સંકલન અને દેખરેખ કરીને આ કામ કરે છે.

HCE ભાગીદારી બોર્ડને જવાબદાર છે. દરેક સભ્ય પોતાની સંસ્થાને પણ જવાબદાર છે.

## જૂથની જવાબદારીઓ

- પ્લેસ-શેપિંગ (વિસ્તારના ઘડતર)ના કાર્યક્રમનું નેતૃત્વ કરવું
- કોમ્પ્રિહેન્સિવ એરિયા એસેસમેન્ટ (CAA) માટે તૈયારી કરવી અને ભાગીદારી સારી રીતે કામ કરે
  તેની ખાતરી કરવી
- ભાગીદારીના ઉદ્દેશો માટે ભાગીદારો સાથે મળીને કામ કરી શકે તેવી તકો શોધવી
- ભાગીદારો પોતાનું કામ કેવી રીતે એક દિશામાં ગોઠવી શકે તેની દરખાસ્ત કરીને હેરોના સૌથી
  મોટા પ્રશ્નોનો સામનો કરવો
- હેરોમાં શું સફળ થાય છે અને શા માટે, તે સમજવું જેથી બીજા પ્રોજેક્ટ્સને લાભ મળે
- સંયુક્ત આયોજન માળખું તૈયાર કરવું
- મેનેજમેન્ટ જૂથોને અમલ માટે જવાબદાર ઠેરવવા, અને જરૂર મુજબ ટેકો, પડકાર અને દિશા આપવી
- વિસ્તારના જોખમ મૂલ્યાંકન પર દેખરેખ રાખવી
- ભાગીદારીની જાહેર ઓળખ વધારવાના રસ્તા શોધવા

## અમે શેની ચર્ચા કરી

HCEની રચના પછી તેની ચાર બેઠકો થઈ છે. આ બેઠકોમાં નીચેના વિષયો વારંવાર ચર્ચાયા.

### કોમ્પ્રિહેન્સિવ એરિયા એસેસમેન્ટ

ઓડિટ કમિશનના હેરો માટેના CAA લીડને અમારી બેઠકોમાં હાજર રહેવાનું કાયમી આમંત્રણ છે, જેથી
તેઓ ભાગીદારીના કામથી પૂરેપૂરા માહિતગાર રહે. માર્ચમાં તેમણે સમજાવ્યું કે હેરોનું મૂલ્યાંકન
કેવી રીતે થશે, અને દસ્તાવેજો રજૂ કરવાનું સમયપત્રક તૈયાર કરવામાં મદદ કરી. તેમાં એ
સ્વ-મૂલ્યાંકનનો પણ સમાવેશ થાય છે જેના પર વિચાર કરવા સમિટને કહેવામાં આવ્યું છે.

### લોકલ એરિયા એગ્રીમેન્ટની કામગીરી

દર ત્રણ મહિને જૂથને જૂના LAA અંગે અપવાદ આધારિત કામગીરી અહેવાલો મળે છે. તેમાં કેટલું
રિવોર્ડ ગ્રાન્ટ (પુરસ્કાર અનુદાન) મળી શકે તેના અંદાજો પણ હોય છે. આ જ માહિતી ભાગીદારીના
વાર્ષિક અહેવાલમાં પણ છે. નવા LAAના પ્રથમ વર્ષના પરિણામો આગામી બેઠકમાં, 1 જૂન 2009ના
રોજ, રજૂ થશે.

### સંયુક્ત વિશ્લેષણ (JAG)

અમે JAG વિશે નિયમિત ચર્ચા કરી છે: જાહેર ક્ષેત્રના ભાગીદારોની વિશ્લેષણ ક્ષમતાને એકસાથે
લાવીને વધુ સારો, વધુ સંકલિત ડેટા અને દરેક જરૂરિયાત મુજબનું વિશ્લેષણ આપવું. તેમાં સિવિક
સેન્ટરમાં એક અલગ, સુરક્ષિત ઓરડો અને સાધનો મેળવવાનો પણ સમાવેશ થાય છે.

### મંદી

હેરોના રહેવાસીઓ અને વ્યવસાયો પર મંદીની અસર ઘટાડવાના ઉપાયો શોધવા અને અમલમાં મૂકવા માટે
વિવિધ સંસ્થાઓના સંયુક્ત જૂથની રચનાને આ જૂથે ટેકો આપ્યો. તેને નિયમિત પ્રગતિ અહેવાલો મળે છે.

### સસ્ટેનેબલ કોમ્યુનિટી સ્ટ્રેટેજી

જૂથે વ્યૂહરચનાના નવીનીકરણના અંતિમ તબક્કાઓ પર દેખરેખ રાખી. વ્યૂહરચનાની મહત્વાકાંક્ષાઓમાંથી
તેણે 2009/10માં ખાસ ધ્યાન આપવા માટે પાંચ મુદ્દા પસંદ કર્યા:

1. મંદી
2. પર્યાવરણીય ટકાઉપણું
3. સામુદાયિક સંવાદિતા
4. જાહેર આરોગ્ય: ભાગીદારી દ્વારા અભિગમ
5. જાહેર ક્ષેત્રનું પરિવર્તન: ભાગીદારો વધુ નજીકથી સાથે મળીને કામ કરે

### સ્વૈચ્છિક અને સામુદાયિક ક્ષેત્ર

જૂથે આ ક્ષેત્રને અસર કરતા મુદ્દાઓની ચર્ચા કરી, જેમાં સ્ક્રુટિની રિવ્યૂના પ્રતિભાવની પ્રગતિ અને
કોમ્પેક્ટ હેઠળ કરાયેલી ફરિયાદોના પરિણામનો સમાવેશ થાય છે.

## ભલામણ

બોર્ડને હેરો ચીફ એક્ઝિક્યુટિવ્સે ચર્ચેલા વિષયોની નોંધ લેવા વિનંતી છે.

## આગળનાં પગલાં

HCE બોર્ડની દરેક બેઠકમાં અહેવાલ રજૂ કરશે. તેમાં ભાગીદારી માટે પગલાંની દરખાસ્તો અને
HCEની બેઠકોની વિગતો હશે.
"""

_AGM_2009_TITLE_AR = (
    "مجموعة الرؤساء التنفيذيين في هارو: تقرير إلى الاجتماع العام السنوي للمجلس، 26 مايو 2009"
)

_AGM_2009_SUMMARY_AR = (
    "ما تناولته مجموعة الرؤساء التنفيذيين في هارو في اجتماعاتها الأربعة الأولى: الاستعداد "
    "للتقييم الشامل للمنطقة، ومتابعة اتفاقية المنطقة المحلية، ومواجهة الركود، واختيار خمس "
    "أولويات لعام 2009/10."
)

_AGM_2009_BODY_AR = """\
## من نحن

أُنشئت مجموعة الرؤساء التنفيذيين في هارو (HCE) ضمن ترتيبات الحوكمة الجديدة للشراكة. وهي تجمع
الرؤساء التنفيذيين للخدمات العامة الرئيسية في هارو مع الرئيسين التنفيذيين لرابطة هارو للخدمة
التطوعية (HAVS) ومنظمة Harrow in Business.

تدير المجموعة تنفيذ أولويات الشراكة وأهدافها كما وردت في خطة المجتمع المستدام واتفاقية
المنطقة المحلية (LAA). وتقوم بذلك عبر تنسيق عمل مجموعات الإدارة المواضيعية الخمس ومتابعته.

المجموعة مسؤولة أمام مجلس الشراكة. وكل عضو فيها مسؤول أيضًا أمام مؤسسته.

## مسؤوليات المجموعة

- قيادة برنامج تشكيل المكان
- الاستعداد للتقييم الشامل للمنطقة (CAA) وضمان حسن عمل الشراكة
- البحث عن فرص يعمل فيها الشركاء معًا لتحقيق أهداف الشراكة
- معالجة أكبر القضايا التي تواجه هارو باقتراح طرق لتنسيق عمل الشركاء
- معرفة ما ينجح في هارو ولماذا، لكي تستفيد منه المشاريع الأخرى
- إعداد إطار للتخطيط المشترك
- مساءلة مجموعات الإدارة عن التنفيذ، مع تقديم الدعم والتحدي والتوجيه
- الإشراف على تقييم المخاطر في المنطقة
- إيجاد سبل لتعزيز حضور الشراكة لدى الجمهور

## ما ناقشناه

عقدت المجموعة أربعة اجتماعات منذ إنشائها، وتكررت فيها المواضيع التالية.

### التقييم الشامل للمنطقة

لدى مسؤول التقييم الشامل الخاص بهارو في هيئة التدقيق (Audit Commission) دعوة مفتوحة لحضور
اجتماعاتنا، ليبقى على اطلاع كامل على عمل الشراكة. وفي مارس شرح المسؤول كيف سيُجرى تقييم
هارو، وساعد في وضع جدول زمني لتقديم الوثائق، ومنها التقييم الذاتي الذي طُلب من القمة النظر فيه.

### أداء اتفاقية المنطقة المحلية

تتلقى المجموعة كل ربع سنة تقارير عن الاتفاقية القديمة تركّز على الاستثناءات، وتتضمن تقديرات
لمبلغ منحة المكافأة الذي قد يُكتسب. وترد المعلومات نفسها في التقرير السنوي للشراكة. وستُعرض
نتائج السنة الأولى للاتفاقية الجديدة على الاجتماع القادم في 1 يونيو 2009.

### التحليل المشترك (JAG)

ناقشنا بانتظام مشروع JAG: جمع قدرات التحليل لدى شركاء القطاع العام لتقديم بيانات أفضل وأكثر
تكاملًا وتحليلات تناسب كل حاجة. وشمل ذلك توفير غرفة مخصصة وآمنة ومعدات في المركز المدني
(Civic Centre).

### الركود

دعمت المجموعة تشكيل فريق يضم عدة مؤسسات لتحديد تدابير تخفف أثر الركود على سكان هارو
وأعمالها التجارية وتنفيذ هذه التدابير. وتتلقى المجموعة تقارير منتظمة عن التقدم.

### استراتيجية المجتمع المستدام

أشرفت المجموعة على المراحل الأخيرة من تحديث الاستراتيجية. ومن بين الطموحات الواردة فيها،
اختارت خمس قضايا لإيلائها اهتمامًا خاصًا في 2009/10:

1. الركود الاقتصادي
2. الاستدامة البيئية
3. التماسك المجتمعي
4. الصحة العامة: نهج قائم على الشراكة
5. تحويل القطاع العام: أن يعمل الشركاء معًا بصورة أوثق بكثير

### القطاع التطوعي والمجتمعي

ناقشت المجموعة قضايا تخص هذا القطاع، منها التقدم في الرد على المراجعة الرقابية (Scrutiny
Review) ونتيجة الشكاوى المقدمة بموجب الميثاق (Compact).

## التوصية

يُطلب من المجلس الإحاطة علمًا بالمواضيع التي ناقشتها مجموعة الرؤساء التنفيذيين في هارو.

## الخطوات التالية

ستقدم المجموعة تقريرًا إلى كل اجتماع للمجلس، يقترح إجراءات تتخذها الشراكة ويعرض تفاصيل
اجتماعات المجموعة.
"""

# --- 4. Scrutiny report on partnership working and the LAA, 5 July 2006 -----------------------

_LAA_2006_SUMMARY = (
    "A report to the council's Strengthening Communities Scrutiny Sub-Committee on the value "
    "of partnership working and Harrow's first Local Area Agreement: its four blocks, its 12 "
    "stretched targets, up to £961,900 in pump-priming grant and up to £6,337,575 in "
    "Performance Reward Grant."
)

_LAA_2006_BODY = """\
## About this report

This public report went to Harrow Council's Strengthening Communities Scrutiny Sub-Committee
on 5 July 2006. It was not a key decision. Councillors were asked to note:

1. the benefits of partnership working
2. the lead Harrow Strategic Partnership (HSP) takes on partnership working
3. the Local Area Agreement (LAA), which grew out of that partnership working

## Why partnership working matters

When organisations work in partnership they can:

- tackle difficult, long-term problems with their combined knowledge, skills and resources
- find aims they share and coordinate their work programmes
- use resources better and avoid clashes where their responsibilities overlap

Partnership working is part of how councils are inspected. It was to be one of the areas
looked at in Harrow Council's Corporate Performance Assessment in November 2006.

The HSP brings together the council, the police, the Primary Care Trust, higher education,
local business and the voluntary and community sector. It built on existing partnerships
such as the Crime and Disorder Reduction Partnership. Its Community Strategy, written in
2004, was being refreshed.

A survey of HSP members found strong support for the view that the partnership has a clear
vision, committed members, clear ways of working and plans to involve diverse and excluded
groups. It also found areas needing more work: steering partners' own strategies, reflecting
the views of the whole community and building sound joint financial management.

## The Local Area Agreement

The LAA is a deal between central government, the council and its main local partners. Its
targets were negotiated with the Government Office for London (GOL), so they reflect Harrow's
circumstances rather than national, one-size-fits-all targets. In return, the council and its
partners get less ring-fenced funding, less red tape and more freedom to find local solutions.

The agreement **started on 1 April 2006** and runs for three years.

### Four blocks

The LAA's priorities are grouped into four blocks:

- Children and Young People
- Safer and Stronger Communities
- Healthier Communities and Older People
- Economic Development and Enterprise

Some issues cut across all four blocks, such as transport, capacity building, and culture
and sport.

### Two types of indicator

- **Stretched indicators**, which earn Performance Reward Grant if their stretched targets
  are met.
- **Non-stretched indicators**, which do not.

## The 12 stretched targets

Blocks: **Children** is Children and Young People; **Safer** is Safer and Stronger
Communities; **Health** is Healthier Communities and Older People; **Economy** is Economic
Development and Enterprise.

| No. | Block | Target | How it is measured |
|---|---|---|---|
| 1 | Children | Healthier babies in their first year | Breastfeeding started, and at 6 weeks |
| 2 | Children | Fewer exclusions, better attendance | Exclusions; attendance at weakest schools |
| 3 | Safer | Less fear of crime | Adults who fear becoming a victim of crime |
| 4 | Safer | Better perceptions of anti-social behaviour | Residents who see ASB as a big problem |
| 5 | Safer | Fewer non-residential burglaries | Number of non-residential burglaries |
| 6* | Safer | A strong sense of community cohesion | Adults saying different groups get on well |
| 7* | Safer | More people volunteering | Adult volunteers, incl. socially excluded adults |
| 8 | Health | Fewer burglaries of people over 75 | Home burglaries with a victim over 75 |
| 9 | Health | Less harm from smoking | Smokefree homes; 4-week quitters via the NHS |
| 10 | Economy | Better skills and employability | Average point score per pupil at level 2 |
| 11 | Economy | Better life chances for young people | 16 to 18-year-olds not in work or learning |
| 12* | Cross-cutting | More walking to Grimsdyke School | School trips on foot (local survey) |

\\* Still being negotiated with GOL on 20 June 2006. These are the volunteering, community
cohesion and traffic congestion targets. The other 9 had been agreed.

More detail on some of the measures:

- **Target 2** counts permanent and fixed-period exclusions, and attendance at the quarter of
  primary and secondary schools with the worst attendance.
- **Target 4** counts residents who call a range of anti-social behaviour a "fairly big" or
  "very big" problem.
- **Target 6** counts adults who strongly agree or tend to agree that people from different
  backgrounds get on well in their neighbourhood.
- **Target 11** uses the share of 16 to 18-year-olds not in education, employment or training
  (NEET).
- **Target 12** aims to move journeys to Grimsdyke School away from the car, so that children
  walk more and become healthier and fitter.

## The money

| Grant | Maximum | When it is paid |
|---|---|---|
| Pump-priming grant | £961,900 | After the LAA is signed off |
| Performance Reward Grant | £6,337,575 | If the stretched targets are met after three years |

Pump-priming grant is paid in proportion to the stretched targets agreed before 1 April 2006.
With 9 of 12 agreed, Harrow receives 75% now. The remaining 25% follows in year two once the
other three targets are agreed; GOL asked for them by 30 June 2006. The council's own costs
for the LAA are met from the pump-priming grant.

## Managing performance

With help from its contractor Capita, the HSP is setting up a performance management framework
based on a **balanced scorecard**. The scorecard concentrates on the LAA targets and is
**reported to the HSP every quarter**. Tracking the stretched targets closely gives Harrow the
best chance of earning the full reward grant.

## Equalities and community safety

The 2004 Community Strategy sets out to engage the community, coordinate partners' work,
support cohesive communities and make lasting improvements. These principles promote equality
and form the foundations of the LAA. Safer Harrow is part of the HSP, so community safety
informs the partnership's plans, as section 17 of the Crime and Disorder Act 1998 requires the
council to consider.

## Conclusion

The LAA shows how pooling the resources and skills of Harrow's organisations can improve the
quality of life of local people.
"""

# --- 5. Progress report of Harrow Chief Executives, 27 October 2009 ---------------------------

_PROGRESS_2009_SUMMARY = (
    "Harrow Chief Executives' report to the Board on its work since May 2009: the "
    "Comprehensive Area Assessment, Total Place, two Compact complaints about the council's "
    "grants process, £200,000 for LAA indicators at risk and a review of how the partnership "
    "works."
)

_PROGRESS_2009_BODY = """\
## About this report

Harrow Chief Executives (HCE) has met four times since the Board's last meeting in May 2009.
This report covers the main, recurring themes.

## Comprehensive Area Assessment

The Audit Commission's CAA lead for Harrow has attended HCE meetings to explain what the
assessment needs and when, and to learn how partnership working is organised in Harrow. HCE
has reviewed drafts of Harrow's self-evaluation, which follows the chapters of the Sustainable
Community Strategy, and an early draft of the Audit Commission's response. The result will be
known in December 2009.

## Total Place

Total Place is a government approach that looks at all public spending in an area to find ways
of getting better results for less. The government started 13 pilots, two of them in London
(Croydon and Lewisham). HCE saw the potential and backed a local Total Place work stream. It
includes:

- working out total public spending in Harrow, which comes to **£1.9 billion**
- "deep dive" studies where local spending is above the London average: support for the 100
  families who need the most help, and older people's routes into and out of hospital care
- a future operating model for Harrow's public services, which may save money by combining
  back-office functions
- a property review on rationalising the public sector estate
- a council-wide efficiency review of functions done by more than one team
- a better partnership with residents, encouraging them to take more responsibility for their
  own and their community's quality of life, for example on health and the environment

## Compact complaints

HCE considered **two complaints made under the Compact**. Both were about how the council's
grants process for voluntary and community organisations had worked.

- **Parts of both complaints were upheld.**
- **The grants process has been changed** to make similar problems less likely.
- Terms of reference have been commissioned for a new body to oversee how the Compact is
  developed and put into practice.
- HCE accepted an offer of help from the Commission for the Compact to embed the Compact in
  partner organisations and to set up a **mutual dispute-resolution arrangement with
  neighbouring boroughs**.

## £200,000 for indicators at risk

Up to **£200,000** became available for new work on the LAA priorities.

1. Each management group chair chose one or two top-priority indicators that were in danger of
   missing their stretch target.
2. Partnership groups were invited to put forward projects in those areas.
3. HCE considered the bids and awarded funding.

Funded work covers:

- promoting independent living and cutting the number of emergency hospital bed days
- reducing carbon dioxide (CO2) emissions
- promoting biodiversity
- increasing participation in sport
- creating conditions in which the voluntary and community sector can flourish
- tackling domestic violence

## How the partnership works

HCE was concerned that the partnership's structure and processes were not getting the best
results. It commissioned the consultancy Shared Intelligence to review national good practice
and run a workshop with HCE and the management group chairs. The review found six conditions
for successful partnership working:

- clear priorities
- a structure that is fit for purpose
- effective performance management
- commitment from senior managers
- good communications
- chances for the partnership to develop

HCE's priorities are **community cohesion, climate change, public health, the recession and
the Total Place transformation programme**. Each now has a baseline report, an action plan
and milestones.

Performance management has been streamlined. Management groups now meet in step with the
council's Improvement Board, so the same data serves both, and management group chairs will
attend every other HCE meeting to discuss performance. A diagram of the arrangements (the
"data river") accompanied the original report.

## Recommendation

The Board is asked to receive this report and to agree to receive regular reports from Harrow
Chief Executives in future.
"""

# --- 6. Board AGM agenda, 26 May 2009 ----------------------------------------------------------

_AGENDA_ITEMS = [
    {"title": "Apologies for absence and declarations of interest", "part2_paragraph": None},
    {"title": "Election of Chair and Vice-Chair for 2009/10", "part2_paragraph": None},
    {"title": "Minutes of the previous meeting", "part2_paragraph": None},
    {"title": "Report of Harrow Chief Executives", "part2_paragraph": None},
    {"title": "Local Area Agreement performance and the HSP Annual Report",
     "part2_paragraph": None},
    {"title": "Sustainable Community Strategy: priorities for 2009/10", "part2_paragraph": None},
    {"title": "Grant funding decisions affecting named voluntary organisations",
     "part2_paragraph": 3},
]

_AGENDA_BODY = """\
_Demo content: an illustrative agenda built from the partnership's May 2009 papers._

## Meeting details

- **Meeting:** Harrow Strategic Partnership Board, Annual General Meeting
- **Date:** Tuesday 26 May 2009
- **Quorum:** four members from at least four of the Board's six sectors

Items 1 to 6 are in Part 1 and open to the public. Item 7 is in Part 2 and will be taken in
private.

## Part 1 (open to the public)

### 1. Apologies for absence and declarations of interest

Members are asked to declare any interest in the items on this agenda.

### 2. Election of Chair and Vice-Chair for 2009/10

Under the constitution, the Board elects its Chair and Vice-Chair every year.

### 3. Minutes of the previous meeting

To agree the minutes of the last Board meeting as a correct record.

### 4. Report of Harrow Chief Executives

The themes of the group's first four meetings, including preparation for the Comprehensive
Area Assessment, the response to the recession and Compact complaints. The Board is asked to
note the report.

### 5. Local Area Agreement performance and the HSP Annual Report

Exception reporting on the LAA and forecasts of the reward grant the partnership may earn.

### 6. Sustainable Community Strategy: priorities for 2009/10

The five issues chosen for particular attention this year: the recession, environmental
sustainability, community cohesion, public health as a partnership approach, and public sector
transformation.

## Part 2 (private)

### 7. Grant funding decisions affecting named voluntary organisations

This item is likely to be taken in private under paragraph 3 of Schedule 12A to the Local
Government Act 1972, because it includes information about the financial or business affairs
of particular organisations.
"""

# --- 7. Part 2 minute of the Voluntary and Community Sector Forum ------------------------------

_VCS_MINUTE_BODY = """\
_Demo content: Organisation A and the details below are fictional. They show how a Part 2
minute appears to members of the Forum._

**Part 2: not for publication.** This minute contains information about the financial affairs
of a particular organisation (paragraph 3 of Schedule 12A to the Local Government Act 1972).

## 1. Reason for taking the item in private

The Forum agreed to discuss this item in private because it concerns the finances and grant
application of a named member organisation.

## 2. Outcome of Organisation A's Compact complaint

The Chair reported that Harrow Chief Executives had considered two complaints made under the
Compact about the council's grants process. One was from Organisation A, a small community
group that is a member of the Forum.

Organisation A had complained about how its grant application for 2009/10 was handled.

| Part of the complaint | Outcome |
|---|---|
| Changes to the grant guidance were announced with too little notice | Upheld |
| No written feedback was given on how the application was scored | Upheld |
| The amount awarded was too low | Not upheld: a matter for the grants panel |

Organisation A's representative told the Forum that its reserves would cover running costs
only until the end of March 2010, and that it would apply in the next grants round.

The Forum noted that the council has changed its grants process so that similar problems are
less likely to happen again.

## 3. Resolving disputes in future

The Forum welcomed the Commission for the Compact's offer, accepted by Harrow Chief Executives,
to help embed the Compact across partner organisations and to set up a mutual
dispute-resolution arrangement with neighbouring boroughs.

## Actions

| Action | Who |
|---|---|
| Write to Organisation A confirming the outcome and the changes made | Forum Chair |
| Offer Organisation A advice on funding and reserves | HAVS |
| Raise lessons for the grants process with the Executive in a written report | Forum Chair |

## Publication

The Forum agreed that a short summary of this item, without naming the organisation or its
finances, may appear in its Part 1 minutes.
"""

# --- 8. Part 1 minutes of Harrow Chief Executives, 1 June 2009 ---------------------------------

_HCE_MINUTES_BODY = """\
_Demo content: illustrative minutes built from the partnership's 2009 papers. No figures are
given where the papers do not give them._

**Part 1 (public)**

**Present:** the chief executives of Harrow Council and Harrow Primary Care Trust, the Harrow
Borough Commander, and the chief executives of Harrow Association for Voluntary Service and
Harrow in Business.

## 1. Minutes of the last meeting

Agreed as a correct record.

## 2. Board Annual General Meeting, 26 May 2009

The Board noted the group's first report, which set out the themes of its first four meetings.
The group will report to every Board meeting from now on.

## 3. Local Area Agreement

The group received the first-year results for the new Local Area Agreement. Indicators that
are off track were discussed by exception. The group also noted the latest forecast of reward
grant under the old agreement.

## 4. Comprehensive Area Assessment

The group reviewed the timetable agreed with the Audit Commission's CAA lead for Harrow,
including the self-evaluation going to the Summit. The lead will continue to be invited to
meetings.

## 5. The recession

The group received a progress report from the cross-organisational group working to ease the
impact of the recession on Harrow's residents and businesses.

## 6. Priorities for 2009/10

The group confirmed the five issues chosen from the refreshed Sustainable Community Strategy:

- the recession
- environmental sustainability
- community cohesion
- public health: a partnership approach
- public sector transformation

It agreed that each priority should have a baseline report, an action plan and milestones.

## 7. Joint analysis (JAG)

The group noted progress on a dedicated, secure room and equipment at the Civic Centre for the
partners' shared analysis work.

## 8. The voluntary and community sector

The group noted progress on the response to the Scrutiny Review. Complaints made under the
Compact about the council's grants process are being considered. Details of individual
complaints are not recorded in these public minutes.

## Actions

| Action | Who |
|---|---|
| Ask management group chairs for recovery plans on off-track indicators | Chair |
| Commission baseline reports and action plans for the five priorities | Policy and Partnership |
| Report back on the Compact complaints and the grants process | Council Chief Executive |
"""

DOCUMENTS: list[dict] = [
    {
        "slug": "constitution",
        "kind": "page",
        "body": "hsp-board",
        # The constitution is undated; 3 August 2006 is the latest Board meeting its footnotes
        # record as agreeing a change (the Executive's last recorded change is 20 July 2006).
        "date": date(2006, 8, 3),
        "part2_paragraph": None,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Constitution of the Harrow Strategic Partnership",
                "summary": _CONSTITUTION_SUMMARY,
                "body": _CONSTITUTION_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "constitution-easy-read",
        "kind": "page",
        "body": "hsp-board",
        "date": date(2006, 8, 3),  # same as the constitution it explains
        "part2_paragraph": None,
        "easy_read_of": "constitution",
        "versions": {
            "en": {
                "title": "How the Harrow Strategic Partnership works (easy read)",
                "summary": "An easy read guide to the partnership's rules.",
                "body": _EASY_READ_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "partnership-structure-consultation-2011",
        "kind": "report",
        # A consultation paper put to the Board (it asks the Board to approve the proposals),
        # so it is filed under the Board rather than Harrow Chief Executives.
        "body": "hsp-board",
        "date": date(2011, 4, 18),  # the date printed on the consultation document
        "part2_paragraph": None,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Partnership structure: consultation on changes (April 2011)",
                "summary": _STRUCTURE_2011_SUMMARY,
                "body": _STRUCTURE_2011_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "hce-report-to-agm-2009",
        "kind": "report",
        "body": "harrow-chief-executives",
        "date": date(2009, 5, 26),
        "part2_paragraph": None,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Harrow Chief Executives: report to the Board's Annual General "
                         "Meeting, 26 May 2009",
                "summary": _AGM_2009_SUMMARY_EN,
                "body": _AGM_2009_BODY_EN,
                "review": "source",
            },
            "gu": {
                "title": _AGM_2009_TITLE_GU,
                "summary": _AGM_2009_SUMMARY_GU,
                "body": _AGM_2009_BODY_GU,
                "review": "human_reviewed",
            },
            "ar": {
                "title": _AGM_2009_TITLE_AR,
                "summary": _AGM_2009_SUMMARY_AR,
                "body": _AGM_2009_BODY_AR,
                "review": "draft_translation",
            },
        },
    },
    {
        "slug": "laa-scrutiny-report-2006",
        "kind": "report",
        "body": "hsp-board",
        "date": date(2006, 7, 5),
        "part2_paragraph": None,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Partnership working in Harrow and the Local Area Agreement "
                         "(scrutiny report, July 2006)",
                "summary": _LAA_2006_SUMMARY,
                "body": _LAA_2006_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "hce-progress-report-october-2009",
        "kind": "report",
        "body": "harrow-chief-executives",
        "date": date(2009, 10, 27),  # the Board meeting date printed on the report
        "part2_paragraph": None,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Harrow Chief Executives: progress report to the Board, October 2009",
                "summary": _PROGRESS_2009_SUMMARY,
                "body": _PROGRESS_2009_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "board-agm-agenda-2009-05-26",
        "kind": "agenda",
        "body": "hsp-board",
        "date": date(2009, 5, 26),  # the Board's AGM, as in the HCE report to it
        "part2_paragraph": None,  # the agenda is public; only item 7 is Part 2
        "easy_read_of": None,
        "agenda_items": _AGENDA_ITEMS,
        "versions": {
            "en": {
                "title": "Board Annual General Meeting, 26 May 2009: agenda",
                "summary": (
                    "Agenda for the Harrow Strategic Partnership Board's Annual General "
                    "Meeting: election of Chair and Vice-Chair, the report of Harrow Chief "
                    "Executives, LAA performance and the priorities for 2009/10."
                ),
                "body": _AGENDA_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "vcs-forum-minute-compact-complaint-2009",
        "kind": "minutes",
        "body": "vcs-forum",  # the Forum the HAVS demo user sits on, so they can read it
        # Invented meeting date, after the October 2009 report on the complaints.
        "date": date(2009, 11, 10),
        "part2_paragraph": 3,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Voluntary and Community Sector Forum, 10 November 2009: Part 2 "
                         "minute on a Compact complaint",
                "summary": (
                    "Private minute: the outcome of Organisation A's Compact complaint about "
                    "the council's grants process, and the Forum's follow-up actions."
                ),
                "body": _VCS_MINUTE_BODY,
                "review": "source",
            },
        },
    },
    {
        "slug": "hce-minutes-2009-06-01",
        "kind": "minutes",
        "body": "harrow-chief-executives",
        # The AGM report names 1 June 2009 as HCE's next meeting.
        "date": date(2009, 6, 1),
        "part2_paragraph": None,
        "easy_read_of": None,
        "versions": {
            "en": {
                "title": "Harrow Chief Executives, 1 June 2009: minutes",
                "summary": (
                    "Public minutes: first-year results of the new Local Area Agreement, the "
                    "Comprehensive Area Assessment timetable, the recession and the five "
                    "priorities for 2009/10."
                ),
                "body": _HCE_MINUTES_BODY,
                "review": "source",
            },
        },
    },
]
