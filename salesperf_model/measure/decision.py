"""Apply a comparison's decision rule: every plan against each condition with its Monte
Carlo uncertainty, the recommended plan, ties within the noise, and the runners-up's gaps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from salesperf_model.measure.pay_equity import GAP_FLAG_PCT
from salesperf_model.measure.statistics import Z, half_width_factor
from salesperf_model.schema.decision import Decision

Status = Literal["pass", "fail", "unclear", "not measured"]
Condition = Literal["total_pay_budget", "cost_of_sales_budget", "disruption", "pay_equity"]

#: Per-simulation columns :func:`decide` reads from each plan's draws.
DRAW_COLUMNS: tuple[str, ...] = (
    "total_pay",
    "over_budget_total_pay",
    "over_budget_cost_of_sales",
    "merit_alignment_pay",
    "gender_pay_gap_mean",
    "losers_pct",
    "keep_whole_cost",
)


@dataclass(frozen=True)
class Check:
    """One plan against one condition: the estimate, its 95% interval, the limit, and
    whether the whole interval is on the right side of it (pass), the wrong side (fail)
    or straddles it (unclear: within the Monte Carlo error of the limit)."""

    condition: Condition
    value: float
    low: float
    high: float
    limit: float
    status: Status


@dataclass(frozen=True)
class PlanVerdict:
    """Every check of one plan and its standing on the objective."""

    plan: str
    checks: tuple[Check, ...]
    objective: float  #: the objective's Monte Carlo mean (higher is better)
    keep_whole_cost: float  #: mean cost of topping the reps losing over the threshold back up
    keep_whole_low: float = float("nan")  #: its 95% Monte Carlo interval
    keep_whole_high: float = float("nan")

    @property
    def status(self) -> Status:
        """fail if any condition clearly fails, pass if every one clearly passes."""
        statuses = {c.status for c in self.checks}
        if "fail" in statuses:
            return "fail"
        return "unclear" if "unclear" in statuses else "pass"

    def shortfalls(self) -> tuple[Check, ...]:
        """The conditions the plan fails or does not clearly pass."""
        return tuple(c for c in self.checks if c.status in ("fail", "unclear"))


#: Digits a fairness objective is shown with (as the fairness verdict shows it): its
#: smallest change that matters is judged on the difference as shown.
OBJECTIVE_DIGITS: dict[str, int] = {"merit_alignment_pay": 3, "gender_pay_gap_mean": 1}


def matters(size: float, smallest: float, digits: int) -> bool:
    """Whether a change of ``size`` is at least the smallest change that matters, as it is
    shown (rounded to ``digits``, or the threshold's when it has more): a change shown as
    '-1.0 points' is never called smaller than 1 point. A change of nothing never matters."""
    decimals = len(f"{smallest:.10f}".rstrip("0").split(".")[1])
    return size > 0 and round(size, max(digits, decimals)) >= smallest


@dataclass(frozen=True)
class Gap:
    """A runner-up's distance to the recommended plan on the objective: the paired mean
    difference (runner-up - recommended, higher is better), its 95% interval, and the
    smallest difference that matters on a fairness objective (0: every clear one)."""

    difference: float
    low: float
    high: float
    smallest: float = 0.0
    digits: int = 3

    @property
    def tied(self) -> bool:
        """Within the Monte Carlo error (the interval contains zero), or a fairness lead
        smaller than the smallest change that matters: a plan is not preferred as the
        fairer on a change the fairness verdict calls too small to matter."""
        if self.within_noise:
            return True
        return self.smallest > 0 and not matters(abs(self.difference), self.smallest, self.digits)

    @property
    def within_noise(self) -> bool:
        """The interval contains zero (or there is no difference to speak of)."""
        return bool(self.low <= 0.0 <= self.high) or not np.isfinite(self.difference)


@dataclass(frozen=True)
class DecisionResult:
    """The decision rule applied: each plan's verdict, the recommended plan (None when
    no plan meets every condition, not even within the noise), the plans tied with it on
    the objective, and each other plan's gap to it."""

    rule: Decision
    objective: Literal["merit_alignment_pay", "gender_pay_gap_mean", "total_pay"]
    verdicts: dict[str, PlanVerdict]
    recommended: str | None
    tied_with: tuple[str, ...]
    gaps: dict[str, Gap]

    @property
    def confirmed(self) -> bool:
        """Whether the recommended plan clearly passes every condition."""
        return self.recommended is not None and self.verdicts[self.recommended].status == "pass"


def _mean_interval(draws: np.ndarray) -> tuple[float, float, float]:
    """Mean and its 95% Monte Carlo interval; one draw (real data) has no Monte Carlo error."""
    valid = draws[np.isfinite(draws)]
    if valid.size == 0:
        return np.nan, np.nan, np.nan
    mean = float(valid.mean())
    se = float(valid.std(ddof=1) / np.sqrt(valid.size)) if valid.size > 1 else 0.0
    half = half_width_factor(valid.size) * se
    return mean, mean - half, mean + half


def wilson_interval(successes: float, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a probability (sound at 0 and 1, unlike mean +- 2 se)."""
    if n == 0:
        return np.nan, np.nan
    p = successes / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def _judge(low: float, high: float, limit: float, *, at_least: bool) -> Status:
    if not np.isfinite(low):
        return "not measured"
    if at_least:
        return "pass" if low >= limit else "fail" if high < limit else "unclear"
    return "pass" if high <= limit else "fail" if low > limit else "unclear"


def _budget_check(condition: Condition, over: np.ndarray, rule: Decision) -> Check:
    """Probability of staying within a budget line, judged by its Wilson interval."""
    valid = over[np.isfinite(over)]
    within = float(1.0 - valid.mean()) if valid.size else np.nan
    if valid.size > 1:
        low, high = wilson_interval(float((valid == 0).sum()), valid.size)
    else:
        low = high = within
    status = _judge(low, high, rule.budget_probability, at_least=True)
    return Check(condition, within, low, high, rule.budget_probability, status)


def _equity_check(gap: np.ndarray) -> Check:
    """The gender pay gap must be clearly under the 5% flag either way."""
    mean, low, high = _mean_interval(gap)
    if not np.isfinite(mean):
        status: Status = "not measured"
    elif low >= GAP_FLAG_PCT or high <= -GAP_FLAG_PCT:
        status = "fail"
    elif low > -GAP_FLAG_PCT and high < GAP_FLAG_PCT:
        status = "pass"
    else:
        status = "unclear"
    return Check("pay_equity", mean, low, high, GAP_FLAG_PCT, status)


def plan_checks(draws: pd.DataFrame, rule: Decision) -> tuple[Check, ...]:
    """One plan's checks: each budget line that is set (its over-budget draws present),
    disruption against the baseline, and the pay-equity flag when the rule asks for it."""
    checks = [
        _budget_check(condition, draws[f"over_budget_{condition[:-7]}"].to_numpy(float), rule)
        for condition in ("total_pay_budget", "cost_of_sales_budget")
        if f"over_budget_{condition[:-7]}" in draws
    ]
    mean, low, high = _mean_interval(draws["losers_pct"].to_numpy(float))
    status = _judge(low, high, rule.max_losers_pct, at_least=False)
    checks.append(Check("disruption", mean, low, high, rule.max_losers_pct, status))
    if rule.no_pay_equity_flag:
        checks.append(_equity_check(draws["gender_pay_gap_mean"].to_numpy(float)))
    return tuple(checks)


def _objective(draws: Mapping[str, pd.DataFrame], prefer: str) -> tuple[str, dict[str, np.ndarray]]:
    """The objective's name and per-simulation draws, oriented so that higher is better."""
    if prefer == "cheapest":
        return "total_pay", {p: -d["total_pay"].to_numpy(float) for p, d in draws.items()}
    if all(np.isfinite(d["merit_alignment_pay"].to_numpy(float)).any() for d in draws.values()):
        name = "merit_alignment_pay"
        return name, {p: d[name].to_numpy(float) for p, d in draws.items()}
    name = "gender_pay_gap_mean"
    return name, {p: -np.abs(d[name].to_numpy(float)) for p, d in draws.items()}


def _gap(runner_up: np.ndarray, best: np.ndarray, *, objective: str, rule: Decision) -> Gap:
    """Paired by simulation index: under behaviour each plan is simulated with the same
    seed. A fairness objective carries the rule's smallest change that matters."""
    mean, low, high = _mean_interval(runner_up - best)
    smallest = rule.smallest_fairness_change.get(objective, 0.0)
    return Gap(mean, low, high, smallest, OBJECTIVE_DIGITS.get(objective, 3))


def decide(draws: Mapping[str, pd.DataFrame], rule: Decision) -> DecisionResult:
    """Apply ``rule`` to every plan. ``draws``: plan -> per-simulation draws with the
    columns of :data:`DRAW_COLUMNS` (the over-budget ones only where a budget is set),
    simulations paired by index. Plans that clearly pass every condition come first;
    when none does, those that fail none (unclear within the noise). Among them the
    best on the objective wins; plans within its Monte Carlo error (or, on fairness, less
    than the smallest change that matters from it) are tied and the secondary objective
    (cost, or fairness when cheapest is preferred) breaks the tie."""
    for plan, table in draws.items():
        missing = [c for c in DRAW_COLUMNS if c not in table and not c.startswith("over_budget")]
        if missing:
            raise KeyError(f"decision draws of plan {plan!r} lack the columns {missing}")
    objective, goodness = _objective(draws, rule.prefer)
    on = {"objective": objective, "rule": rule}
    verdicts = {
        plan: PlanVerdict(
            plan,
            plan_checks(table, rule),
            _mean_or_nan(goodness[plan]),
            *_mean_interval(table["keep_whole_cost"].to_numpy(float)),
        )
        for plan, table in draws.items()
    }
    tier = [p for p, v in verdicts.items() if v.status == "pass"] or [
        p for p, v in verdicts.items() if v.status == "unclear"
    ]
    if not tier:
        return DecisionResult(rule, objective, verdicts, None, (), {})
    leader = max(tier, key=lambda p: verdicts[p].objective)
    tied = [p for p in tier if _gap(goodness[p], goodness[leader], **on).tied]
    _, secondary = _objective(draws, "fairest" if rule.prefer == "cheapest" else "cheapest")
    recommended = max(tied, key=lambda p: (float(np.nanmean(secondary[p])), p == leader))
    gaps = {p: _gap(goodness[p], goodness[recommended], **on) for p in verdicts if p != recommended}
    return DecisionResult(
        rule,
        objective,
        verdicts,
        recommended,
        tuple(p for p in tied if p != recommended),
        gaps,
    )


def _mean_or_nan(values) -> float:
    """The mean of the defined values; NaN (no warning) when none is defined, as on one
    set of actual results where a measure has no draws to average."""
    values = np.asarray(values, dtype=float)
    return float(values[~np.isnan(values)].mean()) if (~np.isnan(values)).any() else float("nan")
