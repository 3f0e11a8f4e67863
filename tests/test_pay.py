"""Pay: rounding to the cent, year boundaries, bonus edge rules, deferred target bonus."""

from __future__ import annotations

import typing
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from salesperf_model.engine import BONUS_TYPES, bonus_words, round_to_cents, run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Pay, TeamPoolBonus, TopNBonus

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"


def make(measures: dict, roles: list[str], periods: list[str], regions=None) -> Outcomes:
    n = len(roles)
    reps = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(n)],
            "role": roles,
            "region": regions or ["R"] * n,
            "region_tier": 1,
            "team": "T",
            "group": "",
        }
    )
    shape = (1, n, len(periods))
    arrays_ = {
        k: np.broadcast_to(np.asarray(v, dtype=float), shape).copy() for k, v in measures.items()
    }
    return Outcomes(reps=reps, periods=periods, measures=arrays_)


money = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(values=arrays(float, (5, 4, 3), elements=money))
def test_rounded_components_add_up_to_the_rounded_exact_total(values) -> None:
    components = {f"c{i}": values[i] for i in range(5)}
    rounded = round_to_cents(components)
    cents = np.stack([np.round(rounded[k] * 100) for k in components])
    assert np.allclose(cents, np.round(cents))  # whole cents
    assert (np.abs(cents / 100 - values) <= 0.01 + 1e-6).all()  # each within a cent
    # the exact total to the cent: half a cent away from zero, judged on the decimal amount
    total = values.sum(axis=0) * 100
    size = np.abs(total)
    whole = np.floor(size)
    exact_total = np.copysign(np.where(size - whole >= 0.5 - 1e-6, whole + 1, whole), total)
    assert (cents.sum(axis=0) == exact_total).all()


def test_a_half_cent_total_rounds_like_the_sum_in_money() -> None:
    # five components of 0.995 add to 4.975 in money: 4.98, as a spreadsheet's ROUND gives
    # (half a cent away from zero), though the sum is 4.97499... in floating point
    values = np.full((5, 1), 0.995)
    rounded = round_to_cents({f"c{i}": values[i] for i in range(5)})
    assert round(sum(float(v[0]) for v in rounded.values()), 2) == 4.98
    assert sorted(float(v[0]) for v in rounded.values()) == [0.99, 0.99, 1.0, 1.0, 1.0]


def test_three_thirds_of_a_cent_round_to_the_exact_total() -> None:
    third = np.array([1 / 3])
    rounded = round_to_cents({"a": third, "b": third, "c": third})
    assert sorted(float(v[0]) for v in rounded.values()) == [0.33, 0.33, 0.34]


def test_year_to_date_restarts_each_calendar_year() -> None:
    scenario = load_scenario(BASELINE, {"pay.bonuses": [], "pay.commission.basis": "year_to_date"})
    periods = ["2025-11", "2025-12", "2026-01"]
    outcomes = make(
        {"quota": 100_000, "revenue_collected_new": [[[150_000, 50_000, 100_000]]]},
        ["new_business"],
        periods,
    )
    commission = run_plan(outcomes, scenario).payouts["commission"][0, 0]
    # 2025: annual quota (months present) 200,000. Nov: 150,000 x 3% = 4,500. Dec: YTD
    # 200,000 x 3% = 6,000 -> 1,500. Jan 2026 starts over: 100,000 x 3% = 3,000.
    assert commission.tolist() == [4500.0, 1500.0, 3000.0]


def test_top_n_with_fewer_qualifiers_than_places_pays_only_qualifiers() -> None:
    scenario = load_scenario(BASELINE)
    outcomes = make(
        {"new_customers": [[[1, 0, 0], [0, 0, 0]]]},
        ["new_business"] * 2,
        ["2026-01", "2026-02", "2026-03"],
    )
    award = run_plan(outcomes, scenario).payouts["bonus_new_customer_award"][0]
    assert award[:, 2].tolist() == [5000.0, 0.0]


def test_team_pool_split_between_regions_tied_first() -> None:
    scenario = load_scenario(BASELINE)
    outcomes = make(
        {"quota": 100.0, "revenue_collected_new": 110.0},
        ["new_business"] * 3,
        [f"2026-{m:02d}" for m in range(1, 13)],  # a whole year: the pool in full
        regions=["North", "South", "South"],
    )
    pool = run_plan(outcomes, scenario).payouts["bonus_team_award"][0, :, -1]
    # Both regions at 110%: 50,000 each; South's half split by revenue (equal here).
    assert pool.tolist() == [50_000.0, 25_000.0, 25_000.0]


def test_team_pool_regions_tied_but_for_rounding_split_it() -> None:
    """South's 11.11 + 98.89 on 10.1 + 89.9 is 110% as North's 110 on 100 is, but sums in
    floating point to one unit in the last place less: a tie, not a win by rounding
    noise (on the pay-at-target variant every region reaches exactly 100%, and the
    whole pool went to whichever region's sums rounded up)."""
    scenario = load_scenario(BASELINE)
    outcomes = make(
        {
            "quota": np.array([[100.0], [10.1], [89.9]]),
            "revenue_collected_new": np.array([[110.0], [11.11], [98.89]]),
        },
        ["new_business"] * 3,
        [f"2026-{m:02d}" for m in range(1, 13)],
        regions=["North", "South", "South"],
    )
    result = run_plan(outcomes, scenario, records=True)
    attainment = result.pay_records["bonus_team_award"].values["region attainment"][0, :, -1]
    assert attainment[0] != attainment[1]  # the rounding is there
    pool = result.payouts["bonus_team_award"][0, :, -1]
    assert pool[0] == 50_000.0 and pool[1:].sum() == 50_000.0


def test_target_bonus_waits_for_the_review_to_end() -> None:
    """Annual review, quarterly settlement: every month accrues at the year's grade and
    the whole year is paid at the settlement in which the review ends (December)."""
    scenario = load_scenario(
        BASELINE,
        {
            "review_cycle": "annual",
            "pay.bonuses": [
                {
                    "name": "target_bonus",
                    "type": "target_bonus",
                    "target_amount": {"default": 1000},
                    "settlement": "quarterly",
                }
            ],
            "scoring.weights": {"new_business": {"revenue": 100}},
        },
    )
    periods = [f"2026-{m:02d}" for m in range(1, 13)]
    outcomes = make({"quota": 100.0, "revenue_booked_new": 85.0}, ["new_business"], periods)
    paid = run_plan(outcomes, scenario).payouts["bonus_target_bonus"][0, 0]
    # 85 points -> A -> 1.2 x 1,000 x 12 months = 14,400, paid in December.
    assert paid[:11].sum() == 0.0
    assert paid[11] == pytest.approx(14_400.0)


def test_commission_roles_exclude_regional_managers() -> None:
    scenario = load_scenario(BASELINE, {"pay.bonuses": []})
    outcomes = make(
        {"quota": 100.0, "revenue_collected_new": 100.0},
        ["regional_manager", "new_business"],
        ["2026-01"],
    )
    assert run_plan(outcomes, scenario).payouts["commission"][0, :, 0].tolist() == [0.0, 3.0]


def test_pay_command_writes_components_that_add_up(tmp_path) -> None:
    from salesperf_model.cli import main

    out = tmp_path / "payouts.csv"
    example = Path(__file__).parent / "data" / "example_outcomes.csv"
    code = main(
        [
            "pay",
            str(BASELINE),
            "--outcomes",
            str(example),
            "--out",
            str(out),
            "--set",
            "pay.commission.tiers.1.rate=0.05",
        ]
    )
    assert code == 0
    table = pd.read_csv(out)
    components = [c for c in table.columns if c not in ("simulation", "rep_id", "period", "total")]
    assert components[:3] == ["base_salary", "allowances", "commission"]
    assert len(table) == 12 * 6
    cents = (table[components] * 100).round().astype("int64").sum(axis=1)
    assert (cents == (table["total"] * 100).round().astype("int64")).all()


def test_pay_command_reports_a_bad_override(tmp_path, capsys) -> None:
    from salesperf_model.cli import main

    example = Path(__file__).parent / "data" / "example_outcomes.csv"
    code = main(
        [
            "pay",
            str(BASELINE),
            "--outcomes",
            str(example),
            "--out",
            str(tmp_path / "x.csv"),
            "--set",
            "pay.commision.base=booked",
        ]
    )
    assert code == 1
    assert "commision" in capsys.readouterr().err


@settings(max_examples=25, deadline=None)
@given(
    revenue=arrays(float, (1, 7, 12), elements=st.floats(0, 300_000)),
    profit=arrays(float, (1, 7, 12), elements=st.floats(0, 90_000)),
)
def test_pools_are_paid_in_full_to_the_cent(revenue, profit) -> None:
    # The team pool (100,000 to the first region, split by revenue) and the profit share
    # (5% of profit, split by profit) must pay exactly the pool: rounding each rep's share
    # on its own could pay a cent more or less.
    scenario = load_scenario(BASELINE)
    outcomes = make(
        {
            "quota": 150_000,
            "revenue_collected_new": revenue,
            "revenue_booked_new": revenue,
            "gross_profit": profit,
        },
        ["new_business"] * 7,
        [f"2026-{m:02d}" for m in range(1, 13)],
        regions=["North"] * 4 + ["South"] * 3,
    )
    payouts = run_plan(outcomes, scenario).payouts
    team = payouts["bonus_team_award"].sum(axis=(1, 2))
    has_winner = revenue.sum(axis=(1, 2)) > 0
    assert np.all(np.round(team[has_winner] * 100) == 10_000_000)
    # the pool to the nearest cent: a pool of exactly half a cent more (5% of 157.70 is
    # 7.885) may round either way, as float arithmetic puts it on one side or the other
    pool = 0.05 * profit.sum(axis=(1, 2)) * 100
    paid = np.round(payouts["bonus_profit_share"].sum(axis=(1, 2)) * 100)
    assert np.all(np.abs(paid - pool) <= 0.5 + 1e-6), (paid, pool)


def test_a_half_cent_profit_pool_pays_a_whole_cent_either_way() -> None:
    """The example hypothesis found: 83 x 1.9 of profit, 5% of it 7.885. The split pays
    7.88 or 7.89 in all, never a cent more or less."""
    scenario = load_scenario(BASELINE)
    profit = np.zeros((1, 7, 12))
    profit[0, 0, :] = 1.9
    profit[0, 0, 0] = 83 * 1.9 - 11 * 1.9  # 157.7 over the year in all
    outcomes = make(
        {
            "quota": 150_000,
            "revenue_collected_new": 0.0,
            "revenue_booked_new": 0.0,
            "gross_profit": profit,
        },
        ["new_business"] * 7,
        [f"2026-{m:02d}" for m in range(1, 13)],
        regions=["North"] * 4 + ["South"] * 3,
    )
    paid = run_plan(outcomes, scenario).payouts["bonus_profit_share"].sum()
    assert round(paid * 100) in (788, 789)


def _bonus_models() -> tuple[type, ...]:
    """The model classes of the schema's bonus union (``Pay.bonuses``' item type)."""
    (item,) = typing.get_args(Pay.model_fields["bonuses"].annotation)
    union = typing.get_args(item)[0] if typing.get_origin(item) is typing.Annotated else item
    return typing.get_args(union)


def test_every_bonus_model_has_exactly_one_registry_entry() -> None:
    models = _bonus_models()
    assert len(models) >= 6
    for model in models:
        entries = [entry for entry in BONUS_TYPES.values() if entry.model is model]
        assert len(entries) == 1, f"{model.__name__}: {len(entries)} registry entries"
    assert set(BONUS_TYPES) == set(models)  # and no entry without a model in the union


def test_bonus_words_say_what_a_bonus_pays_in_one_sentence() -> None:
    top = TopNBonus(name="top", n=3, amount=5000, measure="new_customers")
    assert (
        bonus_words(top, "CNY") == "Top-3 award by new-customer count: 5,000 CNY each (quarterly)."
    )
    pool = TeamPoolBonus(name="pool", pool=2_500_000, settlement="half_year", split="equal")
    assert bonus_words(pool, "CNY") == (
        "Team award: a 2.50 M CNY pool for the region first on attainment, split equal (half-year)."
    )


def test_a_threshold_bonus_on_attainment_pays_each_rep_who_meets_their_own_quota(
    tmp_path,
) -> None:
    """Quarter of 3 months: rep 0 collects 300 of a 290 quota (103%), rep 1 collects 300
    of 310 (97%), rep 2 collects 30 of a 29 quota (103%: a small quota, the same share)."""
    path = tmp_path / "quota_award.yaml"
    path.write_text(
        f"extends: {BASELINE}\nname: quota_award\npay:\n  bonuses:\n"
        "    - {name: quota_award, type: threshold, measure: attainment, at_least: 1.0,"
        " amount: 6000}\n"
    )
    scenario = load_scenario(path)
    outcomes = make(
        {
            "quota": [[[100, 100, 90], [100, 100, 110], [10, 10, 9]]],
            "revenue_collected_new": [[[100, 100, 100], [100, 100, 100], [10, 10, 10]]],
        },
        ["new_business"] * 3,
        ["2026-01", "2026-02", "2026-03"],
    )
    award = run_plan(outcomes, scenario).payouts["bonus_quota_award"][0]
    assert award[:, 2].tolist() == [6000.0, 0.0, 6000.0]
    assert award[:, :2].sum() == 0.0
    assert bonus_words(scenario.pay.bonuses[-1], "CNY") == (
        "Award of 6,000 CNY for reaching 100% of quota (quarterly)."
    )
