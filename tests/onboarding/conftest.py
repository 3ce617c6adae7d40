from .workbooks import world  # noqa: F401  (the names the test files' rows use)
