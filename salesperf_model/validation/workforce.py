"""Findings on who stays and who leaves: Scullen, Bergey & Aiman-Smith (2005) on firing the
bottom share yearly, and the meta-analytic correlation of performance with turnover."""

from __future__ import annotations

from typing import Any

import numpy as np

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Scenario
from salesperf_model.validation.experiment import (
    Chart,
    Finding,
    FindingResult,
    Size,
    check_of,
    mean_and_error,
    simulate_under,
    status_notes,
    variant,
)
from salesperf_model.validation.verdicts import Published

SCULLEN = "Scullen, Bergey & Aiman-Smith, Personnel Psychology 58, 2005"
MCEVOY_CASCIO = "McEvoy & Cascio, Academy of Management Journal 30, 1987"
TURNOVER_CORRELATION = "Correlation of attainment with leaving"

#: The figures the studies publish, finding -> check -> figure (Scullen et al.: a
#: simulation study's directions and shape, no field figure).
PUBLISHED = {
    "performance_turnover": {
        TURNOVER_CORRELATION: Published(
            -0.28, -0.28, "r about -0.28", "within 0.1 (-0.38 to -0.18)"
        )
    }
}
#: Voluntary turnover (share a year) of the low- and high-turnover runs.
LOW_TURNOVER, HIGH_TURNOVER = 0.10, 0.40


def firing_plan(
    baseline: Scenario, share: float, *, noise_scale: float = 1.0, attrition: float | None = None
) -> Scenario:
    """Forced distribution across the company once a year on the 360-degree performance
    rating (Scullen et al. rank on rated performance, so rating reliability is what the
    ranking's accuracy depends on), the bottom ``share`` graded C and let go at once (0: the
    same ranking, nobody let go)."""

    def change(data: dict[str, Any]) -> None:
        data["review_cycle"] = "annual"
        data["scoring"]["weights"] = {
            role: {"rating_360": 100.0} for role in data["scoring"]["weights"]
        }
        # rank on the rating itself, one yardstick for every role: a role's own target,
        # cap or floor would fire that role's reps first, whatever their skill
        data["scoring"]["cap"], data["scoring"]["floor"] = None, 0.0
        data["scoring"]["kpis"]["rating_360"] = {"target": {"kind": "fixed", "value": 75.0}}
        grading = data["grading"]
        grading["method"], grading["scope"] = "forced", "company"
        grading["consequences"]["improvement_after_consecutive_c"] = 1
        # Scullen et al. simulate firing alone: no promotions, training or supervision
        grading["consequences"]["promotion"]["enabled"] = False
        grading["consequences"]["training"]["enabled"] = False
        grading["consequences"]["improvement_plan"]["supervision_effort"] = 1.0
        workforce = data["population"]["workforce"]
        workforce["plan_exit_probability"] = 1.0 if share > 0 else 0.0
        if attrition is not None:
            workforce["annual_attrition"] = attrition
        data["population"]["ratings"]["noise_scale"] = noise_scale
        c_share = max(share, 0.05)
        targets = {"S": 0.125, "A": 0.375, "B": 1 - 0.5 - c_share, "C": c_share}
        grading["shares"] = {g: {"target": t, "min": 0.0, "max": 1.0} for g, t in targets.items()}

    return variant(baseline, f"fire_{round(share * 100)}pct", change)


def yearly_skill(outcomes: Outcomes) -> np.ndarray:
    """Mean true skill of the people in the seats, per simulation and year."""
    assert outcomes.truth is not None, "validation needs simulated outcomes"
    skill = outcomes.truth["skill"]
    sims, reps, months = skill.shape
    years = months // 12
    return skill[:, :, : years * 12].reshape(sims, reps, years, 12).mean(axis=(1, 3))


def scullen_bergey_aiman_smith(baseline: Scenario, size: Size) -> FindingResult:
    """Fire the bottom 0/5/10% yearly for ``size.periods`` months: skill gained by year,
    and how the gain moves with the share fired, rating reliability and turnover."""
    if size.periods < 36:
        raise ValueError(f"the firing experiment needs at least 36 months; got {size.periods}")

    def skill(share: float, **how: float) -> np.ndarray:
        plan = firing_plan(baseline, share, **how)
        return yearly_skill(simulate_under(plan, plan, size))

    none = skill(0.0)
    gain5 = skill(0.05) - none
    gain10 = skill(0.10) - none
    reliable = skill(0.10, noise_scale=0.5) - none
    low = skill(0.10, attrition=LOW_TURNOVER) - skill(0.0, attrition=LOW_TURNOVER)
    high = skill(0.10, attrition=HIGH_TURNOVER) - skill(0.0, attrition=HIGH_TURNOVER)
    first_step = gain10[:, 1] - gain10[:, 0]
    last_step = gain10[:, -1] - gain10[:, -2]
    checks = [
        check_of(
            "Skill gained in the year after the first firing (10% fired)",
            gain10[:, 1],
            sign=1,
            rough_size=(0.02, 1.0),
            unit="SD",
        ),
        check_of(
            "Plateau: the first year's gain minus the last year's",
            first_step - last_step,
            sign=1,
            rough_size=(0.0, 1.0),
            unit="SD",
        ),
        check_of(
            "Firing 10% against 5%: extra skill in the last year",
            gain10[:, -1] - gain5[:, -1],
            sign=1,
            rough_size=(0.0, 1.0),
            unit="SD",
        ),
        check_of(
            "Ratings with half the noise: extra skill in the last year",
            reliable[:, -1] - gain10[:, -1],
            sign=1,
            rough_size=(0.0, 1.0),
            unit="SD",
        ),
        check_of(
            f"Turnover {LOW_TURNOVER:.0%} against {HIGH_TURNOVER:.0%} a year: extra gain",
            low[:, -1] - high[:, -1],
            sign=1,
            rough_size=(0.0, 1.0),
            unit="SD",
        ),
    ]
    series = {"5% fired": gain5, "10% fired": gain10, "10% fired, reliable ratings": reliable}
    stats = {
        label: [mean_and_error(gain[:, y]) for y in range(gain.shape[1])]
        for label, gain in series.items()
    }
    chart = Chart(
        kind="lines",
        title="Firing the bottom share each year: skill gained over keeping everyone",
        y_label="Mean true skill gained (standard deviations)",
        labels=list(series),
        values=[[m for m, _ in stats[label]] for label in series],
        errors=[[3 * e for _, e in stats[label]] for label in series],
        x=[float(y + 1) for y in range(gain10.shape[1])],
        x_label="Year (the first firing closes year 1)",
        unit="SD",
    )
    return FindingResult(
        key="scullen_bergey_aiman_smith",
        title="Firing the bottom share yearly raises skill fast, then plateaus",
        citation=SCULLEN,
        claim=(
            "A forced distribution that fires the bottom share each year raises workforce "
            "potential quickly, then the gain levels off; more with more fired and more "
            "reliable ratings, less with more voluntary turnover."
        ),
        published="Most of the gain in the first several years, then a plateau; larger with "
        "more fired and more reliable ratings, smaller with more voluntary turnover (a simulation "
        "study: direction and shape, no field figure).",
        design=(
            f"{size.periods // 12} years. Grades by rank on the 360-degree performance rating across "
            "the company once a year; the "
            "bottom 5% or 10% leave at once and are replaced by screened hires; against the "
            "same ranking with nobody let go. Reliable ratings: half the rating noise. "
            f"Turnover: {LOW_TURNOVER:.0%} against {HIGH_TURNOVER:.0%} voluntary exits a year."
        ),
        checks=checks,
        chart=chart,
        size=size,
    )


def left_and_attainment(outcomes: Outcomes) -> tuple[np.ndarray, np.ndarray]:
    """Whether each seat's first holder left the company within the run (a promotion out
    of the sales force is not leaving), and their attainment while there (booked revenue
    over quota): the measure of tests/test_behaviour.py."""
    person = outcomes.measures["person_id"]
    present = np.cumprod(person == person[:, :, :1], axis=2).astype(bool)
    booked = np.where(present, outcomes.get("revenue_booked"), 0.0).sum(axis=2)
    quota = np.where(present, outcomes.get("quota"), 0.0).sum(axis=2)
    left = ~present[:, :, -1]
    promoted = outcomes.meta.get("promoted")
    if promoted is not None:  # the first holder's last month ended in a promotion
        last = present.sum(axis=2) - 1
        left &= ~np.take_along_axis(promoted, last[:, :, None], axis=2)[:, :, 0]
    return left, booked / quota


def performance_turnover(baseline: Scenario, size: Size) -> FindingResult:
    """The correlation of a rep's attainment with leaving within the year, per simulation."""
    left, attainment = left_and_attainment(simulate_under(baseline, baseline, size))
    per_simulation = np.array(
        [np.corrcoef(attainment[s], left[s])[0, 1] for s in range(left.shape[0])]
    )
    check = check_of(
        TURNOVER_CORRELATION,
        per_simulation,
        sign=-1,
        rough_size=(-0.38, -0.18),
        unit="correlation",
        published=PUBLISHED["performance_turnover"][TURNOVER_CORRELATION],
    )
    chart = Chart(
        kind="bars",
        title="Good performers leave less: correlation of performance with leaving",
        y_label="Correlation",
        labels=["Published (meta-analysis)", "Our model"],
        values=[[-0.28], [check.ours]],
        errors=[[0.0], [3 * check.standard_error]],
        unit="correlation",
    )
    return FindingResult(
        key="performance_turnover",
        title="Good performers leave less",
        citation=MCEVOY_CASCIO,
        claim="Across studies, performance and voluntary turnover correlate negatively.",
        published="r about -0.28",
        design=(
            "Today's plan for a year: each seat's first holder, whether they left, and their "
            "attainment while there. Rough size: within 0.1 of the published figure."
        ),
        checks=[check],
        chart=chart,
        size=size,
        notes=status_notes([check]),
    )


FINDINGS = (
    Finding(
        "scullen_bergey_aiman_smith",
        "Firing the bottom share yearly",
        SCULLEN,
        scullen_bergey_aiman_smith,
        Size(reps=250, simulations=20, periods=48),
    ),
    Finding(
        "performance_turnover",
        "Performance and turnover",
        MCEVOY_CASCIO,
        performance_turnover,
        Size(reps=500, simulations=10, periods=12),
    ),
)
