"""
The personal-data guard: partners describe work and give counts; they never record who.

``find_personal_data(text)`` returns what in the text looks like personal data (an email
address, a UK phone number, a National Insurance number, an NHS number, a full UK
postcode, a date of birth), as reasons a form can show. It leans towards catching: a
partner who is stopped by mistake rewrites a sentence, while a name and address that get
through stay in the tracker.

Every pattern runs in time linear in the text, whatever the text (the guard sees whatever a
partner posts, and every imported cell): a run of characters is tried from its start only
(a lookbehind refuses a start inside the run), quantifiers are bounded or possessive (they
never give back what they took, so a failed try costs the run once, not once per length),
and ``tests/bad_input/test_guard_time.py`` holds each check to linear growth on the worst
inputs known.
"""

import datetime
import re

# Tried only where a run of address characters starts: from inside the run it could only
# fail again, and trying from every position of a long run was quadratic.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
# A run that starts like a UK number (+44 or 0) and continues in digits, spaces,
# brackets or hyphens; its digits are counted below.
PHONE = re.compile(r"(?<![\w.])(?:\+\s?44|\(?0)[\d\s()\-]{8,16}\d")
NATIONAL_INSURANCE = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)
NHS_NUMBER = re.compile(r"(?<![\d.])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\d.])")
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
BIRTH_WORDS = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on| in)?|birthday)\b", re.I)
WRITTEN_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s++(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*+"
    r"\.?,?\s++(?:19|20)\d{2}\b",
    re.IGNORECASE,
)

ADVICE = (
    "Do not record personal details of victims, survivors, perpetrators or staff: "
    "describe the work and give counts instead."
)


def _phone_numbers(text):
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        if len(digits) in (10, 11) and digits[:2] in ("01", "02", "03", "05", "07", "08"):
            yield match.group().strip()


def _nhs_numbers(text):
    for match in NHS_NUMBER.finditer(text):
        digits = [int(d) for d in "".join(match.groups())]
        check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10 and check == digits[9]:
            yield match.group()


def _dates_of_birth(text, today=None):
    this_year = (today or datetime.date.today()).year
    if BIRTH_WORDS.search(text) and (NUMERIC_DATE.search(text) or WRITTEN_DATE.search(text)):
        yield (NUMERIC_DATE.search(text) or WRITTEN_DATE.search(text)).group()
    # A full date more than ten years ago reads as someone's birthday, not an event.
    for match in NUMERIC_DATE.finditer(text):
        day, month, year = (int(part) for part in match.groups())
        if 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= this_year - 10:
            yield match.group()


CHECKS = [
    ("an email address", lambda text: (m.group() for m in EMAIL.finditer(text))),
    ("a phone number", _phone_numbers),
    (
        "a National Insurance number",
        lambda text: (m.group() for m in NATIONAL_INSURANCE.finditer(text)),
    ),
    ("an NHS number", _nhs_numbers),
    ("a full postcode", lambda text: (m.group() for m in POSTCODE.finditer(text))),
    ("a date of birth", _dates_of_birth),
]


def find_personal_data(text):
    """[(what it looks like, the text found)] for everything that looks like personal data."""
    found = []
    for label, check in CHECKS:
        for match in check(text or ""):
            found.append((label, match))
            break
    return found


def personal_data_error(text):
    """A message for a form field, or None when the text looks clean."""
    found = find_personal_data(text)
    if not found:
        return None
    what = "; ".join(f"{label} (“{match}”)" for label, match in found)
    return f"This looks like it contains {what}. {ADVICE}"
