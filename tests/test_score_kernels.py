"""A KPI's shares and points from the compiled loop (engine/score_kernels.py) are bit for
bit the numpy passes they replaced, kept here as the reference: the reps the role
weights gathered, scored, scattered back, then weighted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine.scoring import kpi_points
from salesperf_model.loading import load_scenario
from salesperf_model.schema import KPI_CATALOG
from salesperf_model.schema.scoring import KpiRule

ROOT = Path(__file__).resolve().parents[1]
ROLES = np.array(["new_business", "account_manager", "channel_manager", "regional_manager"])


@pytest.fixture(scope="module")
def baseline():
    return load_scenario(ROOT / "scenarios" / "baseline.yaml")


def _share_reference(lower, rule, actual, target, cap, floor):
    """The numpy kpi_score on the scored reps (cap and floor broadcast along reps)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if lower:
            ratio = np.where(actual > 0, target / np.where(actual > 0, actual, 1.0), np.inf)
        else:
            ratio = np.where(target > 0, actual / np.where(target > 0, target, 1.0), 0.0)
    ratio = np.where(np.isnan(actual), 1.0, ratio)
    if rule.rule == "bands":
        share = np.zeros(actual.shape)
        for band in rule.bands:
            share = np.where(ratio >= band.at_least, band.share, share)
        return share
    best = np.where(np.isfinite(cap), cap, 1.0)
    ratio = np.where(np.isinf(ratio), best, ratio)
    return np.clip(ratio, floor, cap)


def _points_reference(kpi, rule, actual, target, roles, weights, scenario):
    cap = rule.cap if rule.cap is not None else scenario.scoring.cap
    floor = rule.floor if rule.floor is not None else scenario.scoring.floor
    cap = np.inf if cap is None else cap
    caps = np.array([rule.cap_by_role.get(r, cap) for r in roles])[None, :, None]
    floors = np.array([rule.floor_by_role.get(r, floor) for r in roles])[None, :, None]
    target = np.broadcast_to(target, actual.shape)
    scored = np.flatnonzero(weights)
    shares = np.zeros(actual.shape)
    shares[:, scored, :] = _share_reference(
        kpi.direction == "lower",
        rule,
        actual[:, scored, :],
        target[:, scored, :],
        caps[:, scored, :],
        floors[:, scored, :],
    )
    return shares, weights[None, :, None] * shares


values = st.one_of(
    st.floats(-5.0, 200.0),
    st.sampled_from([0.0, -0.0, np.nan, np.inf, 1e-300, 20.0, 40.0]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["customer_visits", "response_time", "revenue", "new_customer_count"]),
    st.integers(1, 3),
    st.integers(1, 6),
    st.integers(1, 4),
    st.data(),
)
def test_kpi_points_match_the_numpy_passes(baseline, name, sims, reps, reviews, data):
    kpi = KPI_CATALOG[name]
    shape = (sims, reps, reviews)
    actual = np.array(
        data.draw(st.lists(values, min_size=sims * reps * reviews, max_size=sims * reps * reviews))
    ).reshape(shape)
    target = np.array(data.draw(st.lists(values, min_size=reps, max_size=reps)))[None, :, None]
    roles = ROLES[np.array(data.draw(st.lists(st.integers(0, 3), min_size=reps, max_size=reps)))]
    weights = np.array(
        data.draw(st.lists(st.sampled_from([0.0, 10.0, 25.0, 7.5]), min_size=reps, max_size=reps))
    )
    rule = data.draw(
        st.sampled_from(
            [
                KpiRule(),
                KpiRule(cap=1.5),
                KpiRule(floor=0.5, cap=1.2),
                KpiRule(
                    cap=1.5,
                    cap_by_role={"new_business": 1.2},
                    floor_by_role={"account_manager": 0.3},
                ),
                KpiRule(
                    rule="bands",
                    bands=[{"at_least": 0.8, "share": 0.5}, {"at_least": 1.0, "share": 1.0}],
                ),
            ]
        )
    )
    expected = _points_reference(kpi, rule, actual, target, roles, weights, baseline)
    got = kpi_points(
        kpi, rule, actual, target=target, scenario=baseline, roles=roles, weights=weights
    )
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])
    # the sign of a zero too: a share of -0.0 is not told apart by assert_array_equal
    assert np.array_equal(np.signbit(got[0]), np.signbit(expected[0]))
