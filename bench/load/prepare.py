"""
Data and logins for the load test (run by bench/load/run.py in the server's environment).

Generates the scale data if absent (demo.scale_data), gives its lead specialists a
password, adds staff, commissioners (each with an authenticator app, as production
requires of them) and partner users for the busiest synthetic organisations,
produces one quarterly report to download, and writes what the journeys need (usernames,
ids) as JSON to the path given. Everything is synthetic; the password is made up per run.
"""

import json
import sys
import time
from io import StringIO

import django

# Accounts for up to 100 simulated people (weights 3:3:2:2), one each for those who sign in
# with a code: a one-time code cannot be used by two people signing in to one account in
# the same 30 seconds. Lead specialists sign in with a password only: the scale data's 20
# serve up to 30 people (two people at once on ten of them).
STAFF, LEADS, PARTNERS, COMMISSIONERS, ORGANISATIONS = 30, 20, 20, 20, 5


def main(out_path, password, actions):
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.scale_data import PLAN_TITLES, existing_scale_data, generate
    from partners.models import PartnerMembership, PartnerOrganisation
    from plans.models import Action, ActionPlan
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

    # One password hash for every load-test login (hashing is deliberately slow).
    hashed = make_password(password)

    def person(username, role, **fields):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.invalid", **fields}
        )
        user.password, user.is_active = hashed, True
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    def with_authenticator(user):
        """Staff and commissioners sign in with a code in production: give each an
        authenticator whose key the journeys know."""
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
        return {"username": user.username, "totp_key": device.key}

    staff = [
        with_authenticator(person(f"load-staff-{n:02d}", Role.PCC_STAFF))
        for n in range(1, STAFF + 1)
    ]
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
        :ORGANISATIONS
    ]
    for number in range(1, PARTNERS + 1):
        organisation = busiest[number % ORGANISATIONS]
        user = person(f"load-partner-{number:02d}", Role.PARTNER, first_name="Load")
        PartnerMembership.objects.get_or_create(user=user, defaults={"organisation": organisation})
        organisation = user.partner_membership.organisation
        ids = list(organisation.actions.open().values_list("pk", flat=True)[:50])
        partners.append({"username": user.username, "actions": ids})
    commissioners = [
        with_authenticator(person(f"load-commissioner-{n:02d}", Role.COMMISSIONER))
        for n in range(1, COMMISSIONERS + 1)
    ]
    plan = ActionPlan.objects.get(title=PLAN_TITLES[0])
    quarter = Quarter.current().previous()
    ready = Report.objects.filter(
        plan=plan, period=quarter, kind=ReportKind.QUARTERLY, state=ReportState.READY
    )
    found = ready.first()
    if found is None or not found.file.storage.exists(found.file.name):
        # None yet, or made by an earlier run whose temporary folder is gone.
        force = ["--force"] if found else []
        started = time.perf_counter()
        call_command("generate_report", plan.pk, quarter.slug, *force, stdout=StringIO())
        print(f"report for {plan}, {quarter}: {time.perf_counter() - started:.1f}s")
    report = ready.order_by("-pk").first()  # the newest: --force supersedes older ones
    staff_actions = list(
        Action.objects.filter(plan__title__in=PLAN_TITLES).open().values_list("pk", flat=True)
    )
    with open(out_path, "w") as out:
        json.dump(
            {
                "password": password,
                "staff": staff,
                "staff_actions": staff_actions[:400],
                "leads": leads,
                "partners": partners,
                "commissioners": commissioners,
                "report": report.pk,
                "plan": plan.pk,
                "plans": list(
                    ActionPlan.objects.filter(title__in=PLAN_TITLES).values_list("pk", flat=True)
                ),
            },
            out,
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
