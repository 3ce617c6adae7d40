import pytest

from rounds import inbox


@pytest.fixture(autouse=True)
def _round_calendar_not_kept(monkeypatch):
    """
    The round calendar (the active plans, rounds.inbox.round_calendar) read for every
    page, not kept in the cache as in service: what a page costs then does not depend on
    what ran before it in the test, nor on a plan saved since, nor on the test's clock.
    Each signed-in page pays NAV for the navigation's count.
    """
    monkeypatch.setattr(inbox, "CALENDAR_SECONDS", 0)
