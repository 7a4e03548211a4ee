"""Budget-scenario optimizer for project portfolios: a pure library.

Build a ``ProblemData`` (projects, caps, limits, links), call ``solve(data, SolveParams(...))``
and read the ``Result``: status, objective levels, one schedule per project, cap usage and
explanations. Money is in integer 万元 and time in integer periods throughout. Every schedule
``solve`` returns has passed ``validate``.
"""

from optimizer.explain import delay_explanations, explain_infeasibility, keep_only
from optimizer.flexible import FlexibleShares
from optimizer.greedy import greedy, greedy_choice
from optimizer.marginal import marginal_values
from optimizer.options import ScheduleOption, all_options, project_options
from optimizer.params import (
    DEFAULT_OBJECTIVES,
    CancelToken,
    Objective,
    SolveCancelledError,
    SolveParams,
)
from optimizer.problem import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    Link,
    ProblemData,
    Project,
)
from optimizer.profiles import apportion, project_spend, region_spend, spread_evenly
from optimizer.relax import (
    CapRelaxation,
    RelaxationError,
    Release,
    lowest_caps_together,
    lowest_caps_without_delay,
    lowest_feasible_cap,
    released,
    smallest_release,
    with_cap_amount,
    without_delay,
)
from optimizer.result import (
    CapUsage,
    ConstraintFamily,
    ConstraintRef,
    DelayExplanation,
    InfeasibilityExplanation,
    LevelResult,
    MarginalValue,
    ProjectSchedule,
    Result,
    SolveStatus,
)
from optimizer.solve import solve
from optimizer.usage import planned_schedules, schedules_from_choice
from optimizer.validation import (
    InvalidSolutionError,
    check_schedules,
    objective_values,
    validate,
)

__all__ = [
    "DEFAULT_OBJECTIVES",
    "CancelToken",
    "Cap",
    "CapKind",
    "CapRelaxation",
    "CapUsage",
    "ConcurrencyKind",
    "ConcurrencyLimit",
    "ConstraintFamily",
    "ConstraintRef",
    "DelayExplanation",
    "FlexibleShares",
    "InfeasibilityExplanation",
    "InvalidSolutionError",
    "LevelResult",
    "Link",
    "MarginalValue",
    "Objective",
    "ProblemData",
    "Project",
    "ProjectSchedule",
    "RelaxationError",
    "Release",
    "Result",
    "ScheduleOption",
    "SolveCancelledError",
    "SolveParams",
    "SolveStatus",
    "all_options",
    "apportion",
    "check_schedules",
    "delay_explanations",
    "explain_infeasibility",
    "greedy",
    "greedy_choice",
    "keep_only",
    "lowest_caps_together",
    "lowest_caps_without_delay",
    "lowest_feasible_cap",
    "marginal_values",
    "objective_values",
    "planned_schedules",
    "project_options",
    "project_spend",
    "region_spend",
    "released",
    "schedules_from_choice",
    "smallest_release",
    "solve",
    "spread_evenly",
    "validate",
    "with_cap_amount",
    "without_delay",
]
