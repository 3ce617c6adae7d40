"""
The filter lists' selects (actions, risks, recommendations) show the filter in force: with
nothing asked for, or a value not understood, none, which is each select's first option
("any"), and a value asked for when it is understood.
"""

import pytest
from django.urls import reverse

from ..factories import ActionPlanFactory, LeadSpecialistFactory
from ..selects import offered, selected

pytestmark = pytest.mark.django_db

LISTS = ["plans:action_list", "risks:register", "recommendations:list"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("bad", [False, True])
def test_each_select_shows_no_filter_when_none_is_in_force(client, staff, name, bad):
    ActionPlanFactory()
    LeadSpecialistFactory()
    client.force_login(staff)
    url = reverse(name)
    names = offered(client.get(url))
    query = dict.fromkeys(names, "not-a-choice") if bad else {}
    page = client.get(url, query)
    assert page.status_code == 200
    options, chosen = offered(page), selected(page)
    assert names
    assert set(options) == set(names)
    for select, values in options.items():
        shown = chosen[select][0] if chosen[select] else values[0]
        assert shown == "", f"{name}: {select} shows {shown!r}, no filter is in force"


def test_a_filter_asked_for_is_selected(client, staff):
    lead = LeadSpecialistFactory()
    client.force_login(staff)
    page = client.get(reverse("plans:action_list"), {"lead": lead.pk, "sort": "-due"})
    assert selected(page)["lead"] == [str(lead.pk)]
    assert selected(page)["sort"] == ["-due"]
