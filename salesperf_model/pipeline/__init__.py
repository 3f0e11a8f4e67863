"""The one way through the package: load scenarios -> outcomes -> pay every plan -> measure -> compare.

``salesperf compare``, the report notebooks and the explorer all come through here, so the
same scenario files give the same tables through every door. Two rules live here and
nowhere else:

- **One budget.** A comparison measures every plan against the *baseline's* ``budget``
  section; a plan file that sets another budget gets a warning saying so.
- **Names tell plans apart.** Two files with one scenario name are both kept: the later
  one is renamed ``"<name> (<file stem>)"`` and a warning names both files (a batch of
  reports must not die on a copied file).
- **Each plan under its own behaviour.** With the baseline's ``behaviour`` section on
  (the default), every plan is simulated with the baseline's sales force and seed while
  reps respond to that plan's pay (effort, leaving; the market pays like the baseline),
  so the same people, markets and draws meet each plan and only choices differ (common
  random numbers). With ``behaviour: none``, or on actuals, the sales force is simulated
  once and every plan is paid on those same outcomes (fast).
"""

from salesperf_model.pipeline.outcomes import (
    CHECK_SIMULATIONS,
    check_plan,
    import_report,
    outcomes_for,
    plan_outcomes,
)
from salesperf_model.pipeline.plans import (
    Overrides,
    PathLike,
    Plans,
    load_plans,
    problems_of,
    without_unscored_plans,
)
from salesperf_model.pipeline.run import Run, RunSettings, pay_and_compare, run_comparison

__all__ = [
    "CHECK_SIMULATIONS",
    "Overrides",
    "PathLike",
    "Plans",
    "Run",
    "RunSettings",
    "check_plan",
    "import_report",
    "load_plans",
    "outcomes_for",
    "pay_and_compare",
    "plan_outcomes",
    "problems_of",
    "run_comparison",
    "without_unscored_plans",
]
