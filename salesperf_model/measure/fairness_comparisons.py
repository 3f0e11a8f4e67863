"""The brief's fairness worries side by side: big- vs small-account holders, tier-1 vs
tier-3 regions, new-business reps vs account managers; raw and skill-adjusted pay gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesperf_model.compiled import on_first_use
from salesperf_model.measure.grade_parity import grade_rates, graded_of
from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.statistics import distinct, masked_stat, nan_mean
from salesperf_model.measure.totals import PlanResultLike, attained_quota, rep_totals
from salesperf_model.outcomes import Outcomes
from salesperf_model.seat_labels import label_strings

#: compiled loops, loaded on first use (numba: the text commands never run them)
centred_within = on_first_use("salesperf_model.measure.stat_kernels", "centred_within")

#: Comparison name -> (first label, second label, first mask, second mask); masks (sims, reps).
Sides = dict[str, tuple[str, str, np.ndarray, np.ndarray]]


def big_account_holders(outcomes: Outcomes) -> np.ndarray:
    """(sims, reps) True for reps whose big-account share is above the median: the true
    ``big_account_share`` when known, else the share of booked revenue from big accounts."""
    if outcomes.truth is not None and "big_account_share" in outcomes.truth:
        share = outcomes.truth["big_account_share"].mean(axis=2)
    else:
        booked = outcomes.get("revenue_booked").sum(axis=2)
        with np.errstate(all="ignore"):
            share = np.where(booked > 0, outcomes.get("revenue_booked_big").sum(axis=2) / booked, 0)
    return share > np.median(share, axis=1, keepdims=True)


def comparison_sides(outcomes: Outcomes) -> Sides:
    """The brief's fairness worries: name -> (first label, second label, first mask,
    second mask), masks (sims, reps)."""
    sims = outcomes.n_simulations
    tier = pd.to_numeric(outcomes.reps["region_tier"], errors="coerce").to_numpy()
    role = label_strings(outcomes.reps, "role")
    big = big_account_holders(outcomes)

    def everywhere(mask: np.ndarray) -> np.ndarray:
        return np.broadcast_to(mask[None, :], (sims, len(mask)))

    return {
        "big_small_account": ("big-account holders", "small-account holders", big, ~big),
        "tier1_tier3": (
            "tier-1 regions",
            "tier-3 regions",
            everywhere(tier == 1),
            everywhere(tier == 3),
        ),
        "new_business_account_manager": (
            "new-business reps",
            "account managers",
            everywhere(role == "new_business"),
            everywhere(role == "account_manager"),
        ),
    }


def mean_gap(pay: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """(first side's mean pay - second's) / second's x 100, per simulation."""
    a = masked_stat(pay, first, "mean")
    b = masked_stat(pay, second, "mean")
    with np.errstate(all="ignore"):
        return np.where(b != 0, 100.0 * (a - b) / b, np.nan)


def side_gap_metric(m: MetricInputs, comparison: str) -> np.ndarray:
    """The raw total-pay gap of one of :func:`comparison_sides` for a metric's draws."""
    _, _, first, second = m.of_outcomes("sides", lambda: comparison_sides(m.outcomes))[comparison]
    return mean_gap(m.totals["total"], first, second)


def skill_adjusted_gap(
    pay: np.ndarray, skill: np.ndarray, roles: np.ndarray, *, first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    """Pay difference between two sides of reps at equal true skill and role, in % of the
    second side's mean pay, per simulation.

    Among the reps on either side, pay is regressed on skill and a first-side indicator,
    all centred within ``roles`` (role fixed effects; pass one label for all when the
    sides are roles); the indicator's coefficient is the difference in pay that skill and
    role do not explain.
    """
    inside = (first | second).astype(float)
    indicator = first.astype(float)

    labels = distinct(roles)
    codes = np.zeros(len(roles), dtype=np.int64)
    for code, role in enumerate(labels):  # a few roles
        codes[roles == role] = code

    def centred(values: np.ndarray) -> np.ndarray:
        # per role: the mean of the reps inside taken off theirs, 0 elsewhere (compiled)
        return centred_within(values, inside, codes, groups=len(labels))

    x = np.stack([centred(skill), centred(indicator)], axis=2)
    y = centred(pay)
    xtx = np.einsum("srk,srl->skl", x, x)
    beta = np.einsum("skl,sl->sk", np.linalg.pinv(xtx), np.einsum("srk,sr->sk", x, y))
    second_mean = masked_stat(pay, second, "mean")
    with np.errstate(all="ignore"):
        return np.where(second_mean != 0, 100.0 * beta[:, 1] / second_mean, np.nan)


def _first_only(draws: np.ndarray, side: str) -> float:
    return nan_mean(draws) if side == "first" else np.nan


def fairness_comparison_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """The brief's fairness worries side by side: big- vs small-account holders, tier-1 vs
    tier-3 regions, new-business reps vs account managers.

    Columns: ``comparison``, ``side`` (``first``/``second``), ``label``, ``reps`` (mean
    per simulation), ``total_pay``, ``variable_pay`` (mean per rep, money),
    ``attainment_pct`` (mean horizon attainment), ``s_rate``, ``c_rate`` (% of
    rep-reviews), ``skill`` (mean true skill, NaN on real data), ``pay_gap_pct`` (first vs
    second, % of second, on the ``first`` row), ``skill_adjusted_pay_gap_pct`` (the gap at
    equal skill and role, :func:`skill_adjusted_gap`; needs truth), each a Monte Carlo mean.
    """
    totals = rep_totals(result)
    grades = np.asarray(result.grades)
    quota = outcomes.get("quota")
    with np.errstate(all="ignore"):
        attainment = 100.0 * attained_quota(result, outcomes) / quota.sum(axis=2)
    skill = None if outcomes.truth is None else outcomes.truth["skill"].mean(axis=2)
    roles = label_strings(outcomes.reps, "role")
    rows = []
    for name, (first_label, second_label, first, second) in comparison_sides(outcomes).items():
        gap = mean_gap(totals["total"], first, second)
        adjusted_gap = np.full(gap.shape, np.nan)
        if skill is not None:
            # a comparison of roles cannot hold role fixed: adjust for skill alone there
            by_role = name != "new_business_account_manager"
            groups = roles if by_role else np.zeros(len(roles))
            adjusted_gap = skill_adjusted_gap(
                totals["total"], skill, groups, first=first, second=second
            )
        for side, label, mask in (("first", first_label, first), ("second", second_label, second)):
            s, c = grade_rates(grades, mask, graded_of(result))

            def mean_of(values: np.ndarray, mask: np.ndarray = mask) -> float:
                return nan_mean(masked_stat(values, mask, "mean"))

            rows.append(
                {
                    "comparison": name,
                    "side": side,
                    "label": label,
                    "reps": float(mask.sum(axis=1).mean()),
                    "total_pay": mean_of(totals["total"]),
                    "variable_pay": mean_of(totals["variable"]),
                    "attainment_pct": mean_of(attainment),
                    "s_rate": nan_mean(s),
                    "c_rate": nan_mean(c),
                    "skill": np.nan if skill is None else mean_of(skill),
                    "pay_gap_pct": _first_only(gap, side),
                    "skill_adjusted_pay_gap_pct": _first_only(adjusted_gap, side),
                }
            )
    return pd.DataFrame(rows)
