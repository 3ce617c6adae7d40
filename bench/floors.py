"""
The "bare floors" for bench/pages.py: for each page, a deliberately naive Django view that
reads the same rows the page shows, with ``.values()`` of the columns it displays (no model
instances, no as-at subqueries, no forms, charts or base layout), into a minimal template
compiled once from a string. A page within 2x of its floor spends its time on its data,
not on overhead.

Every floor sits behind the same middleware as the pages (sessions, authentication,
LoginRequiredMiddleware, CSP, ...) and checks the same permission with the same
``@requires`` decorator, so what the ratio measures is the view, its queries and its
template. The URLconf below is the project's own plus ``bench/floor/<page>/`` routes;
bench/pages.py switches ROOT_URLCONF to this module.

Each floor's comment says which rows the page shows and which the floor reads.
"""

import csv
import io
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import path
from django.utils import timezone

from partners.models import PartnerOrganisation
from plans.models import (
    Action,
    ActionPlan,
    FocusArea,
    Indicator,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    Outcome,
    ProgressUpdate,
    Status,
    ViolenceForm,
)
from pledges.models import Pledge, PledgeSet
from vawg_tracker import urls as project_urls
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.quarters import Quarter

PAGE_SIZE = 50  # plans.views.PAGE_SIZE
CLOSED = [Status.COMPLETED, Status.CANCELLED]
LABELS = dict(Status.choices)


def _render(template, **context):
    return HttpResponse(template.render(Context(context)))


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _paged(request, queryset):
    """What Paginator does: a COUNT and one slice (page 1 unless ?page=)."""
    count = queryset.count()
    start = (_page_number(request) - 1) * PAGE_SIZE
    return count, list(queryset[start : start + PAGE_SIZE])


# The columns ACTION_ROWS shows (a page's actions table: pledge, outcome).
ACTION_ROW_COLUMNS = (
    "id",
    "reference",
    "title",
    "plan__title",
    "lead__name",
    "status",
    "percent_complete",
    "due_date",
)
ACTION_ROWS = Template(
    "<table>{% for a in actions %}<tr><td>{{ a.reference }}</td>"
    '<td><a href="/actions/{{ a.id }}/">{{ a.title }}</a>{{ a.pledges }}</td>'
    "<td>{{ a.plan__title }}</td><td>{{ a.lead__name }}</td><td>{{ a.label }}</td>"
    "<td>{{ a.percent_complete }}%</td><td>{{ a.due_date|date:'j M Y' }}</td></tr>"
    "{% endfor %}</table>"
)


def _labelled(actions):
    for action in actions:
        action["label"] = LABELS[action["status"]]
    return actions


def _status_counts(actions):
    counts = dict(actions.values_list("status").annotate(n=Count("pk")).order_by())
    return [(label, counts.get(value, 0)) for value, label in Status.choices]


# --- dashboard -------------------------------------------------------------------------
# The page shows, for one plan, quarter and pledge set: the filter form (plans, quarters,
# pledge sets, the strategy's focus areas); one row per pledge of the set with its actions
# counted by status, their average percent, overdue milestones and moves since last
# quarter; off-track/at-risk, overdue-milestone and stale lists (10 each, with totals);
# the 8 latest updates; up to 6 of the set's indicators with their values so far.
# The floor reads the same rows: the plan, the form's choices, the set's pledges, all the
# plan's actions (current status and percent, not as at the quarter: no subqueries), their
# links to the set's pledges, the plan's overdue milestones, the ids of its actions updated
# this quarter (for the stale list), the 8 latest updates and up to 6 indicators with their
# values so far. No status a quarter earlier, so no "better/worse" column. The plan and
# pledge set come in the query string (bench/pages.py passes the ones the page chose): the
# floor does not work out defaults. The quarter is the current one, the page's default.

DASHBOARD = Template(
    "<h1>{{ plan.title }} {{ quarter }}</h1><form>"
    "<select>{% for p in plans %}<option>{{ p.title }}</option>{% endfor %}</select>"
    "<select>{% for q in quarters %}<option>{{ q }}</option>{% endfor %}</select>"
    "<select>{% for s in sets %}<option>{{ s.title }}</option>{% endfor %}</select>"
    "<select>{% for f in focus_areas %}<option>{{ f.title }}</option>{% endfor %}</select>"
    "</form><table>{% for row in rows %}<tr><th>{{ row.number }}. {{ row.title }}</th>"
    "<td>{% for label, n in row.counts %}{{ label }} {{ n }} {% endfor %}</td>"
    "<td>{{ row.average }}%</td><td>{{ row.overdue }}</td></tr>{% endfor %}</table>"
    "<h3>Off track or at risk ({{ exceptions|length }})</h3>"
    "<ul>{% for a in exceptions|slice:10 %}<li>{{ a.reference }} {{ a.title }}</li>"
    "{% endfor %}</ul>"
    "<h3>Milestones overdue ({{ milestones|length }})</h3>"
    "<ul>{% for m in milestones|slice:10 %}<li>{{ m.action__reference }} {{ m.title }}: "
    "due {{ m.due_date|date:'j M Y' }}</li>{% endfor %}</ul>"
    "<h3>No update ({{ stale|length }})</h3>"
    "<ul>{% for a in stale|slice:10 %}<li>{{ a.reference }} {{ a.title }} · {{ a.lead__name }}"
    "</li>{% endfor %}</ul>"
    "<ul>{% for u in updates %}<li>{{ u.action__reference }} {{ u.action__title }} "
    "{{ u.status }} {{ u.percent_complete }}% {{ u.period }} {{ u.author__username }} "
    "{{ u.created_at|date:'j M Y' }} {{ u.narrative|truncatewords:25 }}</li>{% endfor %}</ul>"
    "{% for i in indicators %}<div>{{ i.name }}: {% for v in i.values %}{{ v.period }} "
    "{{ v.value }} {% endfor %}{{ i.unit }}</div>{% endfor %}"
)


@requires(Can.VIEW_DASHBOARD)
def dashboard(request):
    today = timezone.localdate()
    quarter = Quarter.for_date(today)
    plans = ActionPlan.objects.filter(state="active")
    if request.GET.get("plan"):
        plans = ActionPlan.objects.filter(pk=request.GET["plan"])
    plan = plans.values("id", "title", "strategy_id").first()
    pledge_set = int(request.GET["pledge_set"])
    pledges = list(
        Pledge.objects.filter(pledge_set_id=pledge_set)
        .order_by("number")
        .values("id", "number", "title")
    )
    actions = list(
        Action.objects.filter(plan_id=plan["id"]).values(
            "id", "reference", "title", "status", "percent_complete", "lead__name", "start_date"
        )
    )
    links = Action.pledges.through.objects.filter(
        action__plan_id=plan["id"], pledge__pledge_set_id=pledge_set
    ).values_list("action_id", "pledge_id")
    milestones = list(
        Milestone.objects.filter(action__plan_id=plan["id"], due_date__lt=today)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=today))
        .order_by("due_date", "pk")
        .values("id", "title", "due_date", "action_id", "action__reference")
    )
    updates = list(
        ProgressUpdate.objects.filter(action__plan_id=plan["id"], period__lte=quarter)
        .order_by("-created_at", "-id")
        .values(
            "action__reference",
            "action__title",
            "status",
            "percent_complete",
            "period",
            "author__username",
            "created_at",
            "narrative",
        )[:8]
    )
    indicators = list(
        Indicator.objects.filter(pledges__pledge_set_id=pledge_set)
        .distinct()
        .order_by("name")
        .values("id", "name", "unit")[:6]
    )
    values = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(
            indicator_id__in=[i["id"] for i in indicators], period__lte=quarter
        )
        .order_by("period")
        .values("indicator_id", "period", "value")
    ):
        values[value["indicator_id"]].append(value)
    for indicator in indicators:
        indicator["values"] = values[indicator["id"]][-8:]

    by_id = {action["id"]: action for action in actions}
    per_pledge = defaultdict(list)
    for action_id, pledge_id in links:
        per_pledge[pledge_id].append(by_id[action_id])
    overdue_by_action = Counter(m["action_id"] for m in milestones)
    rows = []
    for pledge in pledges:
        mine = per_pledge[pledge["id"]]
        counts = Counter(a["status"] for a in mine)
        percents = [a["percent_complete"] for a in mine]
        rows.append(
            {
                **pledge,
                "counts": [(LABELS[s], counts[s]) for s in Status.values if counts[s]],
                "average": round(sum(percents) / len(percents)) if percents else None,
                "overdue": sum(overdue_by_action[a["id"]] for a in mine),
            }
        )
    open_actions = [a for a in actions if a["status"] not in CLOSED]
    # "No update this quarter": the ids of the plan's actions with an update for it.
    updated = set(
        ProgressUpdate.objects.filter(action__plan_id=plan["id"], period=quarter).values_list(
            "action_id", flat=True
        )
    )
    return _render(
        DASHBOARD,
        plan=plan,
        quarter=quarter,
        plans=ActionPlan.objects.values("id", "title"),
        quarters=[quarter],
        sets=PledgeSet.objects.values("id", "title"),
        focus_areas=FocusArea.objects.filter(strategy_id=plan["strategy_id"]).values("id", "title"),
        rows=rows,
        exceptions=[a for a in open_actions if a["status"] in (Status.OFF_TRACK, Status.AT_RISK)],
        milestones=milestones,
        stale=[
            a
            for a in open_actions
            if a["id"] not in updated and (a["start_date"] or today) <= quarter.end
        ],
        updates=updates,
        indicators=indicators,
    )


# --- action_list -----------------------------------------------------------------------
# The page shows the filter form (plans, pledges with their set, focus areas, outcomes,
# forms of VAWG, lead specialists, partners, statuses), the number of actions, and page 1
# (50) of all actions in (plan, reference) order: reference, title, their pledges' set and
# number, lead, status, percent, due date.
# The floor reads the same: the form's choice rows, a COUNT, the 50 actions with the
# displayed columns and those 50 actions' pledge links.

FILTER_FORM = Template(
    "<form>{% for name, choices in choices %}<select name='{{ name }}'>"
    "{% for c in choices %}<option value='{{ c.id }}'>{{ c.label }}</option>{% endfor %}"
    "</select>{% endfor %}</form><p>{{ count }} actions</p>{{ table }}"
)


@requires(Can.VIEW_DELIVERY)
def action_list(request):
    count, actions = _paged(
        request,
        Action.objects.order_by("plan", "reference").values(
            "id", "reference", "title", "lead__name", "status", "percent_complete", "due_date"
        ),
    )
    pledges = defaultdict(list)
    for link in Action.pledges.through.objects.filter(
        action_id__in=[a["id"] for a in actions]
    ).values("action_id", "pledge__number", "pledge__pledge_set__title"):
        pledges[link["action_id"]].append(
            f"{link['pledge__pledge_set__title']} {link['pledge__number']}"
        )
    for action in actions:
        action["pledges"] = ", ".join(pledges[action["id"]])

    def labelled(queryset, field):
        return [{"id": row["id"], "label": row[field]} for row in queryset.values("id", field)]

    choices = [
        ("plan", labelled(ActionPlan.objects.all(), "title")),
        ("pledge", labelled(Pledge.objects.all(), "title")),
        ("focus_area", labelled(FocusArea.objects.all(), "title")),
        ("outcome", labelled(Outcome.objects.all(), "title")),
        ("violence_form", labelled(ViolenceForm.objects.all(), "name")),
        ("lead", labelled(LeadSpecialist.objects.all(), "name")),
        ("partner", labelled(PartnerOrganisation.objects.all(), "name")),
        ("status", [{"id": value, "label": label} for value, label in Status.choices]),
    ]
    table = ACTION_ROWS.render(Context({"actions": _labelled(actions)}))
    return _render(FILTER_FORM, choices=choices, count=count, table=table)


# --- action_export ---------------------------------------------------------------------
# The page streams every action as CSV: reference, title, plan, pledges (set: number.
# title), lead, status label, percent, start, due, last updated.
# The floor reads the same rows (all actions with those columns, all pledge links) and
# writes the same columns with csv.writer into one HttpResponse (no streaming, no
# formula-escaping, no time-zone conversion).


@requires(Can.VIEW_DELIVERY)
def action_export(request):
    labels = defaultdict(list)
    for link in Action.pledges.through.objects.order_by(
        "pledge__pledge_set__title", "pledge__number"
    ).values("action_id", "pledge__pledge_set__title", "pledge__number", "pledge__title"):
        labels[link["action_id"]].append(
            f"{link['pledge__pledge_set__title']}: {link['pledge__number']}. "
            f"{link['pledge__title']}"
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Reference", "Title", "Plan", "Pledges", "Lead specialist", "Status", "Percent"]
        + ["Start date", "Due date", "Last updated"]
    )
    for a in Action.objects.order_by("plan", "reference").values_list(
        "id",
        "reference",
        "title",
        "plan__title",
        "lead__name",
        "status",
        "percent_complete",
        "start_date",
        "due_date",
        "updated_at",
    ):
        writer.writerow([a[1], a[2], a[3], "; ".join(labels[a[0]]), a[4], LABELS[a[5]], *a[6:]])
    return HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")


# --- action_detail ---------------------------------------------------------------------
# The page shows one action: its fields, plan (and the plan's lead), lead, focus area, its
# pledges (with set), outcomes, forms of VAWG, delivery partners, its milestones, every
# progress update (with author) and the indicators of its pledges with their latest
# value; plus, for staff, the progress and milestone forms.
# The floor reads the same rows with .values(): the action with plan, plan lead, lead and
# focus area; its four many-to-many lists; its milestones; its updates with author; the
# indicators of its pledges and all their values (the page reads them all too). No forms.

ACTION_DETAIL = Template(
    "<h1>{{ a.reference }} {{ a.title }}</h1><p>{{ a.label }} {{ a.percent_complete }}%</p>"
    "<p>{{ a.description|linebreaksbr }}</p><dl><dd>{{ a.lead__name }}</dd>"
    "<dd>{{ a.plan__title }} {{ a.plan__lead__name }}</dd>"
    "<dd>{% for p in pledges %}{{ p.pledge__pledge_set__title }} {{ p.pledge__number }}. "
    "{{ p.pledge__title }}<br>{% endfor %}</dd><dd>{{ a.focus_area__title }}</dd>"
    "<dd>{% for o in outcomes %}{{ o }}<br>{% endfor %}</dd>"
    "<dd>{% for f in forms %}{{ f }}, {% endfor %}</dd>"
    "<dd>{% for p in partners %}{{ p }}, {% endfor %}</dd>"
    "<dd>{{ a.start_date|date:'j M Y' }} {{ a.due_date|date:'j M Y' }} "
    "{{ a.updated_at|date:'j M Y, H:i' }}</dd></dl>"
    "<ul>{% for m in milestones %}<li>{{ m.title }} {{ m.due_date|date:'j M Y' }} "
    "{{ m.completed_on|date:'j M Y' }}</li>{% endfor %}</ul>"
    "<ul>{% for i in indicators %}<li>{{ i.name }}: {{ i.latest.value }} {{ i.unit }} "
    "({{ i.latest.period }})</li>{% endfor %}</ul>"
    "<ol>{% for u in updates %}<li>{{ u.period }} {{ u.status }} {{ u.percent_complete }}% "
    "{{ u.author__username }} {{ u.created_at|date:'j M Y, H:i' }} "
    "{{ u.reason|linebreaksbr }} {{ u.narrative|linebreaksbr }} "
    "{{ u.next_steps|linebreaksbr }} {{ u.risks_and_issues|linebreaksbr }}</li>"
    "{% endfor %}</ol>"
)


@requires(Can.VIEW_DELIVERY)
def action_detail(request, pk):
    action = Action.objects.filter(pk=pk).values(
        "id",
        "reference",
        "title",
        "description",
        "status",
        "percent_complete",
        "start_date",
        "due_date",
        "updated_at",
        "plan__title",
        "plan__lead__name",
        "lead__name",
        "focus_area__title",
    )[0]
    action["label"] = LABELS[action["status"]]
    pledges = list(
        Action.pledges.through.objects.filter(action_id=pk).values(
            "pledge_id", "pledge__number", "pledge__title", "pledge__pledge_set__title"
        )
    )
    indicators = list(
        Indicator.objects.filter(pledges__in=[p["pledge_id"] for p in pledges])
        .distinct()
        .order_by("name")
        .values("id", "name", "unit")
    )
    latest = {}
    for value in (
        IndicatorValue.objects.filter(indicator_id__in=[i["id"] for i in indicators])
        .order_by("period")
        .values("indicator_id", "period", "value")
    ):
        latest[value["indicator_id"]] = value
    for indicator in indicators:
        indicator["latest"] = latest.get(indicator["id"])
    through = Action.outcomes.through.objects.filter(action_id=pk)
    return _render(
        ACTION_DETAIL,
        a=action,
        pledges=pledges,
        outcomes=through.values_list("outcome__title", flat=True),
        forms=Action.violence_forms.through.objects.filter(action_id=pk).values_list(
            "violenceform__name", flat=True
        ),
        partners=Action.delivery_partners.through.objects.filter(action_id=pk).values_list(
            "partnerorganisation__name", flat=True
        ),
        milestones=Milestone.objects.filter(action_id=pk)
        .order_by("due_date", "id")
        .values("title", "due_date", "completed_on"),
        updates=ProgressUpdate.objects.filter(action_id=pk)
        .order_by("-period", "-created_at", "-id")
        .values(
            "period",
            "status",
            "percent_complete",
            "author__username",
            "created_at",
            "reason",
            "narrative",
            "next_steps",
            "risks_and_issues",
        ),
        indicators=indicators,
    )


# --- pledge_detail ---------------------------------------------------------------------
# The page shows the pledge and its set, and page 1 (50) of the actions delivering it in
# (plan, reference) order with plan and lead. The floor: the pledge row, a COUNT and the
# 50 action rows.

PLEDGE_DETAIL = Template(
    "<p>{{ p.pledge_set__title }}</p><h1>Pledge {{ p.number }}: {{ p.title }}</h1>"
    "<blockquote>{{ p.commitment|linebreaksbr }} {{ p.pledge_set__source }} "
    "{{ p.pledge_set__published_on|date:'j M Y' }}</blockquote><p>{{ count }}</p>{{ table }}"
)


@requires(Can.VIEW_DELIVERY)
def pledge_detail(request, pk):
    pledge = Pledge.objects.filter(pk=pk).values(
        "number",
        "title",
        "commitment",
        "pledge_set__title",
        "pledge_set__source",
        "pledge_set__published_on",
    )[0]
    count, actions = _paged(
        request,
        Action.objects.filter(pledges=pk).order_by("plan", "reference").values(*ACTION_ROW_COLUMNS),
    )
    table = ACTION_ROWS.render(Context({"actions": _labelled(actions)}))
    return _render(PLEDGE_DETAIL, p=pledge, count=count, table=table)


# --- outcome_detail --------------------------------------------------------------------
# The page shows one outcome for a plan and quarter: the filter form (the strategy's plans,
# quarters); its actions counted by status with their average percent, moves since last
# quarter, overdue milestones; moved, late and off-track/at-risk lists (10 each); page 1
# (50) of its actions with lead, status, percent and due date; the outcome's indicators
# with their values so far. The floor reads: the outcome, the strategy's plans, the
# plan's actions serving it (current status and percent, not as at the quarter: no
# subqueries, so no moves), their overdue milestones, a COUNT and the page's 50 rows, and
# the indicators with their values so far.

OUTCOME_DETAIL = Template(
    "<h1>Outcome {{ o.number }}: {{ o.title }}</h1><p>{{ o.description }}</p><form>"
    "<select>{% for p in plans %}<option>{{ p.title }}</option>{% endfor %}</select></form>"
    "<p>{% for label, n in counts %}{{ label }} {{ n }} {% endfor %}{{ average }}% "
    "{{ overdue }}</p><h3>Late ({{ late|length }})</h3><ul>{% for a in late|slice:10 %}"
    "<li>{{ a.reference }} {{ a.title }}</li>{% endfor %}</ul>"
    "<h3>Off track or at risk ({{ exceptions|length }})</h3><ul>"
    "{% for a in exceptions|slice:10 %}<li>{{ a.reference }} {{ a.title }}</li>{% endfor %}"
    "</ul><p>{{ count }}</p>{{ table }}"
    "{% for i in indicators %}<div>{{ i.name }}: {% for v in i.values %}{{ v.period }} "
    "{{ v.value }} {% endfor %}{{ i.unit }}</div>{% endfor %}"
)


@requires(Can.VIEW_DELIVERY)
def outcome_detail(request, pk):
    today = timezone.localdate()
    outcome = Outcome.objects.filter(pk=pk).values(
        "id", "number", "title", "description", "strategy_id"
    )[0]
    plans = list(
        ActionPlan.objects.filter(strategy_id=outcome["strategy_id"]).values("id", "title")
    )
    plan = int(request.GET["plan"])
    serving = Action.objects.filter(plan_id=plan, outcomes=pk)
    actions = list(serving.values("id", "reference", "title", "status", "percent_complete"))
    overdue = (
        Milestone.objects.filter(action__in=serving, due_date__lt=today)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=today))
        .count()
    )
    late = list(
        serving.filter(due_date__lt=today)
        .exclude(status__in=CLOSED)
        .order_by("due_date")
        .values("reference", "title")
    )
    count, rows = _paged(
        request,
        serving.order_by("reference").values(*ACTION_ROW_COLUMNS),
    )
    indicators = list(
        Indicator.objects.filter(outcomes=pk).order_by("name").values("id", "name", "unit")
    )
    values = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(indicator_id__in=[i["id"] for i in indicators])
        .order_by("period")
        .values("indicator_id", "period", "value")
    ):
        values[value["indicator_id"]].append(value)
    for indicator in indicators:
        indicator["values"] = values[indicator["id"]][-8:]
    counts = Counter(a["status"] for a in actions)
    percents = [a["percent_complete"] for a in actions]
    return _render(
        OUTCOME_DETAIL,
        o=outcome,
        plans=plans,
        counts=[(LABELS[s], counts[s]) for s in Status.values if counts[s]],
        average=round(sum(percents) / len(percents)) if percents else None,
        overdue=overdue,
        late=late,
        exceptions=[a for a in actions if a["status"] in (Status.OFF_TRACK, Status.AT_RISK)],
        count=count,
        table=ACTION_ROWS.render(Context({"actions": _labelled(rows)})),
        indicators=indicators,
    )


# --- plan_list -------------------------------------------------------------------------
# The page shows every plan with strategy, lead, period, state and its number of actions.
# The floor reads the same with one .values() query; the action count is the column shown,
# so it is there too, as the simplest COUNT ... GROUP BY.

PLAN_LIST = Template(
    "<table>{% for p in plans %}<tr><td>{{ p.title }}</td><td>{{ p.strategy__title }} "
    "({{ p.strategy__area }})</td><td>{{ p.lead__name }}</td><td>{{ p.period_start|date:'M Y' }}"
    " – {{ p.period_end|date:'M Y' }}</td><td>{{ p.state }}</td><td>{{ p.n }}</td></tr>"
    "{% endfor %}</table>"
)


@requires(Can.VIEW_DELIVERY)
def plan_list(request):
    plans = (
        ActionPlan.objects.order_by("-period_start", "title")
        .values(
            "id",
            "title",
            "strategy__title",
            "strategy__area",
            "lead__name",
            "period_start",
            "period_end",
            "state",
        )
        .annotate(n=Count("actions"))
    )
    return _render(PLAN_LIST, plans=plans)


# --- plan_detail -----------------------------------------------------------------------
# The page shows the plan (strategy, lead), its actions counted by status, the number
# overdue, and page 1 (50) of its actions in reference order with lead. The floor: the plan
# row, a status GROUP BY, an overdue COUNT, a COUNT and the 50 action rows.

PLAN_DETAIL = Template(
    "<p>{{ p.strategy__title }}</p><h1>{{ p.title }}</h1><dl><dd>{{ p.lead__name }}, "
    "{{ p.lead__job_title }}</dd><dd>{{ p.period_start|date:'j M Y' }} – "
    "{{ p.period_end|date:'j M Y' }}</dd><dd>{{ p.state }}</dd><dd>{{ overdue }}</dd></dl>"
    "<p>{{ p.description|linebreaksbr }}</p>"
    "<ul>{% for label, n in counts %}<li>{{ label }}: {{ n }}</li>{% endfor %}</ul>"
    "<p>{{ count }}</p>{{ table }}"
)


@requires(Can.VIEW_DELIVERY)
def plan_detail(request, pk):
    plan = ActionPlan.objects.filter(pk=pk).values(
        "title",
        "description",
        "strategy__title",
        "lead__name",
        "lead__job_title",
        "period_start",
        "period_end",
        "state",
    )[0]
    actions = Action.objects.filter(plan_id=pk)
    today = timezone.localdate()
    count, rows = _paged(
        request,
        actions.order_by("reference").values(
            "id", "reference", "title", "lead__name", "status", "percent_complete", "due_date"
        ),
    )
    return _render(
        PLAN_DETAIL,
        p=plan,
        counts=_status_counts(actions),
        overdue=actions.exclude(status__in=CLOSED).filter(due_date__lt=today).count(),
        count=count,
        table=ACTION_ROWS.render(Context({"actions": _labelled(rows)})),
    )


# --- lead_list -------------------------------------------------------------------------
# The page shows page 1 (50) of the lead specialists by name, each with their number of
# actions, open actions, and at-risk or off-track actions. The floor: a COUNT, the 50 lead
# rows, and one GROUP BY (lead, status) over all actions, summed in Python.

LEAD_LIST = Template(
    "<table>{% for l in leads %}<tr><td>{{ l.name }}</td><td>{{ l.job_title }}, "
    "{{ l.organisation }}</td><td>{{ l.actions }}</td><td>{{ l.open }}</td>"
    "<td>{{ l.exceptions }}</td></tr>{% endfor %}</table>"
)


@requires(Can.VIEW_DELIVERY)
def lead_list(request):
    count, leads = _paged(
        request,
        LeadSpecialist.objects.order_by("name").values("id", "name", "job_title", "organisation"),
    )
    tally = defaultdict(Counter)
    for row in Action.objects.values("lead_id", "status").annotate(n=Count("id")).order_by():
        tally[row["lead_id"]][row["status"]] = row["n"]
    for lead in leads:
        mine = tally[lead["id"]]
        lead["actions"] = sum(mine.values())
        lead["open"] = lead["actions"] - sum(mine[s] for s in CLOSED)
        lead["exceptions"] = mine[Status.AT_RISK] + mine[Status.OFF_TRACK]
    return _render(LEAD_LIST, leads=leads, count=count)


# --- lead_detail -----------------------------------------------------------------------
# The page shows the lead specialist, the plans they lead, their actions counted by status,
# the number overdue, and page 1 (50) of their actions in (plan, reference) order with plan.
# The floor: the lead row, their plans, a status GROUP BY, an overdue COUNT, a COUNT and
# the 50 action rows.

LEAD_DETAIL = Template(
    "<h1>{{ l.name }}</h1><p>{{ l.job_title }}, {{ l.organisation }} {{ l.email }}</p>"
    "<p>{% for p in plans %}{{ p.title }}, {% endfor %}</p><p>{{ overdue }}</p>"
    "<ul>{% for label, n in counts %}<li>{{ label }}: {{ n }}</li>{% endfor %}</ul>"
    "<p>{{ count }}</p>{{ table }}"
)


@requires(Can.VIEW_DELIVERY)
def lead_detail(request, pk):
    lead = LeadSpecialist.objects.filter(pk=pk).values(
        "name", "job_title", "organisation", "email"
    )[0]
    actions = Action.objects.filter(lead_id=pk)
    today = timezone.localdate()
    count, rows = _paged(
        request,
        actions.order_by("plan", "reference").values(
            "id", "reference", "title", "plan__title", "status", "percent_complete", "due_date"
        ),
    )
    return _render(
        LEAD_DETAIL,
        l=lead,
        plans=ActionPlan.objects.filter(lead_id=pk).values("id", "title"),
        counts=_status_counts(actions),
        overdue=actions.exclude(status__in=CLOSED).filter(due_date__lt=today).count(),
        count=count,
        table=ACTION_ROWS.render(Context({"actions": _labelled(rows)})),
    )


# --- indicator_list --------------------------------------------------------------------
# The page shows page 1 (50) of the indicators, each with its latest value, target,
# baseline, better/worse than baseline and a sparkline (an SVG and a table) of its last 8
# values; it reads all their values. The floor reads the same rows (a COUNT, the 50
# indicators, all their values) and prints the latest value and the last 8 as text.

INDICATOR_LIST = Template(
    "{% for i in indicators %}<div><h2>{{ i.name }}</h2><p>{{ i.latest.value }} {{ i.unit }} "
    "in {{ i.latest.period }}</p><p>Target {{ i.target_value }} by {{ i.target_period }} · "
    "Baseline {{ i.baseline_value }} ({{ i.baseline_period }})</p><table>"
    "{% for v in i.recent %}<tr><th>{{ v.period }}</th><td>{{ v.value }}</td></tr>"
    "{% endfor %}</table></div>{% endfor %}"
)


@requires(Can.VIEW_DELIVERY)
def indicator_list(request):
    count, indicators = _paged(
        request,
        Indicator.objects.order_by("name").values(
            "id",
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_period",
            "target_value",
            "target_period",
        ),
    )
    values = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(indicator_id__in=[i["id"] for i in indicators])
        .order_by("period")
        .values("indicator_id", "period", "value")
    ):
        values[value["indicator_id"]].append(value)
    for indicator in indicators:
        mine = values[indicator["id"]]
        indicator["latest"] = mine[-1] if mine else None
        indicator["recent"] = mine[-8:]
    return _render(INDICATOR_LIST, indicators=indicators, count=count)


# --- indicator_detail ------------------------------------------------------------------
# The page shows the indicator, a full trend chart (SVG and table) of all its values, the
# values table with who entered each, and, for staff, the form to record a value. The
# floor reads the indicator row and all its values with the enterer's name into a table.

INDICATOR_DETAIL = Template(
    "<h1>{{ i.name }}</h1><p>{{ i.description }}</p><p>{{ i.direction }} · {{ i.frequency }} "
    "· {{ i.data_source }}</p><table>{% for v in values %}<tr><td>{{ v.period }}</td>"
    "<td>{{ v.value }}</td><td>{{ v.note }}</td><td>{{ v.entered_by__username }}</td></tr>"
    "{% endfor %}</table>"
)


@requires(Can.VIEW_DELIVERY)
def indicator_detail(request, pk):
    indicator = Indicator.objects.filter(pk=pk).values(
        "name", "description", "unit", "direction", "frequency", "data_source"
    )[0]
    values = (
        IndicatorValue.objects.filter(indicator_id=pk)
        .order_by("-period")
        .values("period", "value", "note", "entered_by__username")
    )
    return _render(INDICATOR_DETAIL, i=indicator, values=values)


FLOORS = {
    "dashboard": dashboard,
    "action_list": action_list,
    "action_export": action_export,
    "action_detail": action_detail,
    "pledge_detail": pledge_detail,
    "outcome_detail": outcome_detail,
    "plan_list": plan_list,
    "plan_detail": plan_detail,
    "lead_list": lead_list,
    "lead_detail": lead_detail,
    "indicator_list": indicator_list,
    "indicator_detail": indicator_detail,
}
TAKES_PK = {
    "action_detail",
    "pledge_detail",
    "outcome_detail",
    "plan_detail",
    "lead_detail",
    "indicator_detail",
}

urlpatterns = [
    path(f"bench/floor/{name}/<int:pk>/" if name in TAKES_PK else f"bench/floor/{name}/", view)
    for name, view in FLOORS.items()
] + project_urls.urlpatterns
