"""
UK financial-year quarters: the one meaning of "quarter" in VAWG Tracker.

The financial year runs 1 April – 31 March. Q1 is April–June, Q2 July–September,
Q3 October–December and Q4 January–March (of the following calendar year).
``Quarter(2026, 3)`` is "2026/27 Q3": 1 October – 31 December 2026. Its URL-safe form
is ``2026-27-q3``.
"""

import datetime
import re
from dataclasses import dataclass
from functools import total_ordering

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

_FIRST_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}
_TEXT = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2})\s*Q([1-4])\s*$", re.IGNORECASE)
_SLUG = re.compile(r"^(\d{4})-(\d{2})-q([1-4])$", re.IGNORECASE)


@total_ordering
@dataclass(frozen=True)
class Quarter:
    year: int  # the calendar year in which the financial year starts (1 April)
    number: int  # 1 to 4

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")
        if not 1900 <= self.year <= 9998:
            raise ValueError(f"{self.year} is not a plausible financial year.")

    # --- Making quarters ---------------------------------------------------------------

    @classmethod
    def for_date(cls, day):
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def current(cls):
        return cls.for_date(timezone.localdate())

    @classmethod
    def parse(cls, text):
        """Read "2026/27 Q3" or "2026-27-q3"; raise ValueError with a reason otherwise."""
        match = _TEXT.match(text or "") or _SLUG.match((text or "").strip())
        if not match:
            raise ValueError(f"{text!r} is not a quarter: write it like 2026/27 Q3.")
        year, next_year, number = int(match[1]), int(match[2]), int(match[3])
        if (year + 1) % 100 != next_year:
            raise ValueError(f"{text!r}: {year}/{next_year:02d} is not a financial year.")
        return cls(year, number)

    @classmethod
    def range(cls, first, last):
        """Every quarter from first to last, both included."""
        quarter = first
        while quarter <= last:
            yield quarter
            quarter = quarter.next()

    # --- Reading them ------------------------------------------------------------------

    @property
    def start(self):
        month = _FIRST_MONTH[self.number]
        return datetime.date(self.year + (self.number == 4), month, 1)

    @property
    def end(self):
        return self.next().start - datetime.timedelta(days=1)

    @property
    def financial_year(self):
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def slug(self):
        return f"{self.year}-{(self.year + 1) % 100:02d}-q{self.number}"

    @property
    def dates(self):
        """ "1 October – 31 December 2026" """
        start, end = self.start, self.end
        return f"{start.day} {start:%B} – {end.day} {end:%B} {end.year}"

    @property
    def long_label(self):
        """ "2026/27 Q3: 1 October – 31 December 2026" """
        return f"{self}: {self.dates}"

    def __str__(self):
        return f"{self.financial_year} Q{self.number}"

    def __contains__(self, day):
        return self.start <= day <= self.end

    def __lt__(self, other):
        if not isinstance(other, Quarter):
            return NotImplemented
        return (self.year, self.number) < (other.year, other.number)

    def has_ended(self, today=None):
        return (today or timezone.localdate()) > self.end

    def next(self):
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self):
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)


class QuarterConverter:
    """URL converter: ``<quarter:quarter>`` matches 2026-27-q3."""

    regex = r"\d{4}-\d{2}-q[1-4]"

    def to_python(self, value):
        return Quarter.parse(value)  # ValueError → the URL does not match (404)

    def to_url(self, value):
        return value.slug


class QuarterFormField(forms.CharField):
    default_error_messages = {"invalid": "Enter a quarter like 2026/27 Q3."}
    # Checked in to_python, before parsing (a CharField's max_length would be checked on the
    # Quarter it gives, which has no length).
    MAX_LENGTH = 20

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A financial-year quarter, like 2026/27 Q3.")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "2026/27 Q3")
        self.widget.attrs.setdefault("maxlength", self.MAX_LENGTH)

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            value = Quarter.for_date(value)
        return str(value) if isinstance(value, Quarter) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > self.MAX_LENGTH:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Quarter.parse(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class QuarterField(models.DateField):
    """A model field holding a Quarter, stored as the quarter's first day."""

    description = "A UK financial-year quarter"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Quarter.for_date(value)

    def to_python(self, value):
        if value is None or isinstance(value, Quarter):
            return value
        if isinstance(value, datetime.date):
            return Quarter.for_date(value)
        try:
            return Quarter.parse(str(value))
        except ValueError:
            try:
                return Quarter.for_date(datetime.date.fromisoformat(str(value)))
            except ValueError:
                raise ValidationError("Enter a quarter like 2026/27 Q3.", code="invalid") from None

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else value.start

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.slug

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": QuarterFormField, **kwargs})
