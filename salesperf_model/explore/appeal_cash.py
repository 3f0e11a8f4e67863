"""An appeal's booked correction on an import with no cash data: the import derives
collected cash from bookings by the mapping's collection rule (``collection_lag_months``),
so a missed deal appealed as booked revenue is collected by the same rule. Re-paid on
bookings alone, a plan paying commission on collected cash paid it unchanged, silently.
And the words for a change that moves nothing paid or scored: what the plan pays on."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario

_PARTS = ("new", "existing", "big")


def collected_alike(
    outcomes: Outcomes, measure: str, rep: int, *, months: np.ndarray
) -> tuple[Outcomes, list[str]]:
    """``outcomes`` (booked already changed) with the rep's collected cash set from the
    changed bookings where the import derived it so, and the sentence saying it (none
    when the measure is not booked revenue or collected cash is data)."""
    rule = outcomes.meta.get("cash_from_bookings")
    part = measure.removeprefix("revenue_booked_")
    cash = f"revenue_collected_{part}"
    if rule is None or part not in _PARTS or cash not in outcomes.meta["measures_assumed"]:
        return outcomes, []
    lag, labels = int(rule["lag"]), [str(p) for p in outcomes.periods]
    why = (
        f"the import derives collected from booked (mapping key collection_lag_months: "
        f"{rule['months']})"
    )
    source, at = months[months + lag < len(labels)], months[months + lag < len(labels)] + lag
    if not len(at):
        return outcomes, [
            f"{cash} unchanged: {why}, so this revenue is collected after the data's last "
            f"period {labels[-1]} and paid in none of its periods"
        ]
    measures = dict(outcomes.measures)
    collected = measures[cash].copy()
    was = ", ".join(f"{v:g}" for v in collected[0, rep, at])
    collected[:, rep, at] = measures[measure][:, rep, source]
    measures[cash] = collected
    if "receivable" in outcomes.meta["measures_assumed"] and part != "big":
        receivable = measures["receivable"].copy()  # derived as collected new + existing
        receivable[:, rep, at] = (
            measures["revenue_collected_new"][:, rep, at]
            + measures["revenue_collected_existing"][:, rep, at]
        )
        measures["receivable"] = receivable
    now = ", ".join(f"{v:g}" for v in collected[0, rep, at])
    where = ", ".join(labels[a] for a in at)
    said = f"{cash} set with it to {now} in {where} (was {was}): {why}"
    return replace(outcomes, measures=measures), [said]


def nothing_moved(scenario: Scenario, role: str, measure: str, *, reads: set[str]) -> str:
    """Why a change moved no pay and no points, naming what the plan pays on; ``reads``:
    the measures a ``role`` rep's own KPIs, commission and bonuses read."""
    commission = scenario.pay.commission
    covered = commission.roles is None or role in commission.roles
    base = ", ".join(f"revenue_{commission.base}_{part}" for part in _PARTS)
    pays = (
        f"pays commission on {commission.base} revenue ({base})"
        if covered
        else f"pays a {role} rep no commission"
    )
    if measure in reads:
        why = (
            f"{measure} is among what a {role} rep is paid or scored on, but this change "
            "crosses no cap, floor, tier or gate"
        )
    else:
        why = (
            f"{measure} feeds none of a {role} rep's pay or KPIs (they read "
            f"{', '.join(sorted(reads))}); the plan reads it only in region-wide KPIs"
        )
    return f"nothing paid or scored moved: plan {scenario.name!r} {pays}; {why}"
