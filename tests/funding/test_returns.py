"""
Spend returns through the partner portal and the award page: a partner submits a return
for an ended quarter of its own award, staff return it with a comment or accept it (then
it is locked), the partner amends and resubmits a returned one, and corrects an accepted
one with a new return that names it. Another organisation's awards and returns are not
found. Bad input comes back on the field with what was typed, saving nothing.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import ReturnEventKind, ReturnOutput, ReturnState, SpendReturn
from partners.access import membership_of
from vawg_tracker.audit.models import AuditEvent
from vawg_tracker.quarters import Quarter

from .factories import AwardFactory

pytestmark = pytest.mark.django_db
Q1, Q2 = Quarter(2024, 1), Quarter(2024, 2)


@pytest.fixture
def award(partner):
    return AwardFactory(organisation=membership_of(partner).organisation)


def form_data(award, period=Q1, spend="9000.00", note="", people="40", posts="2", **extra):
    outputs = list(award.outputs.all())
    data = {
        "period": period.slug,
        "spend": spend,
        "variance_note": note,
        f"output_{outputs[0].pk}": people,
        f"output_{outputs[1].pk}": posts,
    }
    return {**data, **extra}


def submit(client, award, **kwargs):
    return client.post(
        reverse("funding_portal:return_submit", args=[award.pk]), form_data(award, **kwargs)
    )


def test_partner_sees_its_awards_and_the_quarters_due(client, partner, award):
    client.force_login(partner)
    response = client.get(reverse("funding_portal:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert award.reference in text
    assert "£40,000.00" in text
    assert "People supported: target 100" in text
    assert text.count("<strong>Due</strong>") == 4  # 2024/25 Q1–Q4 have ended
    assert "Submit a return" in text


def test_partner_does_not_see_another_organisations_awards(client, partner_a, award):
    client.force_login(partner_a)
    response = client.get(reverse("funding_portal:home"))
    assert award.reference not in response.content.decode()


def test_another_organisations_award_and_return_are_not_found_and_audited(
    client, partner, partner_a, award
):
    client.force_login(partner)
    submit(client, award)
    spend_return = SpendReturn.objects.get()
    client.force_login(partner_a)
    urls = [
        reverse("funding_portal:return_submit", args=[award.pk]),
        reverse("funding_portal:return_amend", args=[spend_return.pk]),
        reverse("funding_portal:return_correct", args=[spend_return.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(award)).status_code == 404
    assert SpendReturn.objects.count() == 1
    refused = AuditEvent.objects.filter(kind="not_found")
    assert refused.count() == 6
    assert {e.object_type for e in refused} == {"funding.award", "funding.spendreturn"}


def test_partner_submits_a_return_with_its_outputs_and_a_step(client, partner, award):
    client.force_login(partner)
    response = submit(client, award, spend="9000.50")
    assert response.status_code == 302
    spend_return = SpendReturn.objects.get()
    assert spend_return.period == Q1
    assert spend_return.spend == Decimal("9000.50")
    assert spend_return.state == ReturnState.SUBMITTED
    assert spend_return.created_by == partner
    assert sorted(ReturnOutput.objects.values_list("achieved", flat=True)) == [2, 40]
    assert [e.kind for e in spend_return.events.all()] == [ReturnEventKind.SUBMITTED]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("spend", "-1", "Spend cannot be negative."),
        ("spend", "10.001", "at most 2 decimal places"),
        ("spend", "100000000.01", "cannot be more than £100,000,000"),
        ("spend", "lots", "Enter an amount in pounds and pence"),
        ("people", "-3", "What was achieved cannot be negative."),
        ("people", "1.25", "At most 1 decimal place."),
    ],
)
def test_bad_amounts_come_back_on_the_field_with_what_was_typed(
    client, partner, award, field, value, message
):
    client.force_login(partner)
    response = submit(client, award, **{field: value})
    assert response.status_code == 400
    name = field if field == "spend" else f"output_{award.outputs.first().pk}"
    assert message in " ".join(response.context["form"].errors[name])
    assert f'value="{value}"' in response.content.decode()
    assert not SpendReturn.objects.exists()
    assert not ReturnOutput.objects.exists()


def test_spend_above_a_quarters_share_needs_a_variance_note(client, partner, award):
    client.force_login(partner)
    response = submit(client, award, spend="10000.01")
    assert response.status_code == 400
    (error,) = response.context["form"].errors["variance_note"]
    assert "above a quarter's share" in error
    assert "£10,000.00" in error
    assert not SpendReturn.objects.exists()
    assert submit(client, award, spend="10000.00").status_code == 302  # exactly the share


def test_spend_above_what_is_left_of_the_year_needs_a_variance_note(client, partner, staff, award):
    client.force_login(partner)
    note = "Extra refuge nights over the winter."
    assert submit(client, award, period=Q1, spend="35000.00", note=note).status_code == 302
    SpendReturn.objects.get().move(
        to=ReturnState.ACCEPTED, allowed_from=[ReturnState.SUBMITTED], user=staff, event="accepted"
    )
    response = submit(client, award, period=Q2, spend="5000.01")
    (error,) = response.context["form"].errors["variance_note"]
    assert "more than is left of this award for 2024/25 (£5,000.00)" in error
    assert submit(client, award, period=Q2, spend="5000.01", note=note).status_code == 302


def test_a_variance_note_with_personal_details_is_refused(client, partner, award):
    client.force_login(partner)
    note = "Over because jo.bloggs@example.com needed extra nights."
    response = submit(client, award, spend="20000", note=note)
    assert response.status_code == 400
    assert "email address" in " ".join(response.context["form"].errors["variance_note"])
    assert not SpendReturn.objects.exists()


def test_a_quarter_not_ended_or_outside_the_award_is_refused(client, partner, award):
    client.force_login(partner)
    for quarter in (Quarter(2025, 1), Quarter(2023, 4), Quarter.current()):
        response = submit(client, award, period=quarter)
        assert response.status_code == 400
        assert "period" in response.context["form"].errors
    assert not SpendReturn.objects.exists()


def test_a_quarter_with_a_return_already_is_not_offered_again(client, partner, award):
    client.force_login(partner)
    submit(client, award, period=Q1)
    response = submit(client, award, period=Q1)
    assert response.status_code == 400
    assert "period" in response.context["form"].errors
    assert SpendReturn.objects.count() == 1


def test_staff_return_with_a_comment_then_partner_amends_and_staff_accept(
    client, partner, staff, award
):
    client.force_login(partner)
    submit(client, award, spend="12000.00", note="Two posts filled early.")
    spend_return = SpendReturn.objects.get()

    client.force_login(staff)
    url = reverse("funding:return_return", args=[spend_return.pk])
    assert client.post(url, {"comment": ""}).status_code == 302  # no comment: refused
    spend_return.refresh_from_db()
    assert spend_return.state == ReturnState.SUBMITTED
    client.post(url, {"comment": "Please split out the training costs."})
    spend_return.refresh_from_db()
    assert spend_return.state == ReturnState.RETURNED

    client.force_login(partner)
    page = client.get(reverse("funding_portal:home")).content.decode()
    assert "Please split out the training costs." in page
    amend = reverse("funding_portal:return_amend", args=[spend_return.pk])
    version = client.get(amend).context["form"].initial["version"]
    response = client.post(
        amend,
        {**form_data(award, spend="11000.00", note="Posts filled early."), "version": version},
    )
    assert response.status_code == 302
    spend_return.refresh_from_db()
    assert (spend_return.state, spend_return.spend) == (ReturnState.SUBMITTED, Decimal("11000.00"))

    client.force_login(staff)
    award_page = reverse("funding:award_detail", args=[award.pk])
    client.post(reverse("funding:return_accept", args=[spend_return.pk]))
    spend_return.refresh_from_db()
    assert spend_return.state == ReturnState.ACCEPTED
    assert [e.kind for e in spend_return.events.all()] == [
        ReturnEventKind.SUBMITTED,
        ReturnEventKind.RETURNED,
        ReturnEventKind.RESUBMITTED,
        ReturnEventKind.ACCEPTED,
    ]
    page = client.get(award_page)
    assert page.context["spent"] == Decimal("11000.00")


def test_an_accepted_return_is_locked(client, partner, staff, award):
    client.force_login(partner)
    submit(client, award)
    spend_return = SpendReturn.objects.get()
    client.force_login(staff)
    client.post(reverse("funding:return_accept", args=[spend_return.pk]))
    # Staff cannot return or accept it again.
    client.post(reverse("funding:return_return", args=[spend_return.pk]), {"comment": "No."})
    spend_return.refresh_from_db()
    assert spend_return.state == ReturnState.ACCEPTED
    assert spend_return.events.count() == 2
    # The partner cannot amend it.
    client.force_login(partner)
    amend = reverse("funding_portal:return_amend", args=[spend_return.pk])
    assert client.get(amend).status_code == 302
    client.post(amend, {**form_data(award, spend="1.00"), "version": ""})
    spend_return.refresh_from_db()
    assert spend_return.spend == Decimal("9000.00")


def test_a_correction_is_a_new_return_that_counts_once_accepted(client, partner, staff, award):
    client.force_login(partner)
    submit(client, award, spend="9000.00")
    original = SpendReturn.objects.get()
    client.force_login(staff)
    client.post(reverse("funding:return_accept", args=[original.pk]))

    client.force_login(partner)
    correct = reverse("funding_portal:return_correct", args=[original.pk])
    assert client.post(correct, form_data(award, spend="8500.00")).status_code == 302
    correction = SpendReturn.objects.exclude(pk=original.pk).get()
    assert (correction.corrects, correction.period) == (original, Q1)
    assert correction.state == ReturnState.SUBMITTED
    # While it is in review, a second correction is refused.
    assert client.get(correct).status_code == 200
    response = client.post(correct, form_data(award, spend="8000.00"))
    assert response.status_code == 400
    assert SpendReturn.objects.count() == 2

    client.force_login(staff)
    award_page = reverse("funding:award_detail", args=[award.pk])
    assert client.get(award_page).context["spent"] == Decimal("9000.00")
    client.post(reverse("funding:return_accept", args=[correction.pk]))
    assert client.get(award_page).context["spent"] == Decimal("8500.00")
    original.refresh_from_db()
    assert (original.state, original.spend) == (ReturnState.ACCEPTED, Decimal("9000.00"))
    # The replaced return can no longer be corrected; the correction can.
    client.force_login(partner)
    assert client.get(correct).status_code == 302
    again = reverse("funding_portal:return_correct", args=[correction.pk])
    assert client.get(again).status_code == 200


def test_amending_over_a_change_made_meanwhile_is_a_conflict_keeping_what_was_typed(
    client, partner, staff, award
):
    client.force_login(partner)
    submit(client, award, spend="12000.00", note="Posts filled early.")
    spend_return = SpendReturn.objects.get()
    spend_return.move(
        to=ReturnState.RETURNED, allowed_from=["submitted"], user=staff, event="returned"
    )
    amend = reverse("funding_portal:return_amend", args=[spend_return.pk])
    stale = client.get(amend).context["form"].initial["version"]
    # Meanwhile a colleague resubmits, and staff return it again.
    spend_return.resubmit(
        spend=Decimal("11500.00"), variance_note="Posts filled early.", achieved={}, user=partner
    )
    spend_return.move(
        to=ReturnState.RETURNED, allowed_from=["submitted"], user=staff, event="returned"
    )
    data = {**form_data(award, spend="11000.00", note="Posts filled in May."), "version": stale}
    response = client.post(amend, data)
    assert response.status_code == 409
    assert "changed while you were editing" in response.content.decode()
    assert 'value="11000.00"' in response.content.decode()
    spend_return.refresh_from_db()
    assert spend_return.spend == Decimal("11500.00")
    # Sent again on purpose, with the version the conflict gave, it saves.
    data["version"] = response.context["form"]["version"].value()
    assert client.post(amend, data).status_code == 302
    spend_return.refresh_from_db()
    assert spend_return.spend == Decimal("11000.00")


def test_staff_returning_with_personal_details_in_the_comment_is_refused(
    client, partner, staff, award
):
    client.force_login(partner)
    submit(client, award)
    spend_return = SpendReturn.objects.get()
    client.force_login(staff)
    url = reverse("funding:return_return", args=[spend_return.pk])
    client.post(url, {"comment": "Call her on 07700 900123."})
    spend_return.refresh_from_db()
    assert spend_return.state == ReturnState.SUBMITTED


def test_award_page_shows_years_outputs_actions_and_the_timeline(
    client, partner, staff, commissioner, award
):
    from ..factories import ActionFactory

    action = ActionFactory(reference="2.2", title="IDVA and ISVA posts")
    award.actions.add(action)
    client.force_login(partner)
    submit(client, award, people="50", posts="1.5")
    spend_return = SpendReturn.objects.get()
    client.force_login(staff)
    client.post(reverse("funding:return_accept", args=[spend_return.pk]))
    for person in (staff, commissioner):
        client.force_login(person)
        response = client.get(reverse("funding:award_detail", args=[award.pk]))
        text = response.content.decode()
        assert "2024/25" in text
        assert "£40,000.00" in text
        assert "2.2 IDVA and ISVA posts" in text
        assert "<svg" in text
        assert "50%" in text
        assert "75%" in text  # 1.5 of 2 posts
        assert "Accepted" in text
        assert "Accepted returns are locked" in text
    assert b"Accept<" not in response.content  # commissioners read, never act


def test_review_queue_lists_returns_waiting(client, partner, staff, award):
    client.force_login(partner)
    submit(client, award)
    client.force_login(staff)
    response = client.get(reverse("funding:review_queue"))
    assert response.status_code == 200
    assert "1 waiting" in response.content.decode()
    assert award.reference in response.content.decode()
