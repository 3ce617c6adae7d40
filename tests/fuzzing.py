"""
What the fuzz tests throw at the project: hostile values, values shaped like each form
field expects (Hypothesis' ``from_field``), and mixes of the two, as the query strings and
POST bodies a browser (or anyone with curl) could send.
"""

import datetime
import decimal

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import strategies as st
from hypothesis.errors import ResolutionFailed
from hypothesis.extra.django import from_field

# Stored and shown back: each must come out escaped (tests/bad_input/test_stored_payloads.py).
HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% now 'Y' %}",
]

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\x1b[31m\x07\x08",
    "\u202eevil\u202c",  # right-to-left override
    "مرحبا بالعالم",  # right to left
    "e\u0301\u0302\u0303" * 50,  # stacked combining marks
    "𝕳𝖊𝖑𝖑𝖔 🏳️‍🌈 \U0010fffd",  # astral
    "\ufeff\u200b\u2028\u2029",
    "x" * 10_001,
    "é" * 4_000,
    "0",
    "-1",
    "-0",
    "1.5",
    "1e400",
    "-1e400",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "0x1F",
    "٣",  # an Arabic-Indic digit
    "２０２６",  # full-width digits
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "99999999999999999999",
    "-99999999999999999999",
    "1" * 400,
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2026",
    "2026/27 Q3",
    "2026/27 Q5",
    "2026/28 Q1",
    "1899/00 Q4",
    "1900/01 Q1",
    "9998/99 Q4",
    "9999/00 Q1",
    "2026-27-q3",
    "last",
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "%00",
    "%zz",
    "' OR 1=1 --",
    '=HYPERLINK("http://example.invalid")',
    "+1",
    "@SUM(1)",
    "//example.invalid/",
    "https://example.invalid/",
    "\\\\example.invalid",
    *HTML_PAYLOADS,
]

# Text that survives a UTF-8 request body: every code point but lone surrogates.
any_text = st.text(st.characters(codec="utf-8"), max_size=40)

numbers_as_text = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

dates_as_text = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.tuples(st.integers(-1, 99999), st.integers(-1, 14), st.integers(-1, 33)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
)

quarters_as_text = st.tuples(
    st.integers(1800, 10001), st.integers(0, 100), st.integers(0, 5), st.booleans()
).map(lambda t: f"{t[0]}/{t[1]:02d} Q{t[2]}" if t[3] else f"{t[0]}-{t[1]:02d}-q{t[2]}")

hostile_value = st.one_of(
    st.sampled_from(NASTY), any_text, numbers_as_text, dates_as_text, quarters_as_text
)
# A field sent once, or repeated (?status=a&status=b), or sent empty.
hostile_param = st.one_of(hostile_value, st.lists(hostile_value, min_size=0, max_size=3))


def encode(value):
    """A Python value as a browser would send it (None: leave the field out)."""
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple | set | frozenset):
        return [encode(item) for item in value if encode(item) is not None]
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float | int):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return value if isinstance(value, SimpleUploadedFile) else str(value)


def _choices_of(field):
    ids = [str(pk) for pk in field.queryset.order_by("pk").values_list("pk", flat=True)[:20]]
    return st.sampled_from(ids or ["1"])


evidence_files = st.lists(
    st.builds(
        SimpleUploadedFile,
        name=st.sampled_from(["agenda.pdf", "x" * 300 + ".png", "é𝕏.docx", "noext", ".csv"]),
        content=st.one_of(st.binary(max_size=64), st.just(b"%PDF-1.4\n%synthetic\n")),
    ),
    max_size=2,
)


def shaped_value(field):
    """What the field expects (valid or nearly), so the form gets past its first checks."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(_choices_of(field), max_size=3)
    if isinstance(field, forms.ModelChoiceField):
        return _choices_of(field)
    if isinstance(field, forms.FileField):
        return evidence_files
    if isinstance(field, forms.DateField):
        return st.dates()
    if type(field).__name__ == "QuarterFormField":
        return quarters_as_text
    try:
        return from_field(field)
    except ResolutionFailed:
        return any_text


def form_data(fields, extra=()):
    """
    POST/GET data for a form with these fields: each field left out, shaped as it
    expects, or hostile; plus the extra parameter names the view reads, and unknown ones.
    """
    strategies = {}
    for name, field in fields.items():
        if isinstance(field, forms.FileField):
            strategies[name] = st.one_of(st.none(), shaped_value(field))
        else:
            strategies[name] = st.one_of(st.none(), shaped_value(field).map(encode), hostile_param)
    for name in extra:
        strategies[name] = st.one_of(st.none(), hostile_param)
    unknown = st.dictionaries(
        st.sampled_from(["csrfmiddlewaretoken", "id", "pk", "x"]), hostile_param, max_size=2
    )
    return st.tuples(st.fixed_dictionaries(strategies), unknown).map(
        lambda pair: {
            key: value for key, value in {**pair[1], **pair[0]}.items() if value is not None
        }
    )


def send(client, method, url, data):
    """One request, rolled back afterwards; returns the response. Exceptions propagate."""
    with transaction.atomic():
        response = client.get(url, data) if method == "GET" else client.post(url, data)
        transaction.set_rollback(True)
    return response


def assert_no_server_error(response, method, url, data):
    assert response.status_code < 500, (
        f"{method} {url} answered {response.status_code} for {data!r:.500}"
    )
