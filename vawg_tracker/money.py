"""
Money: pounds and pence held as ``Decimal``, never float, from the form to the database
to the page, the CSV and the PDF.

- ``MoneyField``: a model field of pounds and pence (up to £9,999,999,999.99), never
  negative unless asked.
- ``pounds(value)``: "£1,234.50" (and "£1,235" with ``pence=False``), "—" for nothing.
- ``to_money(value)``: a ``Decimal`` of pounds and pence from a number or text a person
  typed ("£1,234.5"), rounded half up to the penny, or ``ValueError``.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.validators import MinValueValidator
from django.db import models

PENNY = Decimal("0.01")


class MoneyField(models.DecimalField):
    """Pounds and pence: 12 digits, 2 of them after the point; not negative by default."""

    def __init__(self, *args, allow_negative=False, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        self.allow_negative = allow_negative
        super().__init__(*args, **kwargs)
        if not allow_negative:
            self.validators.append(MinValueValidator(Decimal("0")))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.allow_negative:
            kwargs["allow_negative"] = True
        return name, path, args, kwargs


def to_money(value):
    """A Decimal of pounds and pence from a number or typed text; ValueError if it is not one."""
    if isinstance(value, float):
        raise TypeError("Money is never a float: pass a Decimal, an int or text.")
    text = str(value).strip().replace(",", "").removeprefix("£").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount of money") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(value, pence=True):
    """£1,234.50 (or £1,235 without pence); a minus sign before the pound sign; — for None."""
    if value is None or value == "":
        return "—"
    amount = to_money(value)
    sign = "−" if amount < 0 else ""
    places = 2 if pence else 0
    rounded = abs(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{sign}£{rounded:,.{places}f}"
