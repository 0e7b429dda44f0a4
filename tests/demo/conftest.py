"""The simulator runs on the survey stage's small hand-made plan."""

from tests.survey.conftest import folder, plan, plan_file  # noqa: F401  (fixtures)
