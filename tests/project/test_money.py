"""Money is Decimal pounds and pence everywhere, shown the one way (vawg_tracker.money)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from vawg_tracker.money import MoneyField, pounds, to_money


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1234.5", Decimal("1234.50")),
        ("£1,234.50", Decimal("1234.50")),
        (" £ 12 ", Decimal("12.00")),
        (Decimal("0.005"), Decimal("0.01")),
        (7, Decimal("7.00")),
        ("-3.333", Decimal("-3.33")),
    ],
)
def test_typed_amounts_become_pounds_and_pence(typed, amount):
    assert to_money(typed) == amount
    assert to_money(typed).as_tuple().exponent == -2


@pytest.mark.parametrize("typed", ["twelve", "", "NaN", "Infinity", "1.2.3"])
def test_what_is_not_money_is_refused(typed):
    with pytest.raises(ValueError, match="not an amount of money"):
        to_money(typed)


def test_a_float_is_refused_outright():
    with pytest.raises(TypeError):
        to_money(0.1)


@pytest.mark.parametrize(
    ("value", "pence", "shown"),
    [
        (Decimal("1234.5"), True, "£1,234.50"),
        (Decimal("1234.5"), False, "£1,235"),
        (Decimal("-40"), True, "−£40.00"),
        (None, True, "—"),
        (Decimal("1000000"), False, "£1,000,000"),
    ],
)
def test_amounts_are_shown_the_one_way(value, pence, shown):
    assert pounds(value, pence=pence) == shown


def test_the_template_filter_shows_pounds():
    template = Template("{% load vawg %}{{ amount|pounds }} / {{ amount|pounds:False }}")
    assert template.render(Context({"amount": Decimal("2500.25")})) == "£2,500.25 / £2,500"


def test_the_field_holds_pence_and_refuses_a_negative_amount():
    field = MoneyField()
    assert (field.max_digits, field.decimal_places) == (12, 2)
    field.clean(Decimal("10.50"), None)
    with pytest.raises(ValidationError):
        field.clean(Decimal("-0.01"), None)
    with pytest.raises(ValidationError):
        field.clean(Decimal("10.505"), None)
    MoneyField(allow_negative=True).clean(Decimal("-5"), None)
    name, path, args, kwargs = MoneyField(allow_negative=True).deconstruct()
    assert path == "vawg_tracker.money.MoneyField"
    assert kwargs["allow_negative"] is True
