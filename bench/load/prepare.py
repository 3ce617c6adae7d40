"""
Data and logins for the load test (run by bench/load/run.py in the server's environment).

Generates the scale data if absent (plans.scale_data), gives a few of its people a
password, adds partner users for the busiest synthetic organisations and commissioners,
produces one quarterly report to download, and writes what the journeys need (usernames,
ids) as JSON to the path given. Everything is synthetic; the password is made up per run.
"""

import json
import sys
import time

import django

LEADS, PARTNERS, COMMISSIONERS = 5, 5, 2


def main(out_path, password, actions):
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from partners.models import PartnerMembership, PartnerOrganisation
    from plans.models import Action, ActionPlan
    from plans.scale_data import PLAN_TITLES, existing_scale_data, generate
    from reports.models import Report, ReportKind, ReportState
    from vawg_tracker.accounts.models import Role
    from vawg_tracker.quarters import Quarter

    if not existing_scale_data():
        started = time.perf_counter()
        generate(actions, seed=1)
        print(f"scale data: {actions} actions in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def person(username, role, **fields):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.invalid", **fields}
        )
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    staff = person("scale-staff", Role.PCC_STAFF)
    leads = []
    for number in range(1, LEADS + 1):
        user = person(f"scale-lead-{number:02d}", Role.LEAD_SPECIALIST)
        ids = list(
            Action.objects.filter(lead__user=user, plan__title__in=PLAN_TITLES)
            .open()
            .values_list("pk", flat=True)[:50]
        )
        leads.append({"username": user.username, "actions": ids})
    partners = []
    busiest = PartnerOrganisation.objects.annotate(n=Count("actions")).order_by("-n", "pk")[
        :PARTNERS
    ]
    for number, organisation in enumerate(busiest, start=1):
        user = person(f"load-partner-{number:02d}", Role.PARTNER, first_name="Load")
        PartnerMembership.objects.get_or_create(user=user, organisation=organisation)
        ids = list(organisation.actions.open().values_list("pk", flat=True)[:50])
        partners.append({"username": user.username, "actions": ids})
    commissioners = [
        person(f"load-commissioner-{n}", Role.COMMISSIONER).username
        for n in range(1, COMMISSIONERS + 1)
    ]
    plan = ActionPlan.objects.get(title=PLAN_TITLES[0])
    quarter = Quarter.current().previous()
    ready = Report.objects.filter(
        plan=plan, period=quarter, kind=ReportKind.QUARTERLY, state=ReportState.READY
    )
    if not ready.exists():
        started = time.perf_counter()
        call_command("generate_report", plan.pk, quarter.slug)
        print(f"report for {plan}, {quarter}: {time.perf_counter() - started:.1f}s")
    report = ready.get()
    staff_actions = list(
        Action.objects.filter(plan__title__in=PLAN_TITLES).open().values_list("pk", flat=True)
    )
    with open(out_path, "w") as out:
        json.dump(
            {
                "password": password,
                "staff": {"username": staff.username, "actions": staff_actions[:400]},
                "leads": leads,
                "partners": partners,
                "commissioners": commissioners,
                "report": report.pk,
                "plan": plan.pk,
            },
            out,
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
