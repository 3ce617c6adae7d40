"""
The partner portal and the staff review pages run the same number of queries at 10 and at
1,000 activities. Every signed-in page starts with "sign-in": the session, the user, the
user's own permissions and their groups' permissions.
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from activities.models import Activity, ActivityKind, ActivityState
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, EvidenceFactory, PartnerMembershipFactory
from ..personas import make_person
from . import NAV

SIGN_IN = 4 + NAV  # and the navigation's count of what the person owes

PARTNER_PAGES = {
    # sign-in; the partner's membership with its organisation; count of its activities;
    # totals by quarter and kind; the actions it delivers; a page of activities.
    "activities:home": SIGN_IN + 5,
    # sign-in; membership; the form's actions.
    "activities:activity_create": SIGN_IN + 2,
    # sign-in; membership; the audit log's insert (export); every activity with its
    # action (streamed, one query).
    "activities:activity_export": SIGN_IN - NAV + 3,  # a download: no navigation
    # sign-in; membership (which organisation may they see?); the activity with action,
    # plan, organisation and author; its evidence; its steps with who took them.
    "activities:activity_detail": SIGN_IN + 4,
    # sign-in; membership; the activity; the form's actions; how much evidence it has.
    "activities:activity_edit": SIGN_IN + 4,
}
STAFF_PAGES = {
    # sign-in; count of activities waiting; a page of them with organisation and action.
    "activities:review_queue": SIGN_IN + 2,
    # sign-in; count of organisations; a page of them with user and activity counts.
    "partners:organisation_list": SIGN_IN + 2,
    # sign-in; the organisation; its members with their users; its verified totals.
    "partners:organisation_detail": SIGN_IN + 3,
    # sign-in; the activity with action, plan, organisation and author; membership (is
    # it their own?); its evidence; its steps with who took them.
    "activities:activity_detail": SIGN_IN + 4,
}


class PartnerPageQueries:
    activities = None

    @classmethod
    def setUpTestData(cls):
        cls.partner = make_person(Role.PARTNER, username="ana.partner")
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        membership = PartnerMembershipFactory(user=cls.partner, organisation__name="Partner A")
        organisation = membership.organisation
        actions = [ActionFactory(reference=f"1.{n}") for n in range(1, 6)]
        for action in actions:
            action.delivery_partners.add(organisation)
        day = datetime.date(2024, 4, 1)
        Activity.objects.bulk_create(
            Activity(
                action=actions[n % 5],
                organisation=organisation,
                kind=list(ActivityKind)[n % len(ActivityKind)],
                title=f"Activity {n}",
                started_on=day + datetime.timedelta(days=n % 900),
                period=Quarter.for_date(day + datetime.timedelta(days=n % 900)),
                people_reached=n % 40,
                sessions=n % 3,
                state=ActivityState.SUBMITTED if n % 2 else ActivityState.VERIFIED,
                created_by=cls.partner,
            )
            for n in range(cls.activities)
        )
        cls.activity = Activity.objects.filter(state=ActivityState.SUBMITTED).first()
        EvidenceFactory(activity=cls.activity, uploaded_by=cls.partner)
        cls.ids = {
            "activities:activity_detail": cls.activity.pk,
            "activities:activity_edit": cls.activity.pk,
            "partners:organisation_detail": organisation.pk,
        }

    def assert_queries(self, user, name, expected, query=None):
        self.client.force_login(user)
        url = reverse(name, args=[self.ids[name]] if name in self.ids else [])
        with self.assertNumQueries(expected):
            response = self.client.get(url, query or {})
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200

    def test_partner_pages(self):
        for name, expected in PARTNER_PAGES.items():
            with self.subTest(name):
                self.assert_queries(self.partner, name, expected)

    def test_the_activities_as_excel(self):
        # The same queries as the CSV: the workbook is written from the same rows.
        name = "activities:activity_export"
        self.assert_queries(self.partner, name, PARTNER_PAGES[name], {"format": "xlsx"})

    def test_staff_pages(self):
        for name, expected in STAFF_PAGES.items():
            with self.subTest(name):
                self.assert_queries(self.staff, name, expected)


class TestPartnerPagesAt10Activities(PartnerPageQueries, TestCase):
    activities = 10


class TestPartnerPagesAt1000Activities(PartnerPageQueries, TestCase):
    activities = 1000
