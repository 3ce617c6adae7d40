"""
Upgrading a database across the move of activities and reminders out of ``plans``
(issue 15): every table keeps every row, every history row, every content type id and
every permission a group holds.

The database is filled at today's head (demo data, plus a row in each moved table),
migrated back to the head before the move, and forward again: the move's migrations
only change Django's record of the models, so the tables are the old ones throughout.
"""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from activities.models import Activity, Evidence
from rounds.models import Reminder, ReminderKind
from vawg_tracker import audit
from vawg_tracker.accounts.models import Role
from vawg_tracker.audit.models import AuditEvent

from ..factories import EvidenceFactory
from ..personas import make_person

BEFORE_THE_MOVE = [("plans", "0008_purge_schedule")]
TABLES_SINCE_THE_MOVE = {"publication_publication", "publication_publicreport"}
TABLES_SINCE_THE_MOVE |= {"publication_publicationrequest"}
TABLES_SINCE_THE_MOVE |= {
    f"funding_{name}"
    for name in (
        "fundingsource",
        "historicalfundingsource",
        "award",
        "award_actions",
        "historicalaward",
        "awardyear",
        "awardoutput",
        "spendreturn",
        "historicalspendreturn",
        "returnoutput",
        "returnevent",
    )
}
TABLES_SINCE_THE_MOVE |= {
    f"risks_{name}"
    for name in (
        "risk",
        "risk_actions",
        "risk_pledges",
        "historicalrisk",
        "historicalrisk_actions",
        "historicalrisk_pledges",
        "mitigation",
        "historicalmitigation",
        "riskreview",
    )
}
TABLES_SINCE_THE_MOVE |= {
    f"recommendations_{name}"
    for name in (
        "recommendationsource",
        "historicalrecommendationsource",
        "recommendation",
        "recommendation_actions",
        "historicalrecommendation",
        "historicalrecommendation_actions",
        "recommendationupdate",
        "recommendationevidence",
    )
}
# Rows that migrations of apps added since the move make: the public PDFs' sweep
# (publication 0003), a beat schedule; PCC staff's permissions on the funding records
# (funding 0002).
FUNDING_GRANTS = importlib.import_module(
    "funding.migrations.0002_staff_funding_permissions"
).ROLE_PERMISSIONS["PCC staff"]
# Onboarding's kept uploads, and its hourly sweep of them (a task, on a schedule of its own).
TABLES_SINCE_THE_MOVE |= {"onboarding_pendingimport"}
# Indicator targets (plans 0011) and PCC staff's permissions on them (plans 0012).
TABLES_SINCE_THE_MOVE |= {"plans_indicatortarget", "plans_historicalindicatortarget"}
TARGET_GRANTS = importlib.import_module(
    "plans.migrations.0012_staff_indicator_target_permissions"
).ROLE_PERMISSIONS["PCC staff"]
# Indicator values' breakdowns and PCC staff's permissions on them (plans 0013).
TABLES_SINCE_THE_MOVE |= {"plans_indicatorbreakdown", "plans_historicalindicatorbreakdown"}
BREAKDOWN_GRANTS = importlib.import_module(
    "plans.migrations.0013_indicator_breakdowns"
).ROLE_PERMISSIONS["PCC staff"]
# Quarters' closings and reopenings (plans 0015, plans.lifecycle).
TABLES_SINCE_THE_MOVE |= {"plans_quarterevent"}
# Telling people once that something of theirs was returned (rounds 0002), and its hourly
# run (rounds 0003: a task and its schedule, both gone when it is migrated back).
TABLES_SINCE_THE_MOVE |= {"rounds_returnednotice"}
ROWS_SINCE_THE_MOVE = {
    "django_celery_beat_periodictask": 3,
    "django_celery_beat_crontabschedule": 1,
    "auth_group_permissions": len(FUNDING_GRANTS) + len(TARGET_GRANTS) + len(BREAKDOWN_GRANTS),
}
APPS_SINCE_THE_MOVE = {"publication", "funding", "risks", "recommendations"}
MOVED = {
    "activity": "activities",
    "activityevent": "activities",
    "evidence": "activities",
    "historicalactivity": "activities",
    "reminder": "rounds",
}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _head():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _snapshot():
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if table != "django_migrations":
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from the database)
                counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT g.name, ct.id, ct.app_label, ct.model, p.codename FROM auth_group g"
            " JOIN auth_group_permissions gp ON gp.group_id = g.id"
            " JOIN auth_permission p ON p.id = gp.permission_id"
            " JOIN django_content_type ct ON ct.id = p.content_type_id"
        )
        grants = set(cursor.fetchall())
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        content_types = set(cursor.fetchall())
    return counts, grants, content_types


def _as_moved(rows, app_at):
    """Rows (…, content type id, app label, model, …) with each moved model's label as after."""
    moved = set()
    for row in rows:
        row = list(row)
        app_index = app_at
        if row[app_index] == "plans" and row[app_index + 1] in MOVED:
            row[app_index] = MOVED[row[app_index + 1]]
        moved.add(tuple(row))
    return moved


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_every_row_and_permission():
    call_command("seed_demo", verbosity=0)
    staff = make_person(Role.PCC_STAFF)
    evidence = EvidenceFactory()
    activity = evidence.activity
    activity.title = "A changed title, for a second history row"
    activity.save()
    Reminder.objects.create(
        user=staff, plan=activity.action.plan, period=activity.period, kind=ReminderKind.MANUAL
    )
    audit.record(audit.Kind.EVIDENCE_DOWNLOAD, user=staff, obj=evidence)
    head = _head()
    assert Activity.history.count() >= 2
    assert Reminder.objects.exists()
    assert Evidence.objects.exists()

    try:
        _migrate(BEFORE_THE_MOVE)
        before = _snapshot()
        old_labels = {(app, model) for _, app, model in before[2]}
        assert ("plans", "activity") in old_labels
        assert ("plans", "reminder") in old_labels
        assert ("activities", "activity") not in old_labels
        assert ("PCC staff", "plans", "view_evidence") in {(g, a, c) for g, _, a, _, c in before[1]}
    finally:
        _migrate(head)
    after = _snapshot()

    counts_before, grants_before, types_before = before
    counts_after, grants_after, types_after = after
    # Tables of apps added since the move are not there before it (their rows go when
    # it is migrated back to before the move: here, the demo's publication).
    assert set(counts_after) - set(counts_before) == TABLES_SINCE_THE_MOVE
    assert {table: counts_after[table] for table in counts_before} == {
        table: count + ROWS_SINCE_THE_MOVE.get(table, 0) for table, count in counts_before.items()
    }
    for table in ("plans_activity", "plans_historicalactivity", "plans_evidence", "plans_reminder"):
        assert counts_after[table] > 0, table
    assert {
        g
        for g in grants_after
        if g[2] not in APPS_SINCE_THE_MOVE
        and f"{g[2]}.{g[4]}" not in TARGET_GRANTS + BREAKDOWN_GRANTS
    } == _as_moved(grants_before, app_at=2)
    assert {
        f"{app}.{codename}" for group, _, app, _, codename in grants_after if app == "funding"
    } == set(FUNDING_GRANTS)
    assert types_after == _as_moved(types_before, app_at=1)
    assert (
        Group.objects.get(name="PCC staff")
        .permissions.filter(content_type__app_label="activities", codename="view_evidence")
        .exists()
    )
    # The models read the same rows through their new apps.
    assert Activity.objects.filter(pk=activity.pk, title=activity.title).exists()
    assert Activity.history.filter(id=activity.pk).count() >= 2
    assert Reminder.objects.filter(user=staff).count() == 1


@pytest.mark.django_db
def test_an_audit_event_recorded_under_a_models_old_label_is_read_as_the_new_one():
    evidence = EvidenceFactory()
    old = AuditEvent.objects.create(
        kind=audit.Kind.EVIDENCE_DOWNLOAD, object_type="plans.evidence", object_id=evidence.pk
    )
    new = audit.record(audit.Kind.EVIDENCE_DOWNLOAD, obj=evidence)
    assert new.object_type == "activities.evidence"
    assert set(AuditEvent.objects.about(evidence)) == {old, new}
    assert audit.current_label(old.object_type) == "activities.evidence"
    assert audit.current_label("reports.report") == "reports.report"
