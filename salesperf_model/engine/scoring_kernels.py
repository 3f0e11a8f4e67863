"""A KPI's points from its period sums in one compiled pass, without its actual and
target arrays.

``scoring.score`` built each KPI's actual (a ratio, a mean, ...) and its target as whole
(simulations, reps, reviews) arrays, then scored them: about six passes and as many
temporaries per KPI, and a role lookup per KPI, though only the points are read unless
the KPI records are asked for. This loop takes the numerator's and denominator's sums
per review period (``PeriodSums``, shared by the KPIs), works out each cell's actual and
target with the same float operations in the same order as ``kpi_actual`` and
``kpi_target``, and scores it with ``score_kernels``' rule, so the points are bit for
bit those of ``kpi_points``. Reps whose role does not weight the KPI get 0 points
unread.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine import scoring
from salesperf_model.engine.period_sums import PeriodSums
from salesperf_model.engine.score_kernels import _share
from salesperf_model.engine.scoring_setup import RATERS
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import KpiDefinition, KpiRule, Scenario
from salesperf_model.seat_labels import SeatLabels

#: Aggregations the loop computes (``kind``): the actual per review period from the
#: numerator sum N, denominator sum D and the months M of the period.
SUM, RATIO, RETENTION, MEAN, PER_HEAD = 0, 1, 2, 3, 4


@compiled
def kpi_points_of_sums(
    numerator,
    denominator,
    quota,
    *,
    kind,
    months,
    heads,
    quota_target,
    target_values,
    target_months,
    weights,
    cap,
    floor,
    lower,
    band_at,
    band_share,
    bands,
    points,
    total,
    kept,
):
    """Fill ``points`` (sims, reps, reviews) = weight x share for one KPI and add them
    to ``total``, from its numerator's and denominator's sums per review period
    (``PeriodSums``), the quota's sum for a ``quota`` target (else any array), the
    calendar ``months`` of each review period and each rep's region ``heads`` (per-head
    KPIs): the actual by ``kind``, the target as ``quota sum (per head) x value`` or
    ``value x target_months``. Without ``kept`` the points go to ``total`` alone
    (``points`` is left as it was: a review reads the sums only).

    A rep whose role does not weight the KPI scores ``weight x 0`` (a zero) and is
    skipped: adding a zero leaves ``total`` as it was, provided it holds no -0.0 (a sum
    begun at +0.0 never does: x + y is -0.0 only when both are)."""
    sims, reps, periods = total.shape
    for s in range(sims):
        for r in range(reps):
            weight = weights[r]
            if weight == 0:
                if kept:
                    for p in range(periods):
                        points[s, r, p] = weight * 0.0
                continue
            for p in range(periods):
                summed = numerator[s, r, p]
                if kind == SUM:
                    actual = summed
                elif kind == MEAN:
                    actual = summed / months[p]
                elif kind == PER_HEAD:
                    actual = summed / heads[r]
                else:
                    below = denominator[s, r, p]
                    actual = summed / below if below > 0 else 0.0
                    if kind == RETENTION:
                        actual = 1.0 - actual
                if quota_target and kind == PER_HEAD:
                    target = (quota[s, r, p] / heads[r]) * target_values[r]
                elif quota_target:
                    target = quota[s, r, p] * target_values[r]
                else:
                    target = target_values[r] * target_months[p]
                share = _share(actual, target, lower, cap[r], floor[r], band_at, band_share, bands)
                value = weight * share
                if kept:
                    points[s, r, p] = value
                total[s, r, p] += value


@compiled
def weighted_period_sums(measures, coefficients, divisor, *, of_month, sums):
    """``sums`` (sims, reps, reviews): each review period's sum of the months'
    ``(c0 * m0 + c1 * m1 + ...) / divisor`` (a 360 rating from its raters' ratings),
    the numpy expression and ``PeriodGroups.sum`` in one pass: the months are added in
    order from 0, and a NaN or inf month spills into every period as its ``x * 0``
    does in the matrix product."""
    sims, reps, periods = sums.shape
    for s in range(sims):
        for r in range(reps):
            for p in range(periods):
                sums[s, r, p] = 0.0
            for k in range(of_month.size):
                value = coefficients[0] * measures[0][s, r, k]
                for i in range(1, len(measures)):
                    value = value + coefficients[i] * measures[i][s, r, k]
                value = value / divisor
                if np.isfinite(value):
                    sums[s, r, of_month[k]] += value
                else:
                    for p in range(periods):
                        sums[s, r, p] += value * (1.0 if p == of_month[k] else 0.0)


def rating_sums(outcomes: Outcomes, scenario: Scenario, sums: PeriodSums) -> np.ndarray | None:
    """The combined 360 rating summed over each review period (``kpi_actual``'s before
    its division by the months), or None for ratings not stored as float."""
    weights = scenario.scoring.rater_weights
    ratings = [outcomes.get(name) for name in RATERS]
    if any(r.dtype != np.float64 for r in ratings):
        return None
    if len({(r.flags.c_contiguous, r.flags.writeable) for r in ratings}) > 1:
        ratings = [np.array(r, order="C") for r in ratings]  # one array type for the tuple
    coefficients = [weights.manager, weights.customer, weights.peer, weights.self_rating]
    sims, reps, _ = ratings[0].shape
    out = np.empty((sims, reps, len(sums.reviews.starts)))
    of_month = np.ascontiguousarray(sums.reviews.of_month, dtype=np.int64)
    weighted_period_sums(
        tuple(ratings), np.array(coefficients, float), 100.0, of_month=of_month, sums=out
    )
    return out


#: ``kind`` of each aggregation the loop computes (a 360 rating is a mean of the
#: weighted ratings).
KINDS = {
    "sum": SUM,
    "ratio": RATIO,
    "retention": RETENTION,
    "mean": MEAN,
    "rating_360": MEAN,
    "per_head": PER_HEAD,
}


def points_of_sums(
    kpi: KpiDefinition,
    rule: KpiRule,
    outcomes: Outcomes,
    *,
    scenario: Scenario,
    sums: PeriodSums,
    roles: SeatLabels,
    weights: np.ndarray,
    total: np.ndarray,
    points: np.ndarray | None = None,
) -> np.ndarray | None:
    """The KPI's points, (sims, reps, reviews), as ``kpi_points`` gives them on
    ``kpi_actual`` and ``kpi_target``, from the period sums in one compiled pass, added
    to ``total`` (begun at +0.0: see ``kpi_points_of_sums``); None for the KPIs it does
    not cover (growth, seats held part of a period). ``points``: a scratch array standing
    in for them when they are not read (only ``total`` is): then left unwritten."""
    kind = KINDS.get(kpi.aggregation)  # None: growth
    if kind is None or sums.share is not None:
        return None
    regional = kpi.scope == "region" or kind == PER_HEAD
    rating = kpi.aggregation == "rating_360"
    collected = scenario.population.quota.basis == "collected"
    numerator = kpi.numerator
    if rating:
        numerator = RATERS
    elif kpi.aggregation == "ratio" and kpi.collected_numerator and collected:
        numerator = kpi.collected_numerator  # attainment on the quota's own basis
    denominator = kpi.denominator if kpi.aggregation in ("ratio", "retention") else ()
    target = rule.target
    by_quota = (target.kind if target is not None else kpi.target_kind) == "quota"
    months = np.asarray(sums.reviews.months, dtype=float)
    cap, floor = rule.limits(scenario.scoring.cap, scenario.scoring.floor)
    bands = rule.rule == "bands"
    reps = outcomes.n_reps
    parameters = {
        "months": months,
        "heads": scoring.region_heads(outcomes) if kind == PER_HEAD else np.ones(reps),
        "target_values": scoring.target_values(kpi, target, outcomes, roles=roles),
        "target_months": months if kpi.is_flow else np.ones(len(months)),
        "weights": np.ascontiguousarray(weights, dtype=float),
        "cap": scoring.rep_limits(
            rule.cap_by_role, np.inf if cap is None else cap, roles=roles, reps=reps
        ),
        "floor": scoring.rep_limits(rule.floor_by_role, floor, roles=roles, reps=reps),
        "band_at": np.array([b.at_least for b in rule.bands] if bands else [], dtype=float),
        "band_share": np.array([b.share for b in rule.bands] if bands else [], dtype=float),
    }
    if rating:
        summed = None if regional else rating_sums(outcomes, scenario, sums)
        if summed is None:
            summed = scoring.kpi_actual(kpi, outcomes, sums.reviews, scenario=scenario, sums=sums)
            kind = KINDS["sum"]  # the mean itself
    else:
        summed = sums(numerator, regional)
    kept = points is None
    points = np.empty(total.shape) if kept else points
    kpi_points_of_sums(
        summed,
        sums(denominator, regional) if denominator else summed,
        sums(("quota",), regional) if by_quota else summed,
        kind=kind,
        quota_target=by_quota,
        lower=kpi.direction == "lower",
        bands=bands,
        points=points,
        total=total,
        kept=kept,
        **parameters,
    )
    return points
