"""
How long free text may be: every free-text field of every model is a BoundedTextField with
one of these limits, and every text field of every form has one (tests/bad_input/
test_text_limits.py holds both). The model validates it (``full_clean``), every form made
from the model refuses longer text before its own checks run (so the personal-data guard
never sees it), the API's serializers take it over, and the spreadsheet import names it for
a cell that is longer. A partner had posted a 120,000-character description.

The limits are generous for what people write here: a comment or a reason is a paragraph or
two, a description or a quarter's narrative a page or two.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

SHORT_TEXT = 2_000  # a comment, a reason, a note, next steps: a paragraph or two
LONG_TEXT = 6_000  # a description, a narrative, a recommendation as published: a page or two


class BoundedTextField(models.TextField):
    """A TextField whose max_length the model validates, as a CharField's is (the database
    keeps it as text: no column changes)."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
