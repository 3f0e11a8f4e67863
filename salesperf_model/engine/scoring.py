"""KPI scoring: each rep's points per KPI and review period, from monthly outcomes.

Rules (one place, stated):

- **Review periods** are calendar-aligned when month labels read ``YYYY-MM`` (quarters are
  Jan-Mar..., half years Jan-Jun and Jul-Dec), else consecutive blocks of months from the
  first one. A **partial period** (the data ends, or starts, inside it) is scored on the
  months it has: flows are summed over those months and their per-month targets scaled
  by the number of months present, so a two-month quarter is judged on two months.
- **Points** = weight x clip(actual / target, floor, cap) for the ``ratio`` rule (100
  points = every KPI exactly at target); a rule's ``cap_by_role`` / ``floor_by_role``
  replace the cap and floor for reps of the roles they name. Lower-is-better KPIs use target / actual; an
  actual of 0 is the best possible: the cap when one is set, 1.0 (at target) when
  uncapped. The ``bands`` rule pays the share of the highest band whose ``at_least`` the
  (unclipped) ratio reaches, 0 below the lowest band; an actual of 0 on a lower-is-better
  KPI reaches every band. A target of 0 (a quota target for a rep with no quota) scores
  the floor.
- **Targets**: ``quota`` = the rep's quota summed over the period x value (the region's
  quota for region-scope KPIs; per head for ``revenue_per_head``); ``fixed`` = value per
  month x months in the period for flows, as-is otherwise; ``per_rep`` = the rep's value
  from ``per_rep`` (else ``value``), scaled like ``fixed``. ``by_role`` replaces ``value``
  for reps of the roles it names (a ``per_rep`` entry wins over it).
- **Ratios** with a zero denominator read 0 (nothing to rate: e.g. conversion with no
  visits); **retention** with no customers reads 1. **Growth** is this review period's sum
  over the previous one's, minus 1; the first review period (and any period whose
  previous sum is 0 or less) is scored at target; growth / target below 0 scores the floor.
- **Region-scope KPIs** (regional managers) are computed on the sums over every seat of
  the rep's region (``region_market_size``, which every seat carries, is averaged).
  ``per_head`` divides by the seats in the region other than regional managers (all
  seats if there are none).
- **360 ratings** are the monthly ratings combined by the plan's rater weights, averaged
  over the months of the period.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from salesperf_model.engine.period_sums import PeriodSums
from salesperf_model.engine.periods import PeriodGroups, fiscal_start, period_groups, unit_sum
from salesperf_model.engine.records import KpiRecord
from salesperf_model.engine.scoring_setup import region_heads, scored_weights, unscorable_kpis
from salesperf_model.engine.seats import ratio
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import (
    KPI_CATALOG,
    KpiDefinition,
    KpiRule,
    KpiTarget,
    Scenario,
)
from salesperf_model.seat_labels import SeatLabels, labels_of, seat_labels


def kpi_actual(
    kpi: KpiDefinition,
    outcomes: Outcomes,
    reviews: PeriodGroups,
    *,
    scenario: Scenario,
    sums: PeriodSums | None = None,
) -> np.ndarray:
    """A KPI's actual value per review period, (sims, reps, reviews). Growth KPIs return
    NaN where no growth can be measured (scored at target)."""
    sums = sums or PeriodSums(outcomes, reviews)
    regional = kpi.scope == "region" or kpi.aggregation == "per_head"

    def period_sum(measures: tuple[str, ...]) -> np.ndarray:
        return sums(measures, regional)

    if kpi.aggregation == "sum":
        return period_sum(kpi.numerator)
    if kpi.aggregation == "ratio":
        numerator = kpi.numerator
        if kpi.collected_numerator and scenario.population.quota.basis == "collected":
            numerator = kpi.collected_numerator  # attainment on the quota's own basis
        return ratio(period_sum(numerator), period_sum(kpi.denominator))
    if kpi.aggregation == "retention":
        lost = ratio(period_sum(kpi.numerator), period_sum(kpi.denominator))
        return 1.0 - lost
    if kpi.aggregation == "mean":
        if regional:
            return period_sum(kpi.numerator) / reviews.months
        return sums.held(kpi.numerator) / sums.months_held()
    if kpi.aggregation == "rating_360":
        weights = scenario.scoring.rater_weights
        combined = (
            weights.manager * outcomes.get("rating_manager")
            + weights.customer * outcomes.get("rating_customer")
            + weights.peer * outcomes.get("rating_peer")
            + weights.self_rating * outcomes.get("rating_self")
        ) / 100.0
        if regional:
            summed = unit_sum(reviews.sum(combined), sums.codes, len(sums.names))
            return summed / reviews.months
        if sums.share is not None:
            combined = combined * sums.share
        return reviews.sum(combined) / sums.months_held()
    if kpi.aggregation == "growth":
        current = period_sum(kpi.numerator)
        previous = np.concatenate([np.full_like(current[..., :1], np.nan), current[..., :-1]], -1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(previous > 0, current / previous - 1.0, np.nan)
    if kpi.aggregation == "per_head":
        return period_sum(kpi.numerator) / region_heads(outcomes)[None, :, None]
    raise ValueError(f"KPI {kpi.name!r}: unknown aggregation {kpi.aggregation!r}")


def kpi_target(
    kpi: KpiDefinition,
    target: KpiTarget | None,
    outcomes: Outcomes,
    *,
    reviews: PeriodGroups,
    sums: PeriodSums | None = None,
) -> np.ndarray:
    """A KPI's target per review period, broadcastable to (sims, reps, reviews)."""
    sums = sums or PeriodSums(outcomes, reviews)
    kind = target.kind if target is not None else kpi.target_kind
    values = target_values(kpi, target, outcomes)
    if kind == "quota":
        regional = kpi.scope == "region" or kpi.aggregation == "per_head"
        quota = sums.held(("quota",), regional)
        if regional and kpi.aggregation == "per_head":
            quota = quota / region_heads(outcomes)[None, :, None]
        return quota * values[None, :, None]
    if not kpi.is_flow:
        return values[None, :, None] * np.ones(len(reviews.months))[None, None, :]
    regional = kpi.scope == "region" or kpi.aggregation == "per_head"
    months = reviews.months[None, None, :] if regional else sums.months_held()
    return values[None, :, None] * months


def target_values(
    kpi: KpiDefinition,
    target: KpiTarget | None,
    outcomes: Outcomes,
    *,
    roles: SeatLabels | None = None,
) -> np.ndarray:
    """Each rep's target value (per month for flows; a share of quota for ``quota``)."""
    kind = target.kind if target is not None else kpi.target_kind
    value = target.value if target is not None else kpi.default_target
    values = np.full(outcomes.n_reps, value, dtype=float)
    if target is not None and target.by_role:
        roles = roles if roles is not None else seat_labels(outcomes.reps, "role")
        values = role_values(target.by_role, value, roles)
    if kind == "per_rep" and target is not None and target.per_rep:
        rep_ids = outcomes.reps["rep_id"].astype(str)
        mapped = rep_ids.map(target.per_rep).to_numpy(dtype=float)
        values = np.where(np.isnan(mapped), values, mapped)
    return values


def kpi_score(
    kpi: KpiDefinition,
    rule: KpiRule,
    actual: np.ndarray,
    *,
    target: np.ndarray,
    scenario: Scenario,
    roles: np.ndarray | SeatLabels | None = None,
) -> np.ndarray:
    """Share of the KPI's weight earned (1.0 = at target), in ``actual``'s shape
    (sims, reps, reviews). ``roles`` (each rep's role, along ``actual``'s reps) applies
    the rule's per-role caps and floors."""
    actual = np.asarray(actual, dtype=float)
    cells = actual  # any other shape is scored as one row of reps
    if actual.ndim != 3:
        cells = actual.reshape(1, -1, 1)
        target = np.broadcast_to(target, actual.shape).reshape(cells.shape)
    shares, _ = kpi_points(
        kpi,
        rule,
        cells,
        target=target,
        scenario=scenario,
        roles=roles,
        weights=np.ones(cells.shape[1]),
    )
    return shares.reshape(actual.shape)


def kpi_points(
    kpi: KpiDefinition,
    rule: KpiRule,
    actual: np.ndarray,
    *,
    target: np.ndarray,
    scenario: Scenario,
    roles: np.ndarray | SeatLabels | None,
    weights: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(share of weight earned, points = weight x share), each (sims, reps, reviews), for
    the reps with a ``weights`` entry other than 0 (0 elsewhere). The share is actual /
    target (target / actual for lower-is-better KPIs; at target where a growth KPI has no
    previous period) clipped to [floor, cap], or the share of the highest band reached.
    Computed cell by cell in ``score_kernels``."""
    from salesperf_model.engine.score_kernels import shares_and_points  # numba: on first use

    cap, floor = rule.limits(scenario.scoring.cap, scenario.scoring.floor)
    reps = actual.shape[1]
    bands = rule.rule == "bands"
    shares, points = np.empty(actual.shape), np.empty(actual.shape)
    shares_and_points(
        actual,
        np.broadcast_to(np.asarray(target, dtype=float), actual.shape),
        np.ascontiguousarray(weights, dtype=float),
        cap=rep_limits(rule.cap_by_role, np.inf if cap is None else cap, roles=roles, reps=reps),
        floor=rep_limits(rule.floor_by_role, floor, roles=roles, reps=reps),
        lower=kpi.direction == "lower",
        band_at=np.array([band.at_least for band in rule.bands] if bands else [], dtype=float),
        band_share=np.array([band.share for band in rule.bands] if bands else [], dtype=float),
        bands=bands,
        shares=shares,
        points=points,
    )
    return shares, points


def rep_limits(
    limits: dict[str, float],
    default: float,
    *,
    roles: np.ndarray | SeatLabels | None,
    reps: int,
) -> np.ndarray:
    """A cap or floor per rep: the role's own where given, else ``default``."""
    if roles is None or not limits:
        return np.full(reps, default, dtype=float)
    return np.ascontiguousarray(role_values(limits, default, roles), dtype=float)


def role_values(
    by_role: dict[str, float], default: float, roles: np.ndarray | SeatLabels
) -> np.ndarray:
    """Each rep's value from its role (``default`` for roles not named), one per rep."""
    labels = roles if isinstance(roles, SeatLabels) else labels_of(roles)
    return labels.values(by_role, default)


class UnscoredRoleError(ValueError):
    """The outcomes have seats in a role the plan gives no KPI weights."""


def unscored_roles_problem(scenario: Scenario, seats: Mapping[str, int]) -> str | None:
    """What is wrong when roles holding seats (role -> seats) have no KPI weights, or None:
    their reps would score 0 and all grade C."""
    unscored = {r: int(n) for r, n in seats.items() if not scenario.scoring.weights.get(r)}
    if not unscored:
        return None
    named = ", ".join(f"{r} ({n} seat{'s' if n != 1 else ''})" for r, n in unscored.items())
    return (
        f"scoring.weights gives no KPIs for {named}; its reps would score 0 points and all be "
        "graded C. Give the role its KPI weights (adding to 100)."
    )


def check_scored_roles(outcomes: Outcomes, scenario: Scenario) -> None:
    """Refuse seats of a role without KPI weights: they would score 0 and all grade C
    (the schema cannot see it: which roles have seats depends on the sales force)."""
    weighted = all(
        scenario.scoring.weights.get(r) for r in seat_labels(outcomes.reps, "role").names
    )
    if weighted and not unscorable_kpis(outcomes, scenario):
        return  # the usual case, asked of the cached role codes (no count by pandas)
    roles = outcomes.reps["role"].astype(str).value_counts()
    problem = unscored_roles_problem(scenario, dict(roles.items()))
    if problem:
        where = scenario.source_file or f"scenario {scenario.name!r}"
        raise UnscoredRoleError(f"{where}: {problem}")
    missing = unscorable_kpis(outcomes, scenario)
    blind = {
        r: int(n)
        for r, n in roles.items()
        if missing and all(k in missing for k in scenario.scoring.role_weights(str(r)))
    }
    if blind:
        where = scenario.source_file or f"scenario {scenario.name!r}"
        seats = ", ".join(f"{r} ({n} seat{'s' if n != 1 else ''})" for r, n in blind.items())
        lacking = sorted({m for measures in missing.values() for m in measures})
        raise UnscoredRoleError(
            f"{where}: none of the KPIs scoring.weights gives {seats} can be scored on these "
            f"outcomes, which lack {', '.join(lacking)}; its reps would score 0 points and "
            "all be graded C. Import data with those measures, or weight KPIs the data has "
            "(e.g. revenue, regional_attainment)."
        )


def score(
    outcomes: Outcomes, scenario: Scenario, records: dict[str, KpiRecord] | None = None
) -> tuple[dict[str, np.ndarray], PeriodGroups]:
    """Points per KPI, (sims, reps, reviews), for every KPI any role weights; each rep
    scores only on its own role's weights (0 points on the others). Raises
    ``UnscoredRoleError`` for seats of a role the plan gives no weights. ``records``, when
    given, receives each KPI's actual, target, score and weights."""
    points, _, reviews = score_with_total(outcomes, scenario, records)
    return points, reviews


def score_with_total(
    outcomes: Outcomes,
    scenario: Scenario,
    records: dict[str, KpiRecord] | None = None,
    *,
    same_points: dict[str, np.ndarray] | None = None,
    kpi_points_kept: bool = True,
) -> tuple[dict[str, np.ndarray], np.ndarray, PeriodGroups]:
    """``score``, with each cell's points summed over the KPIs in their order (what the
    grades read), added up as each KPI is scored. ``same_points``: KPIs' points known
    for these outcomes (``scoring_setup.points_reading_none``), taken as they are.
    Without ``kpi_points_kept`` only the sums are made (a review reads no KPI's points):
    the compiled pass adds each KPI's points to them without storing them, and none are
    returned."""
    from salesperf_model.engine.scoring_kernels import points_of_sums  # numba: on first use

    check_scored_roles(outcomes, scenario)
    reviews = period_groups(
        outcomes.periods, scenario.review_cycle, start=fiscal_start(outcomes.meta)
    )
    roles = seat_labels(outcomes.reps, "role")
    used: dict[str, np.ndarray] = {}
    for code, role in enumerate(roles.names):
        seats = roles.codes == code
        for kpi_name, weight in scored_weights(outcomes, scenario, role).items():
            weights = used.setdefault(kpi_name, np.zeros(outcomes.n_reps))
            weights[seats] = weight
    points: dict[str, np.ndarray] = {}
    total = np.zeros((*outcomes.shape[:2], len(reviews.labels)))
    sums = PeriodSums(outcomes, reviews)
    scratch = None if kpi_points_kept else np.empty((0, 0, 0))  # unwritten: see points_of_sums
    unruled = KpiRule()  # the rule of KPIs the plan sets none for (made once: validated)
    for kpi_name, weights in used.items():
        kpi = KPI_CATALOG[kpi_name]
        rule = scenario.scoring.kpis.get(kpi_name, unruled)
        if records is None and same_points and kpi_name in same_points:
            points[kpi_name] = same_points[kpi_name]
            total += points[kpi_name]  # the compiled pass's sums, in the same order
            continue
        if records is None:  # no actuals and targets to keep: one compiled pass
            fast = points_of_sums(
                kpi,
                rule,
                outcomes,
                scenario=scenario,
                sums=sums,
                roles=roles,
                weights=weights,
                total=total,
                points=scratch,
            )
            if fast is not None:
                points[kpi_name] = fast
                continue
        actual = kpi_actual(kpi, outcomes, reviews, scenario=scenario, sums=sums)
        target = np.broadcast_to(
            kpi_target(kpi, rule.target, outcomes, reviews=reviews, sums=sums), actual.shape
        )
        # only the reps whose role weights the KPI are scored (0 points on the others)
        shares, points[kpi_name] = kpi_points(
            kpi, rule, actual, target=target, scenario=scenario, roles=roles, weights=weights
        )
        total += points[kpi_name]  # in place: the same sums in the same order
        if records is not None:
            records[kpi_name] = KpiRecord(actual, target, shares, weights)
    return points if kpi_points_kept else {}, total, reviews
