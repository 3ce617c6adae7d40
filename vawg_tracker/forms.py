"""
Form helpers every app's forms share: a date input the browser understands, dates held
to a plausible range, and a many-objects field that refuses ids no database can hold.
Forms validate; views and models act.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from vawg_tracker.accounts.access import LARGEST_ID
from vawg_tracker.quarters import QuarterFormField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# The dates (and quarters) a form accepts: a typo such as 20226 or 0026 is refused with a
# message rather than stored, and every accepted date has a quarter (vawg_tracker.quarters).
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def validate_plausible_date(value):
    day = getattr(value, "start", value)  # a Quarter: its first day
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}.", code="range"
        )


def hold_to_plausible_dates(field):
    """Make a date or quarter form field accept only plausible dates; leave others (or None) be."""
    if isinstance(field, forms.DateField | QuarterFormField):
        field.validators.append(validate_plausible_date)
    return field


class PlausibleDates:
    """A form mixin: every date and quarter field accepts only plausible dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            hold_to_plausible_dates(field)


class ManyObjectsField(forms.ModelMultipleChoiceField):
    """
    Django's, refusing an id beyond 64 bits as an invalid choice: Django checks each id
    alone safely but then looks them up together, which SQLite cannot do with such a
    number (OverflowError, a 500).
    """

    def _check_values(self, value):
        for pk in value:
            try:
                too_big = abs(int(pk)) > LARGEST_ID
            except (TypeError, ValueError):
                continue  # Django's own check says why
            if too_big:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
