"""Cross-cutting: every page's pinned query count."""

# A signed-in page's navigation shows the count of what the person owes (rounds.inbox), for
# anyone who can owe something (not commissioners): the count itself (one query) and the
# round calendar it reads (the active plans: kept in the cache in service, read for every
# page here, conftest.py). test_round_page_queries.py pins the count at one query.
NAV = 2
