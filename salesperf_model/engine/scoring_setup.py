"""What scoring reads before it scores: the KPIs these outcomes can score, each region's
heads, and what a KPI's points read of the outcomes, so that a caller paying the same plan
on outcomes that differ only in some measures can pass the points of the KPIs that read
none of them instead of scoring those KPIs again.

The cost metrics pay each plan three times on the same outcomes (``measure.evaluate``):
as simulated, at quota and after 1% more sales. The two variants change only the
sales-money measures (``measure.variants``), and more than half of a plan's KPIs (visits,
ratings, training, pipeline stages...) read none of them: their points are the plan's own,
bit for bit (the same inputs, the same operations).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from salesperf_model.engine.period_sums import region_codes
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import KPI_CATALOG, KpiDefinition, Scenario
from salesperf_model.seat_labels import seat_labels

#: The raters' measures of a 360 rating, in the order ``kpi_actual`` combines them.
RATERS = ("rating_manager", "rating_customer", "rating_peer", "rating_self")


def kpi_measures(kpi: KpiDefinition) -> frozenset[str]:
    """Every measure a KPI's actual or target may read: its numerator, denominator and
    collected numerator, the raters of a 360 rating, and the quota (a quota target)."""
    measures = {*kpi.numerator, *kpi.denominator, *kpi.collected_numerator, "quota"}
    if kpi.aggregation == "rating_360":
        measures.update(RATERS)
    return frozenset(measures)


def points_reading_none(
    kpi_points: Mapping[str, np.ndarray], changed: Iterable[str]
) -> dict[str, np.ndarray]:
    """The KPI points of ``kpi_points`` (a plan's own, ``PlanResult.kpi_points``) whose
    KPIs read none of the ``changed`` measures: the same plan's points on outcomes that
    differ from these in those measures alone (``score_with_total(same_points=...)``)."""
    changed = frozenset(changed)
    return {
        name: points
        for name, points in kpi_points.items()
        if name in KPI_CATALOG and not kpi_measures(KPI_CATALOG[name]) & changed
    }


def region_heads(outcomes: Outcomes) -> np.ndarray:
    """Seats per region other than regional managers (all seats if none), per rep."""
    codes, names = region_codes(outcomes)
    sellers = (~seat_labels(outcomes.reps, "role").isin(["regional_manager"])).astype(float)
    heads = np.bincount(codes, weights=sellers, minlength=len(names))
    seats = np.bincount(codes, minlength=len(names)).astype(float)
    return np.where(heads > 0, heads, seats)[codes]


def unscorable_kpis(outcomes: Outcomes, scenario: Scenario) -> dict[str, list[str]]:
    """KPIs some role weights whose measures imported actuals lack (real exports rarely
    carry visits, ratings or NPS), with the missing measures.

    Only for ``source == "actuals"``: an import carries exactly the measures it has, while
    simulated outcomes and hand-made test tables read absent measures as zeros. An import
    that holds only the sum of a group of measures (``meta["measures_unsplit"]``, e.g. new
    and existing-customer revenue when the export has no account column) cannot score a
    KPI on part of the group.
    """
    if outcomes.source != "actuals":
        return {}
    weighted = {k for role in scenario.scoring.weights for k in scenario.scoring.weights[role]}
    unsplit = [set(group) for group in outcomes.meta.get("measures_unsplit", [])]
    missing = {}
    for name in sorted(weighted):
        kpi = KPI_CATALOG[name]
        # a sum of several measures is scorable when any of them is present (the rest
        # read as zero); a KPI with no numerator or no denominator measure is not
        for part in (kpi.numerator, kpi.denominator):
            if part and not any(m in outcomes.measures for m in part):
                missing.setdefault(name, []).extend(part)
            for group in unsplit:
                if group & set(part) and not group <= set(part):
                    missing.setdefault(name, []).append(
                        f"{' / '.join(sorted(group & set(part)))} apart from "
                        f"{' / '.join(sorted(group - set(part)))}"
                    )
    return missing


def left_out_weights(
    scenario: Scenario, role: str, unscorable: Mapping[str, list[str]]
) -> tuple[dict[str, float], float, float]:
    """(the role's unscorable KPIs with their plan points, the plan's total points, the
    points of the KPIs kept): what the plan's warning and a rep's statement both say of
    the KPIs left out and of the factor (total / kept) the others were scaled by."""
    weights = scenario.scoring.role_weights(role)
    lost = {k: w for k, w in weights.items() if k in unscorable}
    total = sum(weights.values())
    return lost, total, total - sum(lost.values())


def scored_weights(outcomes: Outcomes, scenario: Scenario, role: str) -> dict[str, float]:
    """The role's weights over the KPIs these outcomes can score.

    A KPI whose measures are absent is dropped and the others are rescaled to the same
    total, so a rep is not graded C (or, for lower-is-better KPIs, given full points) for
    data the export does not have.
    """
    weights = scenario.scoring.role_weights(role)
    missing = unscorable_kpis(outcomes, scenario)
    kept = {k: w for k, w in weights.items() if k not in missing}
    total, kept_total = sum(weights.values()), sum(kept.values())
    if not missing or kept_total <= 0:
        return kept
    return {k: w * total / kept_total for k, w in kept.items()}
