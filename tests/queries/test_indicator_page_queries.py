"""
An indicator's page and a value's breakdown page run the same number of queries at 10 and
at 1,000 values, every value broken down by local authority area and by sex. The counts are
those pinned with the workspace's pages (test_page_queries), where the comment above each
names its queries.
"""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from plans.models import Dimension, IndicatorBreakdown, IndicatorValue
from vawg_tracker.accounts.models import Role
from vawg_tracker.quarters import Quarter

from ..factories import IndicatorFactory, IndicatorTargetFactory
from ..personas import make_person
from .test_page_queries import EXPECTED

AREAS = ["Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral"]


class IndicatorPageQueries:
    values = None

    @classmethod
    def setUpTestData(cls):
        cls.staff = make_person(Role.PCC_STAFF, username="sam.staff", is_staff=True)
        cls.indicator = IndicatorFactory()
        for year in (2024, 2025, 2026):
            IndicatorTargetFactory(indicator=cls.indicator, quarter=Quarter(year, 2))
        quarters = [Quarter(2024, 1)]  # one value a quarter from 2024/25 Q1 on
        while len(quarters) < cls.values:
            quarters.append(quarters[-1].next())
        values = IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=cls.indicator,
                period=quarters[i],
                value=Decimal(100 + i),
                entered_by=cls.staff,
            )
            for i in range(cls.values)
        )
        IndicatorBreakdown.objects.bulk_create(
            IndicatorBreakdown(value=value, dimension=dimension, category=category, figure=20)
            for value in values
            for dimension, categories in (
                (Dimension.LOCAL_AUTHORITY, AREAS),
                (Dimension.SEX, ["Female", "Male"]),
            )
            for category in categories
        )
        cls.latest = values[-1]

    def assert_queries(self, name, pk):
        self.client.force_login(self.staff)
        with self.assertNumQueries(EXPECTED[name]):
            response = self.client.get(reverse(name, args=[pk]))
        assert response.status_code == 200
        return response

    def test_indicator_detail(self):
        response = self.assert_queries("plans:indicator_detail", self.indicator.pk)
        text = response.content.decode()
        assert "By local authority area" in text  # the latest value's breakdowns were shown
        assert "By sex" in text

    def test_value_breakdown(self):
        response = self.assert_queries("plans:indicator_value_breakdown", self.latest.pk)
        assert response.context["parts"].initial_form_count() == 7


class TestIndicatorPagesAt10Values(IndicatorPageQueries, TestCase):
    values = 10


class TestIndicatorPagesAt1000Values(IndicatorPageQueries, TestCase):
    values = 1000
