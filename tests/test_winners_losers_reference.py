"""Winners and losers summed with integer codes give the figures of the one-row-per-rep
table they replaced (a pandas group-by, kept here as the reference), over several
simulations, per-simulation deciles, ties, reps paid nothing and empty groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_result_fixture import fake_result, make_outcomes

from salesperf_model.measure.totals import rep_totals
from salesperf_model.measure.winners_losers import (
    BANDS,
    GROUPINGS,
    _group_codes,
    change_bands,
    winners_losers,
)


def reference(result, baseline, outcomes, by: str) -> pd.DataFrame:
    """The table as a group-by over one row per rep and simulation (the former code)."""
    base_pay = rep_totals(baseline)["total"]
    change = rep_totals(result)["total"] - base_pay
    with np.errstate(all="ignore"):
        change_pct = np.where(
            base_pay != 0, 100.0 * change / np.abs(base_pay), np.sign(change) * np.inf
        )
    change_pct = np.nan_to_num(change_pct, nan=0.0)
    sims = base_pay.shape[0]
    codes, labels = _group_codes(baseline, outcomes, by, base_pay.shape)
    keys = np.array(labels, dtype=object)[np.broadcast_to(codes, base_pay.shape)]
    band = change_bands(change_pct)
    long = pd.DataFrame(
        {
            by: keys.ravel(),
            "change": change.ravel(),
            "change_pct": change_pct.ravel(),
            "base_pay": base_pay.ravel(),
        }
    )
    for i, name in enumerate(BANDS):
        long[name] = (band.ravel() == i).astype(float)
    long = pd.concat([long, long.assign(**{by: "all"})], ignore_index=True)
    grouped = long.groupby(by, sort=False)
    table = pd.DataFrame({"reps": grouped.size() / sims})
    for name in BANDS:
        table[name] = 100.0 * grouped[name].mean()
    table["mean_change"] = grouped["change"].mean()
    table["mean_change_pct"] = grouped["change_pct"].mean()
    table["total_change"] = grouped["change"].sum() / sims
    total = change.sum() / sims
    with np.errstate(all="ignore"):
        table["share_of_total_change_pct"] = (
            100.0 * table["total_change"] / total if total else np.nan
        )
        table["pay_change_pct"] = 100.0 * grouped["change"].sum() / grouped["base_pay"].sum()
    return table


money = st.sampled_from([0.0, 100.0, 100.05, 99.0, 250.0, 1000.0, 37.5])
#: baseline pay above zero: a % change from nothing is "infinite" (the largest float,
#: whose sums overflow differently in either summation: a meaningless mean either way)
paid = st.sampled_from([100.0, 100.05, 99.0, 250.0, 1000.0, 37.5])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 25),
    st.data(),
)
def test_codes_give_the_group_by_figures(sims: int, reps: int, data) -> None:
    roles = data.draw(
        st.lists(st.sampled_from(["new_business", "account_manager"]), min_size=reps, max_size=reps)
    )
    regions = data.draw(
        st.lists(st.sampled_from(["east", "west", "north"]), min_size=reps, max_size=reps)
    )
    base = np.array(data.draw(st.lists(paid, min_size=sims * reps, max_size=sims * reps)))
    alt = np.array(data.draw(st.lists(money, min_size=sims * reps, max_size=sims * reps)))
    attainment = np.array(
        data.draw(
            st.lists(st.sampled_from([0.5, 1.0, 1.2]), min_size=sims * reps, max_size=sims * reps)
        )
    )
    outcomes = make_outcomes(sims, reps, 1, roles=roles, regions=regions)
    zero = np.zeros((sims, reps, 1))
    baseline = fake_result(
        "base", base.reshape(sims, reps, 1), zero, attainment=attainment.reshape(sims, reps, 1)
    )
    alternative = fake_result("alt", alt.reshape(sims, reps, 1), zero)
    for by in GROUPINGS:
        got = winners_losers(alternative, baseline, outcomes, by=by).set_index(by)
        want = reference(alternative, baseline, outcomes, by).loc[got.index]
        assert sorted(got.index) == sorted(want.index)
        pd.testing.assert_frame_equal(got, want[got.columns], check_names=False, rtol=1e-12)


def test_deciles_move_between_simulations() -> None:
    """Two simulations of ten reps: rep 0 is the lowest attainer in the first and the
    highest in the second, so its gain counts once in decile 1 and once in decile 10."""
    attainment = np.ones((2, 10, 1))
    attainment[0, :, 0] = np.arange(10) / 10 + 0.5  # rep 0 lowest
    attainment[1, :, 0] = 1.5 - np.arange(10) / 10  # rep 0 highest
    outcomes = make_outcomes(2, 10, 1)
    flat = np.full((2, 10, 1), 100.0)
    baseline = fake_result("base", flat, np.zeros_like(flat), attainment=attainment)
    paid = flat.copy()
    paid[:, 0, 0] = 120.0  # rep 0 gains 20 in both simulations
    table = winners_losers(
        fake_result("alt", paid, np.zeros_like(flat)), baseline, outcomes, by="attainment_decile"
    ).set_index("attainment_decile")
    assert table.loc["1", "reps"] == 1 and table.loc["10", "reps"] == 1
    assert table.loc["1", "gain > 5%"] == 50.0 and table.loc["10", "gain > 5%"] == 50.0
    assert table.loc["1", "total_change"] == 10.0  # 20 in one of two simulations
    assert table.loc["5", "about the same"] == 100.0
    assert table.loc["all", "total_change"] == 20.0
    assert table.loc["all", "share_of_total_change_pct"] == 100.0
