"""Each plan's change log against the baseline in business words, in one table: the
``salesperf diff`` rows (setting, baseline value, plan value) of every plan."""

from __future__ import annotations

import pandas as pd

from salesperf_model.pipeline import Run
from salesperf_model.present.changes import plan_changes


def change_log(run: Run) -> pd.DataFrame:
    """Columns ``plan``, ``setting``, ``baseline``, ``new value``: one row per setting a
    plan changes (the rows of :func:`~salesperf_model.present.changes.plan_changes`), in
    the comparison's plan order; a plan that changes nothing gets one row saying so."""
    base = run.scenarios[run.baseline]
    frames = []
    for plan in run.plans:
        changes = plan_changes(run.scenarios[plan], base)
        if changes.empty:
            changes = pd.DataFrame(
                [{"setting": "(no setting differs from the baseline)", "baseline": "", "plan": ""}]
            )
        frame = changes[["setting", "baseline", "plan"]].rename(columns={"plan": "new value"})
        frame.insert(0, "plan", plan)
        frames.append(frame)
    columns = ["plan", "setting", "baseline", "new value"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
