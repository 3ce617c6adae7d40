# The snapshot tests' world: a plan with a marker string in every internal field.
from .test_snapshot import world  # noqa: F401
