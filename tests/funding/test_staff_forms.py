"""
Staff keep funding sources and awards in the workspace: an award's amount for each
financial year and its outputs on the same form, every rule a message on its field, all
saved or nothing, history kept, and an edit made meanwhile by someone else shown, never
overwritten. Commissioners read only; partners see no forms.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.forms import AwardOutputs
from funding.models import Award, AwardYear, FundingSource
from vawg_tracker.accounts.models import Role

from ..factories import ActionFactory, PartnerOrganisationFactory
from ..personas import make_person
from .factories import AwardFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db
NEW_AWARD = reverse("funding:award_create")
NEW_SOURCE = reverse("funding:source_create")


def _rows(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _new_award(source, organisation, *, years=None, outputs=None, **fields):
    years = [{"financial_year": "2026", "amount": "125000.50"}] if years is None else years
    outputs = (
        [{"name": "People supported", "kind": "people_supported", "target": "120"}]
        if outputs is None
        else outputs
    )
    return {
        "reference": "VAWG-2026-101",
        "title": "Independent advocacy for young people",
        "purpose": "Two young people's IDVAs.",
        "source": source.pk,
        "organisation": organisation.pk,
        "kind": "grant",
        "status": "awarded",
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "actions": [],
        "version": "",
        **_rows("years", years),
        **_rows("outputs", outputs),
        **fields,
    }


def _edit_award(award, **fields):
    """The edit form as drawn for ``award`` now, with ``fields`` changed."""
    years = [
        {"id": y.pk, "award": award.pk, "financial_year": y.financial_year, "amount": y.amount}
        for y in award.years.all()
    ]
    outputs = [
        {"id": o.pk, "award": award.pk, "name": o.name, "kind": o.kind, "target": o.target}
        for o in award.outputs.all()
    ]
    return {
        "reference": award.reference,
        "title": award.title,
        "purpose": award.purpose,
        "source": award.source_id,
        "organisation": award.organisation_id,
        "kind": award.kind,
        "status": award.status,
        "starts_on": award.starts_on.isoformat(),
        "ends_on": award.ends_on.isoformat(),
        "actions": [a.pk for a in award.actions.all()],
        "version": award.current_version(),
        **_rows("years", years, initial=len(years)),
        **_rows("outputs", outputs, initial=len(outputs)),
        **fields,
    }


@pytest.fixture
def source():
    return FundingSourceFactory(name="Ministry of Justice: victim services")


@pytest.fixture
def organisation():
    return PartnerOrganisationFactory(name="Young People's Advocacy (test)")


# --- Creating -------------------------------------------------------------------------------


def test_staff_create_an_award_with_its_years_outputs_and_actions(
    staff_client, staff, source, organisation
):
    action = ActionFactory()
    data = _new_award(
        source,
        organisation,
        actions=[action.pk],
        years=[
            {"financial_year": "2026", "amount": "125000.50"},
            {"financial_year": "", "amount": ""},  # an empty row is left out
        ],
    )
    response = staff_client.post(NEW_AWARD, data)
    award = Award.objects.get(reference="VAWG-2026-101")
    assert response.status_code == 302
    assert response["Location"] == award.get_absolute_url()
    assert [(y.financial_year, y.amount) for y in award.years.all()] == [
        (2026, Decimal("125000.50"))
    ]
    assert [(o.name, o.target) for o in award.outputs.all()] == [("People supported", 120)]
    assert list(award.actions.all()) == [action]
    assert award.history.get().history_user == staff  # history names who saved, as the admin


def test_staff_create_a_funding_source_and_history_names_them(staff_client, staff):
    data = {
        "name": "Home Office: perpetrator programmes",
        "funder": "Home Office",
        "kind": "central_government",
        "ring_fenced": "on",
        "ring_fenced_for": "perpetrator programmes",
        "reporting_frequency": "quarterly",
        "ends_on": "2028-03-31",
        "conditions": "",
        "version": "",
    }
    response = staff_client.post(NEW_SOURCE, data)
    source = FundingSource.objects.get(name="Home Office: perpetrator programmes")
    assert response.status_code == 302
    assert response["Location"] == source.get_absolute_url()
    assert source.ring_fenced
    assert source.history.get().history_user == staff


# --- The rules, each a message on its field, and nothing saved --------------------------------

AMOUNT_RULES = [
    ("-1.00", "An amount cannot be negative."),
    ("12.345", "Give pounds and pence: at most 2 decimal places."),
    ("100000000.01", "An award-year is at most £100,000,000."),
    ("lots", "Enter an amount in pounds and pence, like 12500.00."),
]


@pytest.mark.parametrize(("amount", "message"), AMOUNT_RULES)
def test_an_award_year_amount_breaking_a_rule_is_refused_on_its_field(
    staff_client, source, organisation, amount, message
):
    years = [{"financial_year": "2026", "amount": amount}]
    response = staff_client.post(NEW_AWARD, _new_award(source, organisation, years=years))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Award.objects.exists()


def test_the_most_an_award_year_may_be_is_accepted(staff_client, source, organisation):
    years = [{"financial_year": "2026", "amount": "100000000.00"}]
    staff_client.post(NEW_AWARD, _new_award(source, organisation, years=years))
    assert AwardYear.objects.get().amount == Decimal("100000000.00")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ends_on": "2026-03-31"}, "An award cannot end before it starts."),
        ({"starts_on": "20226-04-01"}, "Enter a valid date."),
        ({"starts_on": "1926-04-01"}, "Enter a date between 1990 and 2099."),
        ({"reference": ""}, "This field is required."),
        (
            {"years": [{"financial_year": "2028", "amount": "10.00"}]},
            "The award runs in 2026/27 to 2026/27: give an amount for one of those years.",
        ),
        (
            {
                "years": [
                    {"financial_year": "2026", "amount": "10.00"},
                    {"financial_year": "2026", "amount": "20.00"},
                ]
            },
            "This award already has an amount for that year.",
        ),
        (
            {
                "outputs": [
                    {"name": "Sessions", "kind": "sessions", "target": "3"},
                    {"name": "sessions", "kind": "sessions", "target": "4"},
                ]
            },
            "This award already has an output of that name.",
        ),
        (
            {"outputs": [{"name": "Sessions", "kind": "sessions", "target": "-1"}]},
            "A target cannot be negative.",
        ),
        (
            {"outputs": [{"name": "Sessions", "kind": "sessions", "target": "1.25"}]},
            "At most 1 decimal place.",
        ),
    ],
    ids=[
        "ends-before-starts",
        "typo-year",
        "implausible-date",
        "no-reference",
        "year-outside-award",
        "year-twice",
        "output-twice",
        "negative-target",
        "target-precision",
    ],
)
def test_an_award_breaking_a_rule_is_refused_with_a_message_and_keeps_what_was_typed(
    staff_client, source, organisation, fields, message
):
    years, outputs = fields.pop("years", None), fields.pop("outputs", None)
    data = _new_award(source, organisation, years=years, outputs=outputs, **fields)
    response = staff_client.post(NEW_AWARD, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Independent advocacy for young people" in html  # what the user typed, kept
    assert not Award.objects.exists()
    assert not AwardYear.objects.exists()


def test_a_reference_already_used_is_refused_on_its_field(staff_client, source, organisation):
    AwardFactory(reference="VAWG-2026-101")
    response = staff_client.post(NEW_AWARD, _new_award(source, organisation))
    assert "An award with that reference already exists." in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"ring_fenced_for": "refuges"},
            "Say what it is ring-fenced for only if it is ring-fenced.",
        ),
        ({"name": "Taken"}, "A funding source of that name already exists."),
        ({"ends_on": "0026-03-31"}, "Enter a date between 1990 and 2099."),
    ],
    ids=["ring-fenced-for-without-ring-fence", "name-taken", "implausible-end"],
)
def test_a_funding_source_breaking_a_rule_is_refused_on_its_field(staff_client, fields, message):
    FundingSourceFactory(name="Taken")
    data = {
        "name": "New source",
        "funder": "Home Office",
        "kind": "central_government",
        "reporting_frequency": "quarterly",
        "version": "",
        **fields,
    }
    response = staff_client.post(NEW_SOURCE, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FundingSource.objects.count() == 1


# --- Editing ------------------------------------------------------------------------------


def test_staff_change_an_awards_year_and_add_an_output_and_history_says_so(staff_client, staff):
    award = AwardFactory()
    data = _edit_award(award, **{"years-0-amount": "45000.00", "title": "IDVA service (new)"})
    data.update(
        {
            "outputs-TOTAL_FORMS": "3",
            "outputs-2-name": "Sessions",
            "outputs-2-kind": "sessions",
            "outputs-2-target": "12",
        }
    )
    response = staff_client.post(reverse("funding:award_edit", args=[award.pk]), data)
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.title == "IDVA service (new)"
    assert award.years.get().amount == Decimal("45000.00")
    assert [o.name for o in award.outputs.all()] == [
        "People supported",
        "IDVA posts (FTE)",
        "Sessions",
    ]
    latest = award.history.first()
    assert latest.history_user == staff
    assert latest.history_change_reason == "Amounts by year or outputs changed"


def test_an_edit_saved_meanwhile_is_shown_not_overwritten(staff_client, staff):
    award = AwardFactory(title="IDVA service")
    url = reverse("funding:award_edit", args=[award.pk])
    mine = _edit_award(award, title="My title", **{"years-0-amount": "1.00"})
    # Someone else saves the award after my form was drawn.
    other = make_person(Role.PCC_STAFF, username="sid.staff", is_staff=True)
    award.title = "Their title"
    award._history_user = other
    award.save()
    response = staff_client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in html
    assert "My title" in html  # what I typed, kept
    award.refresh_from_db()
    assert award.title == "Their title"
    assert award.years.get().amount == Decimal("40000.00")
    # Having seen their change, I save again on purpose: mine replaces it.
    mine["version"] = award.current_version()
    assert staff_client.post(url, mine).status_code == 302
    award.refresh_from_db()
    assert award.title == "My title"
    assert award.years.get().amount == Decimal("1.00")


def test_a_funding_source_edit_saved_meanwhile_is_shown_not_overwritten(staff_client):
    source = FundingSourceFactory(funder="Ministry of Justice")
    url = reverse("funding:source_edit", args=[source.pk])
    version = source.current_version()
    FundingSource.objects.get(pk=source.pk).save()  # someone else saves meanwhile
    data = {
        "name": source.name,
        "funder": "Changed",
        "kind": source.kind,
        "reporting_frequency": source.reporting_frequency,
        "version": version,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 409
    source.refresh_from_db()
    assert source.funder == "Ministry of Justice"


def test_nothing_is_half_saved_when_saving_the_outputs_fails(staff_client, monkeypatch):
    award = AwardFactory(title="IDVA service")
    data = _edit_award(award, title="Changed", **{"years-0-amount": "1.00"})

    def fail(self, commit=True):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(AwardOutputs, "save", fail)
    with pytest.raises(RuntimeError):
        staff_client.post(reverse("funding:award_edit", args=[award.pk]), data)
    award.refresh_from_db()
    assert award.title == "IDVA service"
    assert award.years.get().amount == Decimal("40000.00")
    assert award.history.count() == 1


def test_the_edit_form_shows_the_awards_years_and_outputs(staff_client):
    award = AwardFactory(starts_on=datetime.date(2024, 4, 1))
    html = staff_client.get(reverse("funding:award_edit", args=[award.pk])).content.decode()
    assert 'value="40000.00"' in html
    assert 'value="IDVA posts (FTE)"' in html
    assert award.current_version() in html


# --- Who may ------------------------------------------------------------------------------


def test_commissioners_read_funding_but_get_no_forms_or_links(client, commissioner):
    award = AwardFactory()
    client.force_login(commissioner)
    for url in (
        NEW_AWARD,
        NEW_SOURCE,
        reverse("funding:award_edit", args=[award.pk]),
        reverse("funding:source_edit", args=[award.source_id]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert NEW_AWARD not in client.get(reverse("funding:overview")).content.decode()
    page = client.get(award.get_absolute_url()).content.decode()
    assert reverse("funding:award_edit", args=[award.pk]) not in page


def test_partners_get_no_forms(client, partner):
    award = AwardFactory()
    client.force_login(partner)
    assert client.get(NEW_AWARD).status_code == 403
    assert client.get(reverse("funding:award_edit", args=[award.pk])).status_code == 403


def test_staff_find_the_links_on_the_funding_page_and_the_award_page(staff_client):
    award = AwardFactory(
        status="active",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        amounts={2026: Decimal("10.00")},
    )
    overview = staff_client.get(reverse("funding:overview"), {"year": 2026}).content.decode()
    assert f'href="{NEW_AWARD}"' in overview
    assert f'href="{NEW_SOURCE}"' in overview
    assert reverse("funding:source_edit", args=[award.source_id]) in overview
    page = staff_client.get(award.get_absolute_url()).content.decode()
    assert reverse("funding:award_edit", args=[award.pk]) in page
