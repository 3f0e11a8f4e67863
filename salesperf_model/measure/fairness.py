"""Fairness of a paid plan: merit vs luck, grade accuracy, inequality, pay equity, parity.

Metrics that compare pay or grades with the simulation's hidden truth (skill, territory
potential, big-account share) are listed in :data:`NEEDS_TRUTH`; on real data
(``outcomes.truth is None``) they come out as NaN and :func:`skipped_metrics` says why.
Every function is vectorised over (simulations, reps, periods); per-simulation draws are
summarised by ``salesperf_model.measure.cost.monte_carlo_summary``. Definitions, units and the
legal references are in docs/metrics.md.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from salesperf_model.measure.cost import Metric, PlanResultLike, monte_carlo_summary, rep_totals
from salesperf_model.outcomes import Outcomes

#: Grade codes in PlanResult.grades.
GRADES: tuple[str, ...] = ("S", "A", "B", "C")
GRADE_S, GRADE_C = 0, 3

#: The EU Pay Transparency Directive's trigger for a joint pay assessment (Art. 10).
GAP_FLAG_PCT = 5.0
#: The four-fifths (80%) rule for adverse impact on selection rates.
FOUR_FIFTHS = 0.8

_TRUTH_NOTE = "needs the simulation's hidden truth; not available on real data"

FAIRNESS_METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "merit_alignment_pay",
            "rank correlation",
            higher_is_better=True,
            needs_truth=True,
            description="Spearman correlation of total pay with true skill, ranked within role",
        ),
        Metric(
            "merit_alignment_variable_pay",
            "rank correlation",
            higher_is_better=True,
            needs_truth=True,
            description="Spearman correlation of variable pay with true skill, ranked within role",
        ),
        Metric(
            "merit_alignment_grade",
            "rank correlation",
            higher_is_better=True,
            needs_truth=True,
            description="Spearman correlation of mean grade with true skill, ranked within role",
        ),
        Metric(
            "luck_share",
            "%",
            higher_is_better=False,
            needs_truth=True,
            description="share of explained within-role pay variance due to territory and big accounts",
        ),
        Metric(
            "luck_variance_share",
            "%",
            higher_is_better=False,
            needs_truth=True,
            description="within-role pay variance explained by territory and big accounts",
        ),
        Metric(
            "skill_variance_share",
            "%",
            higher_is_better=True,
            needs_truth=True,
            description="within-role pay variance explained by true skill",
        ),
        Metric(
            "grade_accuracy",
            "%",
            higher_is_better=True,
            needs_truth=True,
            description="rep-reviews whose grade equals the grade true skill would get",
        ),
        Metric(
            "false_c_rate",
            "%",
            higher_is_better=False,
            needs_truth=True,
            description="C grades given to reps of above-median true skill, % of all C grades",
        ),
        Metric(
            "c_twice",
            "per 100 reps",
            higher_is_better=None,
            needs_truth=False,
            description="C in two consecutive reviews (reassignment or dismissal) per 100 seats",
        ),
        Metric(
            "wrongful_exits",
            "per 100 reps",
            higher_is_better=False,
            needs_truth=True,
            description="C-twice cases on reps of above-median true skill per 100 seats",
        ),
        Metric(
            "horizontal_equity_cv",
            "ratio",
            higher_is_better=False,
            needs_truth=True,
            description="coefficient of variation of total pay among reps of like skill and role",
        ),
        Metric(
            "grade_change_rate",
            "%",
            higher_is_better=False,
            needs_truth=True,
            description="grade changes between consecutive reviews while skill is unchanged",
        ),
        Metric(
            "gini_total_pay",
            "ratio",
            higher_is_better=False,
            needs_truth=False,
            description="Gini coefficient of total pay",
        ),
        Metric(
            "gini_variable_pay",
            "ratio",
            higher_is_better=False,
            needs_truth=False,
            description="Gini coefficient of variable pay",
        ),
        Metric(
            "top10_share_variable_pay",
            "%",
            higher_is_better=False,
            needs_truth=False,
            description="share of variable pay going to the top 10% of reps",
        ),
        Metric(
            "gender_pay_gap_mean",
            "% of male",
            higher_is_better=False,
            needs_truth=False,
            description="(male - female) mean total pay / male mean x 100",
        ),
        Metric(
            "gender_pay_gap_median",
            "% of male",
            higher_is_better=False,
            needs_truth=False,
            description="(male - female) median total pay / male median x 100",
        ),
        Metric(
            "variable_pay_gap_mean",
            "% of male",
            higher_is_better=False,
            needs_truth=False,
            description="mean variable-pay gap among reps who received variable pay",
        ),
        Metric(
            "variable_pay_gap_median",
            "% of male",
            higher_is_better=False,
            needs_truth=False,
            description="median variable-pay gap among reps who received variable pay",
        ),
        Metric(
            "s_rate_ratio",
            "ratio",
            higher_is_better=True,
            needs_truth=False,
            description="lowest / highest S-rate across groups (four-fifths rule: >= 0.8)",
        ),
        Metric(
            "not_c_rate_ratio",
            "ratio",
            higher_is_better=True,
            needs_truth=False,
            description="lowest / highest not-C rate across groups (four-fifths rule: >= 0.8)",
        ),
        Metric(
            "big_small_account_pay_gap",
            "%",
            higher_is_better=None,
            needs_truth=False,
            description="(big - small account holders) mean total pay / small x 100",
        ),
        Metric(
            "tier1_tier3_pay_gap",
            "%",
            higher_is_better=None,
            needs_truth=False,
            description="(tier-1 - tier-3 region reps) mean total pay / tier-3 x 100",
        ),
        Metric(
            "new_business_account_manager_pay_gap",
            "%",
            higher_is_better=None,
            needs_truth=False,
            description="(new-business reps - account managers) mean total pay / account managers x 100",
        ),
    )
}

#: Metrics skipped (NaN, with a note) when outcomes carry no hidden truth.
NEEDS_TRUTH: tuple[str, ...] = tuple(n for n, m in FAIRNESS_METRICS.items() if m.needs_truth)


# ----------------------------------------------------------------------------- helpers


def skipped_metrics(outcomes: Outcomes) -> dict[str, str]:
    """Metric name -> why it is absent, for outcomes without hidden truth."""
    if outcomes.truth is not None:
        return {}
    return {name: _TRUTH_NOTE for name in NEEDS_TRUTH}


def row_correlation(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson correlation of each row of x with the same row of y (NaN if a row is flat)."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        r = (xc * yc).sum(axis=1) / np.sqrt((xc**2).sum(axis=1) * (yc**2).sum(axis=1))
    # exact test for a flat row: the centred values of a constant row are rounding noise
    flat = (np.ptp(x, axis=1) == 0) | (np.ptp(y, axis=1) == 0)
    return np.where(flat, np.nan, r)


def within_role_percentile(values: np.ndarray, roles: np.ndarray) -> np.ndarray:
    """Mid-rank percentile (0..1) of each rep among reps of the same role, per simulation.

    Ties share their average rank. Ranking within role keeps pay levels that policy sets
    by role from passing for merit.
    """
    out = np.empty(values.shape, dtype=float)
    for role in np.unique(roles):  # a few roles; vectorised across sims and reps
        columns = roles == role
        out[:, columns] = (rankdata(values[:, columns], axis=1) - 0.5) / columns.sum()
    return out


def per_review(values: np.ndarray, review_of_month: np.ndarray, n_reviews: int) -> np.ndarray:
    """Mean of a (sims, reps, periods) array over the months of each review period."""
    months = np.zeros((len(review_of_month), n_reviews))
    months[np.arange(len(review_of_month)), np.asarray(review_of_month, dtype=int)] = 1.0
    counts = months.sum(axis=0)
    with np.errstate(all="ignore"):
        return (values @ months) / counts


def gini(values: np.ndarray) -> np.ndarray:
    """Gini coefficient of each row (sims, reps): 0 equal pay, (n-1)/n one rep takes all."""
    x = np.sort(values, axis=1)
    n = x.shape[1]
    rank = np.arange(1, n + 1)
    total = x.sum(axis=1)
    with np.errstate(all="ignore"):
        return np.where(total > 0, 2.0 * (x * rank).sum(axis=1) / (n * total) - (n + 1) / n, np.nan)


def top_share(values: np.ndarray, top: float = 0.10) -> np.ndarray:
    """Share (%) of each row's total going to the ceil(top x n) best-paid reps."""
    k = max(1, math.ceil(top * values.shape[1] - 1e-9))
    x = np.sort(values, axis=1)[:, ::-1]
    total = x.sum(axis=1)
    with np.errstate(all="ignore"):
        return np.where(total > 0, 100.0 * x[:, :k].sum(axis=1) / total, np.nan)


def _masked_stat(values: np.ndarray, mask: np.ndarray, stat: str) -> np.ndarray:
    """Row-wise mean or median over the columns where mask is true (NaN if none)."""
    masked = np.where(mask, values, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # empty groups give NaN, by design
        return np.nanmean(masked, axis=1) if stat == "mean" else np.nanmedian(masked, axis=1)


def pay_gap(
    pay: np.ndarray,
    groups: np.ndarray,
    reference: str = "male",
    comparison: str = "female",
    stat: str = "mean",
    among: np.ndarray | None = None,
) -> np.ndarray:
    """Pay gap per simulation as % of the reference figure: (ref - cmp) / ref x 100.

    Positive means the comparison group (women, by default) is paid less. ``among`` (sims,
    reps) limits the comparison to some reps, e.g. those who received variable pay.
    """
    if stat not in ("mean", "median"):
        raise ValueError(f"pay gap statistic must be 'mean' or 'median', got {stat!r}")
    include = np.ones(pay.shape, dtype=bool) if among is None else among
    ref = _masked_stat(pay, include & (groups == reference)[None, :], stat)
    cmp = _masked_stat(pay, include & (groups == comparison)[None, :], stat)
    with np.errstate(all="ignore"):
        return np.where(ref != 0, 100.0 * (ref - cmp) / ref, np.nan)


#: Headcounts not divisible by four: UK reg. 13 asks for bands "so far as possible" equal;
#: employers' published methodologies (after the Acas / GEO guidance) put the leftover
#: employees in these bands (lower, lower middle, upper middle, upper).
_LEFTOVER_BANDS = {0: (0, 0, 0, 0), 1: (1, 0, 0, 0), 2: (1, 0, 1, 0), 3: (1, 1, 1, 0)}
QUARTILES: tuple[str, ...] = ("lower", "lower_middle", "upper_middle", "upper")


def quartile_band_sizes(n: int) -> np.ndarray:
    """Headcount of each quartile pay band: n // 4 each, leftovers by the UK guidance."""
    return n // 4 + np.array(_LEFTOVER_BANDS[n % 4])


def pay_quartile_counts(pay: np.ndarray, group_codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Headcount of each group in each equal-headcount quartile pay band, (sims, 4, groups).

    Reps are ranked by pay; bands hold :func:`quartile_band_sizes` reps from the bottom up.
    Reps with the same pay whose block straddles a band boundary are split so that every
    band's part of the block has the block's group mix (UK Regulations 2017, reg. 13(2)):
    counts can therefore be fractional.
    """
    sims, n = pay.shape
    order = np.argsort(pay, axis=1, kind="stable")
    sorted_pay = np.take_along_axis(pay, order, axis=1)
    sorted_group = group_codes[order]
    tolerance = 1e-9 * np.maximum(np.abs(sorted_pay[:, 1:]), 1.0)
    new_block = np.concatenate(
        [np.ones((sims, 1), dtype=bool), np.abs(np.diff(sorted_pay, axis=1)) > tolerance], axis=1
    )
    block = np.cumsum(new_block, axis=1) - 1 + (np.arange(sims) * n)[:, None]
    size = np.bincount(block.ravel(), minlength=sims * n)
    band = np.searchsorted(np.cumsum(quartile_band_sizes(n)), np.arange(n), side="right")
    counts = np.zeros((sims, 4, n_groups))
    for g in range(n_groups):  # a few groups; vectorised over sims and reps
        in_group = np.bincount(
            block.ravel(), weights=(sorted_group == g).ravel().astype(float), minlength=sims * n
        )
        with np.errstate(all="ignore"):
            share = (in_group / np.maximum(size, 1))[block]  # group share of each rep's block
        for b in range(4):
            counts[:, b, g] = share[:, band == b].sum(axis=1)
    return counts


def _labelled_groups(outcomes: Outcomes) -> tuple[np.ndarray, list[str]]:
    groups = outcomes.reps["group"].fillna("").astype(str).to_numpy()
    return groups, sorted(g for g in set(groups) if g)


def _ideal_grades(assigned: np.ndarray, skill: np.ndarray) -> np.ndarray:
    """The grades true skill would get under the same rule: in each simulation and review,
    reps sorted by skill receive the same numbers of S, A, B and C as were handed out."""
    reps = assigned.shape[1]
    counts = (assigned[..., None] == np.arange(4)).sum(axis=1)  # (sims, reviews, 4)
    bounds = np.cumsum(counts, axis=-1)  # positions where the next grade starts
    position = np.arange(reps)
    by_position = (position[None, None, :, None] >= bounds[:, :, None, :]).sum(axis=-1)
    by_position = np.minimum(by_position, 3).transpose(0, 2, 1)  # (sims, reps, reviews)
    order = np.argsort(-skill, axis=1, kind="stable")
    ideal = np.empty_like(by_position)
    np.put_along_axis(ideal, order, by_position, axis=1)
    return ideal


def _r_squared(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """R² of a no-intercept least-squares fit of centred y (sims, reps) on centred x
    (sims, reps, k), per simulation."""
    if x.shape[2] == 0:
        return np.zeros(y.shape[0])
    xtx = np.einsum("srk,srl->skl", x, x)
    xty = np.einsum("srk,sr->sk", x, y)
    beta = np.einsum("skl,sl->sk", np.linalg.pinv(xtx), xty)
    with np.errstate(all="ignore"):
        return (beta * xty).sum(axis=1) / (y**2).sum(axis=1)


def shapley_r_squared(y: np.ndarray, regressors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """LMG / Shapley decomposition of R²: each regressor's average gain in R² over all
    orders of entry. The parts add up to the full model's R². Inputs must be centred."""
    names = list(regressors)
    p = len(names)
    r2 = {}
    for size in range(p + 1):
        for subset in itertools.combinations(range(p), size):
            x = (
                np.stack([regressors[names[i]] for i in subset], axis=2)
                if subset
                else (np.zeros((*y.shape, 0)))
            )
            r2[subset] = _r_squared(y, x)
    parts = {}
    for j, name in enumerate(names):
        others = [i for i in range(p) if i != j]
        total = np.zeros(y.shape[0])
        for size in range(p):
            weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for subset in itertools.combinations(others, size):
                total = total + weight * (r2[tuple(sorted((*subset, j)))] - r2[subset])
        parts[name] = total
    return parts


def _centre_within(values: np.ndarray, roles: np.ndarray) -> np.ndarray:
    out = values.astype(float).copy()
    for role in np.unique(roles):
        columns = roles == role
        out[:, columns] -= out[:, columns].mean(axis=1, keepdims=True)
    return out


# ----------------------------------------------------------------------------- metrics


def truth_metrics(
    result: PlanResultLike,
    outcomes: Outcomes,
    skill_tolerance: float = 0.1,
    totals: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Per-simulation draws of every metric in :data:`NEEDS_TRUTH`; NaN without truth.
    ``totals`` is ``rep_totals(result)`` when the caller has it already."""
    sims = outcomes.n_simulations
    if outcomes.truth is None:
        return {name: np.full(sims, np.nan) for name in NEEDS_TRUTH}
    roles = outcomes.reps["role"].to_numpy()
    totals = totals or rep_totals(result)
    skill = outcomes.truth["skill"]
    skill_rep = skill.mean(axis=2)
    skill_rank = within_role_percentile(skill_rep, roles)
    out: dict[str, np.ndarray] = {}
    mean_grade_points = -np.asarray(result.grades, dtype=float).mean(axis=2)  # S best
    for name, values in (
        ("merit_alignment_pay", totals["total"]),
        ("merit_alignment_variable_pay", totals["variable"]),
        ("merit_alignment_grade", mean_grade_points),
    ):
        out[name] = row_correlation(within_role_percentile(values, roles), skill_rank)

    # Luck share: LMG decomposition of within-role pay variance.
    luck = shapley_r_squared(
        _centre_within(totals["total"], roles),
        {
            "skill": _centre_within(skill_rep, roles),
            "territory_potential": _centre_within(
                outcomes.truth["territory_potential"].mean(axis=2), roles
            ),
            "big_account_share": _centre_within(
                outcomes.truth["big_account_share"].mean(axis=2), roles
            ),
        },
    )
    luck_part = luck["territory_potential"] + luck["big_account_share"]
    explained = luck_part + luck["skill"]
    with np.errstate(all="ignore"):
        out["luck_share"] = np.where(explained > 0, 100.0 * luck_part / explained, np.nan)
    out["luck_variance_share"] = 100.0 * luck_part
    out["skill_variance_share"] = 100.0 * luck["skill"]

    grades = np.asarray(result.grades)
    n_reviews = grades.shape[2]
    skill_review = per_review(skill, np.asarray(result.review_of_month), n_reviews)
    ideal = _ideal_grades(grades, skill_review)
    out["grade_accuracy"] = 100.0 * (grades == ideal).mean(axis=(1, 2))
    above_median = skill_review > np.median(skill_review, axis=1, keepdims=True)
    is_c = grades == GRADE_C
    with np.errstate(all="ignore"):
        out["false_c_rate"] = 100.0 * (is_c & above_median).sum(axis=(1, 2)) / is_c.sum(axis=(1, 2))
    c_twice = _c_twice(result, outcomes)
    out["wrongful_exits"] = (
        100.0 * (c_twice & above_median[:, :, 1:]).sum(axis=(1, 2)) / (outcomes.n_reps)
    )
    out["horizontal_equity_cv"] = horizontal_equity(totals["total"], skill_rank, roles)
    same = _same_person_between_reviews(result, outcomes)
    steady = same & (np.abs(np.diff(skill_review, axis=2)) <= skill_tolerance)
    changed = np.diff(grades.astype(int), axis=2) != 0
    with np.errstate(all="ignore"):
        out["grade_change_rate"] = (
            100.0 * (changed & steady).sum(axis=(1, 2)) / steady.sum(axis=(1, 2))
        )
    return out


def _last_month_of_review(result: PlanResultLike, n_reviews: int) -> np.ndarray:
    review = np.asarray(result.review_of_month, dtype=int)
    months = np.arange(len(review))
    return np.array([months[review == r].max() for r in range(n_reviews)])


def _same_person_between_reviews(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """(sims, reps, reviews - 1): the seat holds the same person at the end of review r
    and r + 1 (always true when outcomes carry no person_id)."""
    n_reviews = np.asarray(result.grades).shape[2]
    shape = (outcomes.n_simulations, outcomes.n_reps, max(n_reviews - 1, 0))
    if "person_id" not in outcomes.measures:
        return np.ones(shape, dtype=bool)
    person = outcomes.measures["person_id"][:, :, _last_month_of_review(result, n_reviews)]
    return np.diff(person, axis=2) == 0


def _c_twice(result: PlanResultLike, outcomes: Outcomes) -> np.ndarray:
    """(sims, reps, reviews - 1): C in review r and r + 1 for the same person."""
    is_c = np.asarray(result.grades) == GRADE_C
    return is_c[:, :, 1:] & is_c[:, :, :-1] & _same_person_between_reviews(result, outcomes)


def horizontal_equity(pay: np.ndarray, skill_rank: np.ndarray, roles: np.ndarray) -> np.ndarray:
    """Headcount-weighted mean coefficient of variation of pay within cells of reps with
    the same role and true-skill quintile (quintiles of the within-role skill percentile),
    per simulation. Cells with fewer than two reps are left out."""
    sims = pay.shape[0]
    role_codes = pd.factorize(roles, sort=True)[0]
    quintile = np.minimum((skill_rank * 5).astype(int), 4)
    n_cells = (role_codes.max() + 1) * 5
    cell = (role_codes[None, :] * 5 + quintile) + (np.arange(sims) * n_cells)[:, None]
    count = np.bincount(cell.ravel(), minlength=sims * n_cells).reshape(sims, n_cells)
    total = np.bincount(cell.ravel(), weights=pay.ravel(), minlength=sims * n_cells)
    squares = np.bincount(cell.ravel(), weights=(pay**2).ravel(), minlength=sims * n_cells)
    total, squares = total.reshape(sims, n_cells), squares.reshape(sims, n_cells)
    with np.errstate(all="ignore"):
        mean = total / count
        std = np.sqrt(np.maximum(squares / count - mean**2, 0.0))
        cv = np.where((count >= 2) & (mean > 0), std / mean, 0.0)
        weight = np.where((count >= 2) & (mean > 0), count, 0)
        return (cv * weight).sum(axis=1) / weight.sum(axis=1)


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


def comparison_sides(outcomes: Outcomes) -> dict[str, tuple[str, str, np.ndarray, np.ndarray]]:
    """The brief's fairness worries: name -> (first label, second label, first mask,
    second mask), masks (sims, reps)."""
    sims = outcomes.n_simulations
    tier = pd.to_numeric(outcomes.reps["region_tier"], errors="coerce").to_numpy()
    role = outcomes.reps["role"].to_numpy()
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


def grade_rates(grades: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """S-rate and C-rate (%) among the rep-reviews of the reps in mask (sims, reps)."""
    weight = mask[:, :, None].astype(float)
    n = weight.sum(axis=(1, 2)) * grades.shape[2]
    with np.errstate(all="ignore"):
        s = 100.0 * ((grades == GRADE_S) * weight).sum(axis=(1, 2)) / n
        c = 100.0 * ((grades == GRADE_C) * weight).sum(axis=(1, 2)) / n
    return s, c


def fairness_draws(
    result: PlanResultLike,
    outcomes: Outcomes,
    reference: str = "male",
    comparison: str = "female",
    skill_tolerance: float = 0.1,
    totals: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Every metric in :data:`FAIRNESS_METRICS` per simulation (index ``simulation``).
    Truth metrics are NaN on real data; gaps are NaN when a group has no reps."""
    totals = totals or rep_totals(result)
    grades = np.asarray(result.grades)
    out = truth_metrics(result, outcomes, skill_tolerance, totals)
    out["c_twice"] = 100.0 * _c_twice(result, outcomes).sum(axis=(1, 2)) / outcomes.n_reps
    out["gini_total_pay"] = gini(totals["total"])
    out["gini_variable_pay"] = gini(totals["variable"])
    out["top10_share_variable_pay"] = top_share(totals["variable"], 0.10)
    groups, labels = _labelled_groups(outcomes)
    out["gender_pay_gap_mean"] = pay_gap(totals["total"], groups, reference, comparison, "mean")
    out["gender_pay_gap_median"] = pay_gap(totals["total"], groups, reference, comparison, "median")
    received = totals["variable"] > 0
    out["variable_pay_gap_mean"] = pay_gap(
        totals["variable"], groups, reference, comparison, "mean", among=received
    )
    out["variable_pay_gap_median"] = pay_gap(
        totals["variable"], groups, reference, comparison, "median", among=received
    )
    rates = [grade_rates(grades, np.broadcast_to(groups == g, received.shape)) for g in labels]
    sims = outcomes.n_simulations
    if len(labels) >= 2:
        s_rates = np.stack([r[0] for r in rates], axis=1)
        not_c = 100.0 - np.stack([r[1] for r in rates], axis=1)
        with np.errstate(all="ignore"):
            out["s_rate_ratio"] = s_rates.min(axis=1) / s_rates.max(axis=1)
            out["not_c_rate_ratio"] = not_c.min(axis=1) / not_c.max(axis=1)
    else:
        out["s_rate_ratio"] = out["not_c_rate_ratio"] = np.full(sims, np.nan)
    for name, (_, _, first, second) in comparison_sides(outcomes).items():
        out[f"{name}_pay_gap"] = _mean_gap(totals["total"], first, second)
    table = pd.DataFrame({name: out[name] for name in FAIRNESS_METRICS})
    table.index.name = "simulation"
    return table


def skill_adjusted_gap(
    pay: np.ndarray, skill: np.ndarray, roles: np.ndarray, first: np.ndarray, second: np.ndarray
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

    def centred(values: np.ndarray) -> np.ndarray:
        out = np.zeros(values.shape)
        for role in np.unique(roles):  # a few roles; vectorised over sims and reps
            w = inside * (roles == role)[None, :]
            with np.errstate(all="ignore"):
                mean = (values * w).sum(axis=1, keepdims=True) / w.sum(axis=1, keepdims=True)
            out += np.nan_to_num((values - mean) * w)
        return out

    x = np.stack([centred(skill), centred(indicator)], axis=2)
    y = centred(pay)
    xtx = np.einsum("srk,srl->skl", x, x)
    beta = np.einsum("skl,sl->sk", np.linalg.pinv(xtx), np.einsum("srk,sr->sk", x, y))
    second_mean = _masked_stat(pay, second, "mean")
    with np.errstate(all="ignore"):
        return np.where(second_mean != 0, 100.0 * beta[:, 1] / second_mean, np.nan)


def _mean_gap(pay: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    a = _masked_stat(pay, first, "mean")
    b = _masked_stat(pay, second, "mean")
    with np.errstate(all="ignore"):
        return np.where(b != 0, 100.0 * (a - b) / b, np.nan)


# ----------------------------------------------------------------------------- tables


def _stats_columns(draws: np.ndarray) -> dict[str, np.ndarray]:
    return monte_carlo_summary(np.asarray(draws, dtype=float))


def pay_equity_table(
    result: PlanResultLike,
    outcomes: Outcomes,
    reference: str = "male",
    comparison: str = "female",
) -> pd.DataFrame:
    """EU Directive 2023/970 Art. 9(1)(a)-(e),(g) / UK 2017 Regulations pay-gap figures,
    for all reps and for each role (the Directive's categories of workers).

    Columns: ``category`` (``all`` or a role), ``measure`` (gender_pay_gap_mean/_median,
    variable_pay_gap_mean/_median, fixed_pay_gap_mean in % of the male figure; variable_pay_receipt_<group> in
    % of the group), ``unit``, ``reference_reps``, ``comparison_reps``, ``mean, p5, p50,
    p95``, ``flag_5pct`` (gap measures whose Monte Carlo mean is 5% or more either way).
    """
    totals = rep_totals(result)
    groups, _ = _labelled_groups(outcomes)
    roles = outcomes.reps["role"].to_numpy()
    received = totals["variable"] > 0
    rows = []
    for category in ["all", *sorted(set(roles))]:
        in_category = np.ones(len(roles), dtype=bool) if category == "all" else roles == category
        scope = np.broadcast_to(in_category, received.shape)
        measures = {
            "gender_pay_gap_mean": pay_gap(
                totals["total"], groups, reference, comparison, "mean", among=scope
            ),
            "gender_pay_gap_median": pay_gap(
                totals["total"], groups, reference, comparison, "median", among=scope
            ),
            "variable_pay_gap_mean": pay_gap(
                totals["variable"], groups, reference, comparison, "mean", among=scope & received
            ),
            "variable_pay_gap_median": pay_gap(
                totals["variable"], groups, reference, comparison, "median", among=scope & received
            ),
            # Art. 9(1)(g): the ordinary basic wage separately from the variable part
            "fixed_pay_gap_mean": pay_gap(
                totals["fixed"], groups, reference, comparison, "mean", among=scope
            ),
        }
        for group in (reference, comparison):
            members = scope & (groups == group)[None, :]
            with np.errstate(all="ignore"):
                measures[f"variable_pay_receipt_{group}"] = (
                    100.0 * (members & received).sum(axis=1) / members.sum(axis=1)
                )
        for measure, draws in measures.items():
            stats = _stats_columns(draws)
            is_gap = "gap" in measure
            rows.append(
                {
                    "category": category,
                    "measure": measure,
                    "unit": "% of male" if is_gap else "% of group",
                    "reference_reps": int((in_category & (groups == reference)).sum()),
                    "comparison_reps": int((in_category & (groups == comparison)).sum()),
                    **{k: float(v) for k, v in stats.items()},
                    "flag_5pct": bool(is_gap and abs(stats["mean"]) >= GAP_FLAG_PCT),
                }
            )
    return pd.DataFrame(rows)


def pay_quartile_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """Share of each group in each quartile pay band of total pay (EU Art. 9(1)(f); UK
    reg. 13), among reps with a group label.

    Columns: ``quartile`` (lower, lower_middle, upper_middle, upper), ``group``,
    ``band_reps`` (headcount of the band), ``mean, p5, p50, p95`` (% of the band).
    """
    groups, labels = _labelled_groups(outcomes)
    labelled = groups != ""
    if not labels:
        return pd.DataFrame(columns=["quartile", "group", "band_reps", "mean", "p5", "p50", "p95"])
    codes = np.searchsorted(labels, groups[labelled])
    pay = rep_totals(result)["total"][:, labelled]
    counts = pay_quartile_counts(pay, codes, len(labels))
    sizes = quartile_band_sizes(int(labelled.sum()))
    rows = []
    for b, quartile in enumerate(QUARTILES):
        for g, group in enumerate(labels):
            with np.errstate(all="ignore"):
                share = 100.0 * counts[:, b, g] / sizes[b]
            stats = _stats_columns(share)
            rows.append(
                {
                    "quartile": quartile,
                    "group": group,
                    "band_reps": int(sizes[b]),
                    **{k: float(v) for k, v in stats.items()},
                }
            )
    return pd.DataFrame(rows)


def grade_parity_table(result: PlanResultLike, outcomes: Outcomes) -> pd.DataFrame:
    """S-rate and C-rate per group, and the four-fifths rule across groups.

    Columns: ``group`` (each label, then ``lowest/highest``), ``measure`` (s_rate,
    c_rate in % of the group's rep-reviews; for the ratio row s_rate_ratio and
    not_c_rate_ratio), ``reps``, ``mean, p5, p50, p95``, ``four_fifths_fail`` (ratio
    rows whose Monte Carlo mean is below 0.8).
    """
    grades = np.asarray(result.grades)
    groups, labels = _labelled_groups(outcomes)
    sims = grades.shape[0]
    rows = []
    s_all, c_all = [], []
    for group in labels:
        mask = np.broadcast_to(groups == group, (sims, len(groups)))
        s, c = grade_rates(grades, mask)
        s_all.append(s)
        c_all.append(c)
        for measure, draws in (("s_rate", s), ("c_rate", c)):
            rows.append(
                {
                    "group": group,
                    "measure": measure,
                    "reps": int((groups == group).sum()),
                    **{k: float(v) for k, v in _stats_columns(draws).items()},
                    "four_fifths_fail": False,
                }
            )
    if len(labels) >= 2:
        s_rates, not_c = np.stack(s_all, axis=1), 100.0 - np.stack(c_all, axis=1)
        with np.errstate(all="ignore"):
            ratios = {
                "s_rate_ratio": s_rates.min(axis=1) / s_rates.max(axis=1),
                "not_c_rate_ratio": not_c.min(axis=1) / not_c.max(axis=1),
            }
        for measure, draws in ratios.items():
            stats = _stats_columns(draws)
            rows.append(
                {
                    "group": "lowest/highest",
                    "measure": measure,
                    "reps": int((groups != "").sum()),
                    **{k: float(v) for k, v in stats.items()},
                    "four_fifths_fail": bool(stats["mean"] < FOUR_FIFTHS),
                }
            )
    return pd.DataFrame(rows)


def _mean_or_nan(draws: np.ndarray) -> float:
    """Monte Carlo mean of the finite draws, NaN when there are none (an empty side)."""
    finite = draws[np.isfinite(draws)]
    return float(finite.mean()) if finite.size else np.nan


def _first_only(draws: np.ndarray, side: str) -> float:
    return _mean_or_nan(draws) if side == "first" else np.nan


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
        attainment = 100.0 * (np.asarray(result.attainment) * quota).sum(axis=2) / quota.sum(axis=2)
    skill = None if outcomes.truth is None else outcomes.truth["skill"].mean(axis=2)
    roles = outcomes.reps["role"].to_numpy()
    rows = []
    for name, (first_label, second_label, first, second) in comparison_sides(outcomes).items():
        gap = _mean_gap(totals["total"], first, second)
        adjusted_gap = np.full(gap.shape, np.nan)
        if skill is not None:
            # a comparison of roles cannot hold role fixed: adjust for skill alone there
            by_role = name != "new_business_account_manager"
            groups = roles if by_role else np.zeros(len(roles))
            adjusted_gap = skill_adjusted_gap(totals["total"], skill, groups, first, second)
        for side, label, mask in (("first", first_label, first), ("second", second_label, second)):
            s, c = grade_rates(grades, mask)

            def mean_of(values: np.ndarray, mask: np.ndarray = mask) -> float:
                return _mean_or_nan(_masked_stat(values, mask, "mean"))

            rows.append(
                {
                    "comparison": name,
                    "side": side,
                    "label": label,
                    "reps": float(mask.sum(axis=1).mean()),
                    "total_pay": mean_of(totals["total"]),
                    "variable_pay": mean_of(totals["variable"]),
                    "attainment_pct": mean_of(attainment),
                    "s_rate": _mean_or_nan(s),
                    "c_rate": _mean_or_nan(c),
                    "skill": np.nan if skill is None else mean_of(skill),
                    "pay_gap_pct": _first_only(gap, side),
                    "skill_adjusted_pay_gap_pct": _first_only(adjusted_gap, side),
                }
            )
    return pd.DataFrame(rows)
