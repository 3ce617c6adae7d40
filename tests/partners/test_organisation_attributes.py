"""
PCC staff record what the funding pages ask of an organisation: whether it is led by and
for the women it serves (and whom), whether it is a specialist VAWG provider, and its size
by annual income. The organisation's page shows them.
"""

import pytest
from django.urls import reverse

from partners.models import PartnerOrganisation, SizeBand

from ..factories import PartnerOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _data(organisation, **changes):
    data = {"name": organisation.name, "kind": organisation.kind, "is_active": "on"}
    return data | changes


def test_staff_record_by_and_for_specialist_and_size_and_the_page_shows_them(staff_client):
    organisation = PartnerOrganisationFactory(name="Sahara Women's Project")
    url = reverse("partners:organisation_edit", args=[organisation.pk])
    assert 'name="by_and_for_whom"' in staff_client.get(url).content.decode()
    data = _data(
        organisation,
        by_and_for="on",
        by_and_for_whom="Black and minoritised women",
        specialist_vawg="on",
        size_band=SizeBand.SMALL,
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.by_and_for
    assert organisation.by_and_for_whom == "Black and minoritised women"
    assert organisation.specialist_vawg
    assert organisation.size_band == SizeBand.SMALL
    assert organisation.is_small
    page = staff_client.get(response["Location"]).content.decode()
    assert "led by and for Black and minoritised women" in page
    assert "Small (£10,000 to £100,000)" in page


def test_whom_it_is_by_and_for_needs_the_by_and_for_box_and_nothing_is_saved(staff_client):
    organisation = PartnerOrganisationFactory()
    url = reverse("partners:organisation_edit", args=[organisation.pk])
    data = _data(organisation, by_and_for_whom="Deaf women", size_band=SizeBand.MEDIUM)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "by_and_for_whom" in response.context["form"].errors
    organisation.refresh_from_db()
    assert (organisation.by_and_for_whom, organisation.size_band) == ("", "")


def test_a_size_band_that_is_not_one_of_the_bands_is_refused(staff_client):
    organisation = PartnerOrganisationFactory()
    url = reverse("partners:organisation_edit", args=[organisation.pk])
    response = staff_client.post(url, _data(organisation, size_band="enormous"))
    assert "size_band" in response.context["form"].errors
    assert PartnerOrganisation.objects.get(pk=organisation.pk).size_band == ""


def test_a_new_organisation_page_says_what_is_not_recorded(staff_client):
    organisation = PartnerOrganisationFactory()
    page = staff_client.get(reverse("partners:organisation_detail", args=[organisation.pk]))
    text = page.content.decode()
    assert "Specialist VAWG provider" in text
    assert "Not recorded" in text
