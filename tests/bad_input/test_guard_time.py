"""
The personal-data guard runs in time linear in its text, on the worst inputs known.

An outsider's test posted a 120,000-character description: the e-mail pattern, tried from
every position of a long run of word characters, took 31 s and the worker was killed. Each
check of the guard is timed here on 20,000 and on 200,000 characters of each hostile shape:
linear growth is about ten times, quadratic about a hundred. The timing runs in a child
process with a deadline, so a quadratic pattern fails in seconds rather than hanging the
suite (today's patterns take milliseconds; the old e-mail pattern over a minute).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMALL, LARGE = 20_000, 200_000
# Linear growth is 10x; allow for a noisy machine, and for times too short to measure.
MAX_GROWTH = 30
FLOOR_SECONDS = 0.05
DEADLINE_SECONDS = 30


def _repeat(piece, n):
    return (piece * (n // len(piece) + 1))[:n]


# Each shape, made at a given length: runs that a pattern could try from every position.
SHAPES = {
    "a long word run": lambda n: _repeat("a", n),
    "a long run of dots and digits": lambda n: _repeat("1.", n),
    "many @": lambda n: _repeat("a@", n),
    "an @ then a long word": lambda n: "x@" + _repeat("b", n - 2),
    "an @ then a long dotted domain": lambda n: "x@" + _repeat("b.", n - 2),
    "many dotted addresses without a domain": lambda n: _repeat("a.b@c ", n),
    "a long run of digits": lambda n: _repeat("0", n),
    "digits and spaces": lambda n: _repeat("0 ", n),
    "brackets, zeros and spaces": lambda n: _repeat("(0 ", n),
    "plus signs and 44": lambda n: _repeat("+44 ", n),
    "a day and month then letters": lambda n: "1 jan" + _repeat("a", n - 5),
    "a day then spaces": lambda n: "1" + _repeat(" ", n - 1),
    "slashes and digits": lambda n: _repeat("1/1/", n),
    "letters and digits like NI numbers": lambda n: _repeat("AB12", n),
    "postcode-like runs": lambda n: _repeat("L1 ", n),
    "birth words": lambda n: _repeat("born ", n),
}


def timings(shape):
    """{check: (seconds on SMALL, seconds on LARGE)}, best of three each."""
    import time

    from plans.personal_data import CHECKS

    found = {}
    for label, check in CHECKS:
        best = []
        for n in (SMALL, LARGE):
            text = SHAPES[shape](n)
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                for _match in check(text):
                    pass
                runs.append(time.perf_counter() - start)
            best.append(min(runs))
        found[label] = best
    return found


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_check_of_the_guard_grows_linearly(shape):
    code = (
        "import json, sys\n"
        "from tests.bad_input.test_guard_time import timings\n"
        f"print(json.dumps(timings({shape!r})))\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=DEADLINE_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"The guard took over {DEADLINE_SECONDS} s on {LARGE:,} characters of {shape}: "
            "a pattern is trying again from every position (quadratic or worse)."
        )
    for label, (small, large) in json.loads(result.stdout).items():
        assert large <= max(MAX_GROWTH * small, FLOOR_SECONDS), (
            f"Checking for {label} in {shape}: {small * 1000:.1f} ms on {SMALL:,} characters, "
            f"{large * 1000:.1f} ms on {LARGE:,}: more than linear growth."
        )


def test_the_linear_patterns_still_find_what_they_did():
    from plans.personal_data import find_personal_data

    found = dict(
        find_personal_data(
            "Write to jo.bloggs+vawg@example.org.uk. or call 0151 496 0000; born 1 March 1990"
        )
    )
    assert found["an email address"] == "jo.bloggs+vawg@example.org.uk"
    assert found["a phone number"] == "0151 496 0000"
    assert found["a date of birth"] == "1 March 1990"
    assert find_personal_data("«x_y@mail.example.com»") == [
        ("an email address", "x_y@mail.example.com")
    ]
    assert find_personal_data("x@localhost and a@b") == []
