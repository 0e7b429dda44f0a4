"""The commands run on the same small plans the stage tests use."""

from tests.plan.conftest import imported, master_file  # noqa: F401  (fixtures)
from tests.survey.conftest import plan, plan_file  # noqa: F401  (fixtures)
