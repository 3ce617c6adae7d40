# The snapshot tests' world: a plan with a marker string in every internal field.
from ..publication.test_snapshot import world  # noqa: F401
