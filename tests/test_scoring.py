"""KPI scoring: review periods, targets, ratios, caps, floors, bands, region scope."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine import kpi_actual, kpi_score, kpi_target, period_groups, score
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import KPI_CATALOG, KpiRule, KpiTarget

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


@pytest.fixture(scope="module")
def baseline():
    """The baseline under the brief's own rule (no cap, floor 0): these tests pin the
    rule's mechanics, not the baseline's calibrated caps and floors."""
    return load_scenario(BASELINE, ["scoring.cap=null", "scoring.floor=0"])


def make(measures: dict[str, list[list[float]]], roles: list[str], periods: list[str]) -> Outcomes:
    n = len(roles)
    reps = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(n)],
            "role": roles,
            "region": "R",
            "region_tier": 1,
            "team": "T",
            "group": "",
        }
    )
    arrays = {k: np.array(v, dtype=float)[None] for k, v in measures.items()}
    arrays.setdefault("quota", np.zeros((1, n, len(periods))))
    return Outcomes(reps=reps, periods=periods, measures=arrays)


def test_quarters_are_calendar_aligned_and_partial_at_the_ends() -> None:
    periods = ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]
    groups = period_groups(periods, "quarterly")
    assert groups.labels == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert groups.of_month.tolist() == [0, 0, 1, 1, 1, 2]
    assert groups.months.tolist() == [2, 3, 1]
    assert groups.ends.tolist() == [1, 4, 5]
    assert period_groups(periods, "annual").labels == ["2025", "2026"]
    assert period_groups(periods, "half_year").labels == ["2025-H2", "2026-H1"]


def test_labels_that_are_not_months_group_in_blocks_from_the_first() -> None:
    groups = period_groups([f"m{i}" for i in range(7)], "quarterly")
    assert groups.of_month.tolist() == [0, 0, 0, 1, 1, 1, 2]


def test_sum_over_groups_matches_hand_sums() -> None:
    groups = period_groups(["2026-01", "2026-02", "2026-03", "2026-04"], "quarterly")
    values = np.array([[[1.0, 2.0, 3.0, 10.0]]])
    assert groups.sum(values).tolist() == [[[6.0, 10.0]]]


def test_lower_is_better_zero_actual_scores_the_cap_when_capped(baseline) -> None:
    kpi = KPI_CATALOG["response_time"]
    actual = np.array([[[0.0, 4.0, 1.0]]])
    target = np.full(actual.shape, 2.0)
    uncapped = kpi_score(kpi, KpiRule(), actual, target=target, scenario=baseline)
    capped = kpi_score(kpi, KpiRule(cap=1.5), actual, target=target, scenario=baseline)
    assert uncapped.tolist() == [[[1.0, 0.5, 2.0]]]
    assert capped.tolist() == [[[1.5, 0.5, 1.5]]]


def test_floor_lifts_low_ratios(baseline) -> None:
    kpi = KPI_CATALOG["customer_visits"]
    actual = np.array([[[2.0, 30.0]]])
    shares = kpi_score(kpi, KpiRule(floor=0.5), actual, target=np.array(20.0), scenario=baseline)
    assert shares.tolist() == [[[0.5, 1.5]]]


def test_zero_denominator_ratio_reads_zero_and_retention_one(baseline) -> None:
    periods = ["2026-01"]
    outcomes = make(
        {
            "new_customers": [[0.0], [2.0]],
            "visits": [[0.0], [10.0]],
            "customers_lost": [[0.0], [1.0]],
            "existing_customers": [[0.0], [20.0]],
        },
        ["new_business", "new_business"],
        periods,
    )
    reviews = period_groups(periods, "quarterly")
    conversion = kpi_actual(
        KPI_CATALOG["new_customer_conversion"], outcomes, reviews, scenario=baseline
    )
    retention = kpi_actual(KPI_CATALOG["customer_retention"], outcomes, reviews, scenario=baseline)
    assert conversion[0, :, 0].tolist() == [0.0, 0.2]
    assert retention[0, :, 0].tolist() == [1.0, 0.95]


def test_per_rep_targets_scale_with_months_for_flows(baseline) -> None:
    periods = ["2026-01", "2026-02", "2026-03"]
    outcomes = make({"visits": [[1, 1, 1], [1, 1, 1]]}, ["new_business"] * 2, periods)
    reviews = period_groups(periods, "quarterly")
    target = KpiTarget(kind="per_rep", value=20, per_rep={"r1": 10})
    values = kpi_target(KPI_CATALOG["customer_visits"], target, outcomes, reviews=reviews)
    assert values[0, :, 0].tolist() == [60.0, 30.0]


def test_each_rep_scores_only_its_roles_kpis(baseline) -> None:
    periods = ["2026-01"]
    at_target = baseline.scoring.kpis["customer_visits"].target.by_role["new_business"]
    outcomes = make(
        {"visits": [[at_target], [at_target]], "quota": [[100.0], [100.0]]},
        ["new_business", "regional_manager"],
        periods,
    )
    points, _ = score(outcomes, baseline)
    assert points["customer_visits"][0, :, 0].tolist() == [7.0, 0.0]
    assert points["regional_attainment"][0, 0, 0] == 0.0


def test_channel_revenue_share_is_the_regions_revenue_through_partners(baseline) -> None:
    """A channel manager sells only through partners: the share of the rep's own revenue
    was 1 by construction; the KPI is the region's revenue through partner channels."""
    periods = ["2026-01"]
    outcomes = make(
        {
            "channel_revenue": [[50.0], [0.0], [0.0]],
            "revenue_booked_new": [[20.0], [100.0], [0.0]],
            "revenue_booked_existing": [[30.0], [50.0], [0.0]],
        },
        ["channel_manager", "new_business", "regional_manager"],
        periods,
    )
    reviews = period_groups(periods, "quarterly")
    kpi = KPI_CATALOG["channel_revenue_share"]
    share = kpi_actual(kpi, outcomes, reviews, scenario=baseline)
    assert share[0, :, 0].tolist() == [0.25, 0.25, 0.25]  # 50 / (50 + 150)


def test_regional_attainment_is_on_the_quotas_basis(baseline) -> None:
    """Quotas set on collected cash are met by cash: bookings run above cash."""
    periods = ["2026-01"]
    outcomes = make(
        {
            "revenue_booked_new": [[60.0], [0.0]],
            "revenue_booked_existing": [[60.0], [0.0]],
            "revenue_collected_new": [[45.0], [0.0]],
            "revenue_collected_existing": [[45.0], [0.0]],
            "quota": [[100.0], [0.0]],
        },
        ["new_business", "regional_manager"],
        periods,
    )
    reviews = period_groups(periods, "quarterly")
    kpi = KPI_CATALOG["regional_attainment"]
    assert baseline.population.quota.basis == "collected"
    cash = kpi_actual(kpi, outcomes, reviews, scenario=baseline)
    assert cash[0, :, 0].tolist() == [0.9, 0.9]
    booked_quota = load_scenario(BASELINE, ["population.quota.basis=booked"])
    booked = kpi_actual(kpi, outcomes, reviews, scenario=booked_quota)
    assert booked[0, :, 0].tolist() == [1.2, 1.2]


def test_per_role_targets_caps_and_floors(baseline) -> None:
    periods = ["2026-01"]
    outcomes = make(
        {"visits": [[40.0], [40.0], [1.0]]},
        ["new_business", "account_manager", "account_manager"],
        periods,
    )
    reviews = period_groups(periods, "quarterly")
    kpi = KPI_CATALOG["customer_visits"]
    target = KpiTarget(value=20, by_role={"new_business": 25})
    values = kpi_target(kpi, target, outcomes, reviews=reviews)
    assert values[0, :, 0].tolist() == [25.0, 20.0, 20.0]
    rule = KpiRule(
        target=target,
        cap=1.5,
        cap_by_role={"new_business": 1.2},
        floor_by_role={"account_manager": 0.3},
    )
    actual = outcomes.get("visits")
    shares = kpi_score(
        kpi,
        rule,
        actual,
        target=values,
        scenario=baseline,
        roles=outcomes.reps["role"].to_numpy(),
    )
    assert shares[0, :, 0].tolist() == [1.2, 1.5, 0.3]  # 40/25 capped, 40/20 capped, 1/20 floored


def test_unknown_role_in_per_role_targets_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown role 'new_busines'.*new_business"):
        KpiTarget(value=20, by_role={"new_busines": 25})
    with pytest.raises(ValueError, match="unknown role 'regional'"):
        KpiRule(floor_by_role={"regional": 0.5})
