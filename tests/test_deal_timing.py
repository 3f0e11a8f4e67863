"""Deal timing: reps pull deals into a month (at a discount) or push them out when the plan
pays more at the margin in one month than in the next; per-deal records and measures agree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesperf_model.engine import EnginePlanResponse
from salesperf_model.engine.outlook import plan_outlook
from salesperf_model.engine.timing_outlook import (
    next_month_marginal,
    timing_can_differ,
    timing_outlook,
)
from salesperf_model.loading import deep_merge, load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.plan_questions import PayState
from salesperf_model.schema import Behaviour, Scenario
from salesperf_model.simulate import build_rep_table, simulate
from salesperf_model.simulate.deal_timing import (
    DEAL_COLUMNS,
    decision_from_gain,
    timing_decision,
)

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SIZE = {"reps": 60, "periods": 12, "simulations": 3, "seed": 23}


def _with(scenario: Scenario, changes: dict) -> Scenario:
    return Scenario.model_validate(deep_merge(scenario.model_dump(), changes))


def _quarterly_accelerator() -> Scenario:
    """Accelerating commission settled each quarter, in a sales force that controls most
    close dates: the plan that times deals most."""
    return _with(
        load_scenario(BASELINE),
        {
            "behaviour": {
                "timing_control_share": {"new_business": 0.8, "key_account_manager": 0.8},
                "pull_horizon_months": 3,
            },
            "pay": {
                "bonuses": [],
                "commission": {
                    "base": "booked",
                    "settlement": "quarterly",
                    "threshold": 0.0,
                    "cap_attainment": None,
                    "tiers": [
                        {"from_attainment": 0.0, "rate": 0.02},
                        {"from_attainment": 1.0, "rate": 0.06},
                    ],
                },
            },
        },
    )


def _simulate(plan: Scenario, *, keep_deals: bool = False, **size: int) -> Outcomes:
    return simulate(
        plan.population,
        **{**SIZE, **size},
        plan_response=EnginePlanResponse(plan, market=plan, behaviour=plan.behaviour),
        behaviour=plan.behaviour,
        keep_deals=keep_deals,
    )


def test_a_rep_pulls_when_this_months_pay_net_of_the_discount_beats_next_months() -> None:
    behaviour = Behaviour(pull_discount=0.1)  # hurdle 0.1 x reference 0.05 = 0.005
    now = np.array([[0.06, 0.03, 0.05, 0.02, 0.0556]])
    following = np.array([[0.04, 0.03, 0.05, 0.04, 0.045]])
    # 0.054 - 0.04 = 0.014 > 0.005: pull; equal: neither; 0.04 - 0.02 = 0.02 > 0.005: push;
    # 0.05004 - 0.045 = 0.00504 > 0.005: pull
    assert timing_decision(now, following, behaviour).tolist() == [[1, 0, 0, -1, 1]]
    # a discount as large as the gain stops the pull
    costly = behaviour.model_copy(update={"pull_discount": 0.3})
    assert timing_decision(now, following, costly).tolist() == [[0, 0, 0, -1, 0]]


def _state(scenario: Scenario, *, label: str, run_rate: float, so_far: float = 0.0) -> PayState:
    """Four new-business reps of monthly quota 100,000 about to work month ``label``; with
    ``so_far`` they booked that much in each earlier month of the year."""
    table = build_rep_table(scenario.population, 4, 1)
    table["role"] = "new_business"
    month = int(label[5:7]) - 1
    history = None
    if month:
        history = Outcomes(
            reps=table,
            periods=[f"2026-{m + 1:02d}" for m in range(month)],
            measures={
                "revenue_booked_new": np.full((1, 4, month), so_far),
                "quota": np.full((1, 4, month), 100_000.0),
            },
        )
    return PayState(
        period_index=month,
        period_label=label,
        reps=table,
        so_far=history,
        quota=np.full((1, 4), 100_000.0),
        run_rate=np.full((1, 4), run_rate),
        collected_share=1.0,
        next_quota_per_revenue=np.zeros((1, 4)),
    )


def test_next_months_marginal_pay_equals_this_months_within_a_settlement_period() -> None:
    plan = _quarterly_accelerator()
    state = _state(plan, label="2026-02", run_rate=95_000.0, so_far=95_000.0)
    now, _ = plan_outlook(plan, state, plan.behaviour)
    assert np.allclose(next_month_marginal(plan, state, plan.behaviour), now, rtol=1e-12)


@pytest.mark.parametrize("month", range(1, 13))
def test_where_no_settlement_period_ends_next_months_marginal_pay_is_this_months(
    month: int,
) -> None:
    # the baseline: monthly commission, quarterly bonuses, an annual profit share; the
    # shortcut that skips next month's valuation must never change the answer
    plan = load_scenario(BASELINE)
    state = _state(plan, label=f"2026-{month:02d}", run_rate=90_000.0, so_far=110_000.0)
    now, _ = plan_outlook(plan, state, plan.behaviour)
    following = next_month_marginal(plan, state, plan.behaviour)
    assert timing_can_differ(plan, state) == (month in (3, 6, 9, 12))
    if not timing_can_differ(plan, state):
        assert np.allclose(following, now, rtol=1e-12)


def test_at_a_quarter_end_a_rep_past_quota_pulls_and_one_far_below_pushes() -> None:
    plan = _quarterly_accelerator()
    # 150,000 in each of January and February: past the quarter's 300,000 with March to go
    ahead = _state(plan, label="2026-03", run_rate=100_000.0, so_far=150_000.0)
    now, _ = plan_outlook(plan, ahead, plan.behaviour)
    following = next_month_marginal(plan, ahead, plan.behaviour)
    assert now == pytest.approx(np.full((1, 4), 0.06), abs=1e-3)  # surely past quota
    assert ((following > 0.02) & (following < 0.05)).all()  # a fresh quarter, at quota
    assert (timing_decision(now, following, plan.behaviour) == 1).all()
    # 30,000 a month so far: the quarter's quota is out of reach, next quarter's is not
    behind = _state(plan, label="2026-03", run_rate=100_000.0, so_far=30_000.0)
    now, _ = plan_outlook(plan, behind, plan.behaviour)
    following = next_month_marginal(plan, behind, plan.behaviour)
    assert now == pytest.approx(np.full((1, 4), 0.02), abs=1e-3)
    assert (timing_decision(now, following, plan.behaviour) == -1).all()


def test_under_a_linear_plan_moving_a_batch_only_costs_the_discount() -> None:
    # one rate r: pulling V in at discount d pays (1 - d) r V now and loses r V next
    # quarter, a gain of -d r per unit; pushing moves r V from one month to the next: 0
    plan = _with(
        _quarterly_accelerator(),
        {"pay": {"commission": {"tiers": [{"from_attainment": 0.0, "rate": 0.04}]}}},
    )
    state = _state(plan, label="2026-03", run_rate=100_000.0, so_far=90_000.0)
    pull, push = timing_outlook(plan, state, plan.behaviour)
    assert pull == pytest.approx(np.full((1, 4), -0.14 * 0.04), abs=1e-9)
    assert push == pytest.approx(np.zeros((1, 4)), abs=1e-9)
    assert (decision_from_gain(pull, push, plan.behaviour) == 0).all()


def test_a_rep_short_of_quota_pulls_a_batch_across_the_accelerators_edge() -> None:
    # 85,000 in each of January and February against 100,000 a month: the marginal step
    # (a tenth of the quarter's quota) says push (0.02 now beats nothing, 0.06 is out of
    # reach); the quarter's reach of controlled deals (0.8 x 3 months) carries the quarter
    # well past quota, paying 6% on most of it now for 2% lost next quarter
    plan = _quarterly_accelerator()
    state = _state(plan, label="2026-03", run_rate=85_000.0, so_far=85_000.0)
    pull, push = timing_outlook(plan, state, plan.behaviour)
    hurdle = plan.behaviour.timing_hurdle * plan.behaviour.reference_marginal_pay
    assert (pull > hurdle).all() and (pull > push).all()
    assert (decision_from_gain(pull, push, plan.behaviour) == 1).all()


def test_the_choice_between_pull_and_push_follows_the_larger_gain() -> None:
    behaviour = Behaviour()  # hurdle 0.005
    pull = np.array([[0.01, 0.01, 0.004, -0.01, 0.006]])
    push = np.array([[0.0, 0.02, 0.006, 0.004, 0.006]])
    assert decision_from_gain(pull, push, behaviour).tolist() == [[1, -1, -1, 0, 1]]


def test_the_deal_table_adds_up_to_the_months_measures() -> None:
    out = _simulate(_quarterly_accelerator(), keep_deals=True)
    deals = out.meta["deals"]
    assert tuple(deals.columns) == DEAL_COLUMNS
    m = out.measures
    assert m["deals_pulled"].sum() > 0 and m["deals_pushed"].sum() > 0
    reps = list(out.reps["rep_id"])
    grouped = deals.groupby(["simulation", "rep", "period"])
    cells = pd.MultiIndex.from_product([range(SIZE["simulations"]), reps, out.periods])

    def per_cell(series: pd.Series) -> np.ndarray:
        return series.reindex(cells, fill_value=0).to_numpy().reshape(m["deals_won"].shape)

    assert np.array_equal(per_cell(grouped.size()), m["deals_won"])
    assert np.allclose(per_cell(grouped["list_value"].sum()), m["revenue_list_new"])
    assert np.allclose(per_cell(grouped["discount"].sum()), m["revenue_discount"])
    assert np.array_equal(per_cell(grouped["pulled"].sum()), m["deals_pulled"])
    # a deal pushed out of a month is signed, flagged, the next month
    assert np.array_equal(per_cell(grouped["pushed"].sum())[..., 1:], m["deals_pushed"][..., :-1])
    # only pulled deals are discounted, by the behaviour's pull discount
    pulled = deals[deals["pulled"]]
    discount = _quarterly_accelerator().behaviour.pull_discount
    assert discount == 0.14  # the default: Larkin's case, 40% off list against 30%
    assert np.allclose(pulled["discount"], discount * pulled["list_value"])
    assert (deals.loc[~deals["pulled"], "discount"] == 0).all()
    assert np.allclose(m["revenue_booked_new"], m["revenue_list_new"] - m["revenue_discount"])


def test_keeping_the_deals_changes_no_outcome() -> None:
    plan = _quarterly_accelerator()
    kept, plain = _simulate(plan, keep_deals=True), _simulate(plan)
    for name, values in plain.measures.items():
        assert np.array_equal(values, kept.measures[name]), name
    assert "deals" not in plain.meta


@pytest.mark.parametrize("chunk_size", [1, 2])
def test_timed_deals_are_the_same_whatever_the_chunking(chunk_size: int) -> None:
    plan = _quarterly_accelerator()
    once = _simulate(plan)
    chunked = simulate(
        plan.population,
        **SIZE,
        plan_response=EnginePlanResponse(plan, market=plan, behaviour=plan.behaviour),
        behaviour=plan.behaviour,
        chunk_size=chunk_size,
    )
    for name, values in once.measures.items():
        assert np.array_equal(values, chunked.measures[name]), name


def test_a_one_rate_plan_times_no_deal() -> None:
    plan = _with(
        _quarterly_accelerator(),
        {"pay": {"commission": {"tiers": [{"from_attainment": 0.0, "rate": 0.03}]}}},
    )
    m = _simulate(plan).measures
    assert m["deals_pulled"].sum() == 0 and m["deals_pushed"].sum() == 0
    assert m["revenue_discount"].sum() == 0


def test_without_behaviour_no_deal_moves_and_list_value_is_the_booking() -> None:
    out = simulate(load_scenario(BASELINE).population, **SIZE, keep_deals=True)
    m = out.measures
    assert m["deals_pulled"].sum() == 0 and m["deals_pushed"].sum() == 0
    assert np.array_equal(m["revenue_list_new"], m["revenue_booked_new"])
    assert len(out.meta["deals"]) == m["deals_won"].sum()


def test_control_shares_name_known_roles_and_keep_the_defaults_of_the_rest() -> None:
    behaviour = Behaviour.model_validate({"timing_control_share": {"new_business": 0.9}})
    assert behaviour.timing_control_share["new_business"] == 0.9
    assert behaviour.timing_control_share["key_account_manager"] == 0.5
    with pytest.raises(ValueError, match="did you mean 'new_business'"):
        Behaviour.model_validate({"timing_control_share": {"new_busines": 0.9}})
    with pytest.raises(ValueError, match="from 0 to 1"):
        Behaviour.model_validate({"timing_control_share": {"new_business": 1.5}})


def test_the_headline_states_timing_discounts_and_quarter_end_bookings_in_words() -> None:
    from salesperf_model.present.timing_words import timing_sentence

    comparison = pd.DataFrame(
        {
            "plan": ["steep", "steep", "steep"],
            "metric": ["revenue_lost_to_discounts", "quarter_end_share", "total_pay"],
            "baseline": [0.001, 0.331, 1.0],
            "alternative": [0.0123, 0.362, 1.0],
        }
    )
    assert timing_sentence(comparison, "steep", "baseline") == (
        "reps give up 1.23% (0.10% under Baseline) of revenue in discounts to "
        "sign deals early, and 36.2% (33.1% under Baseline) of bookings fall in the last "
        "month of a quarter."
    )
    assert timing_sentence(comparison.iloc[2:], "steep", "baseline") is None


def test_a_discount_share_too_small_to_show_says_so_instead_of_zero() -> None:
    """0.0049% rounds to "0.00%", which reads as nothing given up: it is "less than
    0.01%"; a true zero is "0%"."""
    from salesperf_model.present.timing_words import timing_sentence

    comparison = pd.DataFrame(
        {
            "plan": ["steep", "steep"],
            "metric": ["revenue_lost_to_discounts", "quarter_end_share"],
            "baseline": [0.0, 0.331],
            "alternative": [0.000049, 0.362],
        }
    )
    assert timing_sentence(comparison, "steep", "baseline").startswith(
        "reps give up less than 0.01% (0% under Baseline) of revenue in discounts"
    )


def test_simulate_writes_the_deal_table_and_refuses_an_unknown_file_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from salesperf_model.cli import main

    size = ["--reps", "30", "--periods", "6", "--sims", "2", "--seed", "3", "--behaviour"]
    deals = tmp_path / "deals.csv"
    assert main(["simulate", str(BASELINE), *size, "--deals", str(deals)]) == 0
    table = pd.read_csv(deals)
    assert tuple(table.columns) == DEAL_COLUMNS
    assert f"Deals written to {deals} ({len(table):,} deals" in capsys.readouterr().out
    bad = tmp_path / "deals.txt"
    assert main(["simulate", str(BASELINE), *size, "--deals", str(bad)]) == 1
    assert "--deals" in capsys.readouterr().err and not bad.exists()
