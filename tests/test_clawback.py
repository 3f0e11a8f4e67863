"""Cancellations and clawbacks (issue 19): the simulated cancellations, the plan rule
``pay.clawback`` and refunds in an import. Hand-worked YAML cases are tests/cases/67-71;
bad input is in tests/bad_scenarios (clawback_*, cancellation_*)."""

from __future__ import annotations

import numpy as np
import pytest
from commission_fixture import outcomes_of, scenario_with
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.clawback import clawback, landing_period
from salesperf_model.engine.commission import pay_commission
from salesperf_model.schema import Population, Scenario
from salesperf_model.simulate import simulate


def booked_plan(window: int, share: float = 1.0, **commission) -> Scenario:
    """The baseline without bonuses, paying on booked revenue, with this clawback."""
    data = scenario_with(base="booked", **commission).model_dump(by_alias=True)
    data["pay"]["clawback"] = {"window_months": window, "share": share}
    return Scenario.model_validate(data)


def one_rep(booked, cancelled, lag, collected=None):
    """One hunter, quota 100,000 a month."""
    booked = np.asarray([booked], dtype=float)
    outcomes = outcomes_of(
        booked, revenue_cancelled_booked=np.asarray([cancelled]), cancellation_lag=np.asarray([lag])
    )
    if collected is not None:
        outcomes.measures["revenue_collected_new"] = np.asarray([[collected]], dtype=float)
    return outcomes


def test_a_cancellation_inside_the_window_is_taken_back_when_it_lands() -> None:
    # 100,000 booked at quota: 3% = 3,000; 25,000 cancelled 3 months later (window 6):
    # -25,000 x 3,000 / 100,000 = -750 in month 4
    result = run_plan(
        one_rep([100_000, 0, 0, 0, 0], [25_000, 0, 0, 0, 0], [3, 0, 0, 0, 0]), booked_plan(6)
    )
    assert result.payouts["clawback"][0, 0].tolist() == [0.0, 0.0, 0.0, -750.0, 0.0]
    assert result.payouts["commission"][0, 0].tolist() == [3_000.0, 0.0, 0.0, 0.0, 0.0]


def test_a_cancellation_outside_the_window_keeps_its_commission() -> None:
    # the same deal cancelled 4 months after booking, window 3: kept
    result = run_plan(
        one_rep([100_000, 0, 0, 0, 0], [25_000, 0, 0, 0, 0], [4, 0, 0, 0, 0]), booked_plan(3)
    )
    assert result.payouts["clawback"][0, 0].tolist() == [0.0] * 5
    # exactly on the window's edge (lag 3, window 3): taken back
    edge = run_plan(
        one_rep([100_000, 0, 0, 0, 0], [25_000, 0, 0, 0, 0], [3, 0, 0, 0, 0]), booked_plan(3)
    )
    assert edge.payouts["clawback"][0, 0].tolist() == [0.0, 0.0, 0.0, -750.0, 0.0]


def test_share_one_half_takes_back_half() -> None:
    # -0.5 x 25,000 x 3% = -375
    result = run_plan(one_rep([100_000, 0, 0], [25_000, 0, 0], [1, 0, 0]), booked_plan(6, 0.5))
    assert result.payouts["clawback"][0, 0].tolist() == [0.0, -375.0, 0.0]


def test_on_tiers_the_reversal_is_at_the_average_rate_paid() -> None:
    # 150,000 against 100,000: 3,000 + 20,000 x 4% + 30,000 x 5% = 3,000 + 800 + 1,500
    # = 5,300, rate 5,300 / 150,000; cancelled 60,000: -60,000 x 5,300 / 150,000 = -2,120
    result = run_plan(one_rep([150_000, 0], [60_000, 0], [1, 0]), booked_plan(6))
    assert result.payouts["commission"][0, 0, 0] == 5_300.0
    assert result.payouts["clawback"][0, 0].tolist() == [0.0, -2_120.0]


def test_a_cancellation_after_the_last_month_is_outside_the_results() -> None:
    result = run_plan(one_rep([100_000, 0], [25_000, 0], [2, 0]), booked_plan(6))
    assert result.payouts["clawback"][0, 0].tolist() == [0.0, 0.0]


def test_commission_on_cash_has_nothing_to_claw_back() -> None:
    scenario = booked_plan(6)
    data = scenario.model_dump(by_alias=True)
    data["pay"]["commission"]["base"] = "collected"
    cash = Scenario.model_validate(data)
    outcomes = one_rep([100_000, 0], [20_000, 0], [1, 0], collected=[80_000, 0])
    result = run_plan(outcomes, cash)
    assert result.payouts["commission"][0, 0].tolist() == [2_400.0, 0.0]
    assert result.payouts["clawback"][0, 0].tolist() == [0.0, 0.0]


def test_without_the_rule_there_is_no_clawback_component() -> None:
    outcomes = one_rep([100_000, 0], [25_000, 0], [1, 0])
    assert "clawback" not in run_plan(outcomes, scenario_with(base="booked")).payouts


def test_landing_periods_on_quarters_and_past_the_end() -> None:
    periods = ["2026-Q1", "2026-Q2", "2026-Q3"]
    lag = np.array([[[1.0, 3.0, 6.0]]])  # from the quarter's first month
    assert landing_period(periods, lag).tolist() == [[[0, 2, 3]]]


months = st.integers(2, 8)


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    n=months,
    window=st.integers(1, 8),
    share=st.floats(0.01, 1.0),
    settlement=st.sampled_from(["monthly", "quarterly"]),
)
def test_components_add_to_the_total_and_a_clawback_never_exceeds_what_was_paid(
    data, n, window, share, settlement
) -> None:
    booked = np.array(data.draw(st.lists(st.floats(0, 300_000), min_size=n, max_size=n)))
    part = np.array(data.draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    lag = np.array(data.draw(st.lists(st.integers(1, 9), min_size=n, max_size=n)), dtype=float)
    cancelled = np.round(booked * part, 2)
    outcomes = one_rep(booked, cancelled, np.where(cancelled > 0, lag, 0.0))
    plan = booked_plan(window, share, settlement=settlement)
    result = run_plan(outcomes, plan)
    payouts = result.payouts
    total = sum(payouts.values())
    cents = np.rint(total * 100)
    assert np.array_equal(cents, np.rint(sum(np.rint(v * 100) for v in payouts.values())))
    clawback = payouts["clawback"]
    assert (clawback <= 0).all()
    assert -clawback.sum() <= share * payouts["commission"].sum() + 0.01 * n
    wider = run_plan(outcomes, booked_plan(window + 1, share, settlement=settlement))
    assert wider.payouts["clawback"].sum() <= clawback.sum() + 0.01 * n


def test_cancellations_off_change_nothing_and_on_take_cash_not_bookings() -> None:
    kwargs = {"reps": 30, "periods": 12, "simulations": 2, "seed": 5}
    before = simulate(Population(), **kwargs)
    off = simulate(Population(cancellations={"share": 0.0, "window_months": 3}), **kwargs)
    for name, values in before.measures.items():
        assert np.array_equal(values, off.measures[name]), name
    assert not before.get("revenue_cancelled").any()
    on = simulate(Population(cancellations={"share": 0.05, "window_months": 4}), **kwargs)
    unchanged = ("revenue_booked_new", "revenue_booked_existing", "visits", "deals_won")
    for name in unchanged:  # their own streams: cancellations draw new variables only
        assert np.array_equal(before.measures[name], on.measures[name]), name
    cancelled = on.get("revenue_cancelled_booked")
    lag = on.get("cancellation_lag")
    assert set(np.unique(lag[cancelled > 0])) <= {1.0, 2.0, 3.0, 4.0}
    share = cancelled.sum() / on.get("revenue_booked").sum()
    assert 0.03 < share < 0.07  # about 5% of transactions, of mean size
    # every cancellation that lands inside the months lands in revenue_cancelled
    inside = cancelled * (np.arange(12)[None, None, :] + lag < 12)
    assert on.get("revenue_cancelled").sum() == pytest.approx(inside.sum())
    assert on.get("revenue_collected").sum() < before.get("revenue_collected").sum()


# --- refunds in an import -------------------------------------------------------------
REFUND_EXPORT = """id,salesperson,closed,value,refund_of
D1,Ann,2024-01-10,10000,
D2,Ann,2024-01-20,5000,
D3,Bob,2024-02-03,20000,
C1,Ann,2024-03-15,-4000,D1
C2,Bob,2024-03-20,-1000,X9
D4,Ann,2024-04-15,1000,
"""


def _import_refunds(tmp_path, refunds: dict | None):
    import yaml

    from salesperf_model.actuals import load_actuals

    (tmp_path / "deals.csv").write_text(REFUND_EXPORT)
    mapping = {
        "name": "refunds",
        "data_dir": str(tmp_path),
        "opportunities": {
            "file": "deals.csv",
            "columns": {
                "opportunity_id": "id",
                "rep": "salesperson",
                "close_date": "closed",
                "amount": "value",
            },
        },
        "quota": {"rule": "fixed", "amount": 10_000},
        "currency": "CNY",
    }
    if refunds is not None:
        mapping["refunds"] = refunds
    path = tmp_path / "refunds.yaml"
    path.write_text(yaml.safe_dump(mapping))
    return load_actuals(path, lenient=refunds is None)


def test_an_imported_refund_reduces_commission_and_an_unmatched_one_is_reported(
    tmp_path,
) -> None:
    """Ann books 10,000 + 5,000 in January against a 10,000 quota at a flat 3%: 450, a
    rate of 3%. Credit note C1 (-4,000, March) refers to D1 (January): lag 2 months,
    inside a 6-month window: clawback in March = -4,000 x 450 / 15,000 = -120.00. C2
    (-1,000, Bob, March) refers to X9, which is in no row: listed in the data-quality
    report, counted as cancelled revenue in March, nothing clawed back."""
    from salesperf_model.present.data_quality import data_problems_table

    outcomes, report = _import_refunds(
        tmp_path, {"negative_amounts": True, "original_id": "refund_of"}
    )
    assert outcomes.periods == ["2024-01", "2024-02", "2024-03", "2024-04"]
    ann, bob = (
        list(outcomes.reps["rep_id"]).index("Ann"),
        list(outcomes.reps["rep_id"]).index("Bob"),
    )
    assert outcomes.get("revenue_booked")[0, ann].tolist() == [15_000.0, 0.0, 0.0, 1_000.0]
    assert outcomes.get("revenue_cancelled")[0, ann].tolist() == [0.0, 0.0, 4_000.0, 0.0]
    assert outcomes.get("revenue_cancelled")[0, bob].tolist() == [0.0, 0.0, 1_000.0, 0.0]
    assert outcomes.get("revenue_cancelled_booked")[0, ann].tolist() == [4_000.0, 0, 0, 0]
    assert outcomes.get("cancellation_lag")[0, ann].tolist() == [2.0, 0.0, 0.0, 0.0]
    assert not outcomes.get("revenue_cancelled_booked")[0, bob].any()
    plan = booked_plan(6, tiers=[{"from_attainment": 0, "rate": 0.03}]).pay
    commission, _ = pay_commission(outcomes, plan.commission)
    taken = clawback(plan.clawback, plan.commission, outcomes, commission=commission)
    assert commission[0, ann].tolist() == [450.0, 0.0, 0.0, 30.0]
    assert taken[0, ann].tolist() == pytest.approx([0.0, 0.0, -120.0, 0.0])
    assert not taken[0, bob].any()
    table = data_problems_table(report)
    unmatched = table[table.apply(lambda r: "matches no won deal" in " ".join(map(str, r)), axis=1)]
    assert len(unmatched) == 1
    problems = report.problems.set_index("problem")
    assert problems.loc["refund matches no won deal", "examples"] == "'X9'"
    assert problems.loc["refund matches no won deal", "rows"] == [4]  # C2's data row
    assert report.reconciliation is not None and report.reconciliation.closes


def test_without_a_refund_rule_negative_lines_stay_errors(tmp_path) -> None:
    outcomes, report = _import_refunds(tmp_path, None)
    assert not outcomes.get("revenue_cancelled").any()
    assert "negative amount" in report.problems["problem"].tolist()


def test_a_refund_status_row_cancels_the_deal_with_its_own_id(tmp_path) -> None:
    """A status column: D1 won in January (10,000) and a later row of D1 with stage
    'Refunded' dated by its refunded_on column, April: lag 3 months, 10,000 cancelled."""
    import yaml

    from salesperf_model.actuals import load_actuals

    (tmp_path / "deals.csv").write_text(
        "id,salesperson,stage,closed,value,refunded_on\n"
        "D1,Ann,Won,2024-01-10,10000,\n"
        "D2,Ann,Lost,2024-02-10,3000,\n"
        "D1,Ann,Refunded,2024-01-10,10000,2024-04-02\n"
    )
    mapping = {
        "name": "status",
        "data_dir": str(tmp_path),
        "opportunities": {
            "file": "deals.csv",
            "columns": {
                "opportunity_id": "id",
                "rep": "salesperson",
                "stage": "stage",
                "close_date": "closed",
                "amount": "value",
            },
            "stages": {"won": ["Won"], "lost": ["Lost"], "negotiation": [], "prospecting": []},
        },
        "refunds": {"stages": ["Refunded"], "date": "refunded_on"},
        "last_period": "2024-04",
        "quota": {"rule": "fixed", "amount": 10_000},
        "currency": "CNY",
    }
    path = tmp_path / "status.yaml"
    path.write_text(yaml.safe_dump(mapping))
    outcomes, report = load_actuals(path)
    assert outcomes.get("revenue_booked")[0, 0].tolist() == [10_000.0, 0.0, 0.0, 0.0]
    assert outcomes.get("revenue_cancelled")[0, 0].tolist() == [0.0, 0.0, 0.0, 10_000.0]
    assert outcomes.get("revenue_cancelled_booked")[0, 0].tolist() == [10_000.0, 0, 0, 0]
    assert outcomes.get("cancellation_lag")[0, 0].tolist() == [3.0, 0.0, 0.0, 0.0]
    assert "opportunity id repeated" not in report.problems["problem"].tolist()
    assert report.reconciliation is not None and report.reconciliation.closes


def test_pay_at_target_keeps_the_cancelled_share_of_bookings() -> None:
    """At quota (100,000) a month that booked 200,000 with 50,000 later cancelled books
    100,000 with 25,000 cancelled: the same quarter of it."""
    from salesperf_model.measure.variants import revenue_at_quota, revenue_scaled

    outcomes = one_rep([200_000.0], [50_000.0], [2.0])
    assert revenue_at_quota(outcomes).get("revenue_cancelled_booked")[0, 0].tolist() == [25_000.0]
    scaled = revenue_scaled(outcomes, 1.1).get("revenue_cancelled_booked")[0, 0]
    assert scaled.tolist() == pytest.approx([55_000.0])


def test_the_plan_in_plain_words_states_the_clawback() -> None:
    from salesperf_model.present.words import plain_words

    words = plain_words(booked_plan(6, 0.5))
    assert (
        "Clawback: commission on booked revenue cancelled within 6 months of booking is taken "
        "back (50% of it) at the rate it was paid, when the cancellation lands."
    ) in words
    assert not any("Clawback" in w for w in plain_words(scenario_with(base="booked")))


def test_refunds_above_their_deal_are_scaled_down_and_a_seatless_one_is_said(tmp_path) -> None:
    """A 5,000 refund against D1 (10,000) plus C1's 4,000 came to 9,000: fine. Two more
    refunds of D2 (5,000) adding up to 7,000 were taken whole, and the clawback took back
    more than D2 ever earned; a refund whose rep has no deal vanished though the report
    said it was counted. Now D2's refunds are scaled to its 5,000 and reported, and the
    seatless refund is reported as left out."""
    export = REFUND_EXPORT + "C3,Ann,2024-03-01,-4000,D2\nC4,Ann,2024-03-02,-3000,D2\n"
    export += "C5,Zed,2024-03-05,-70,D9\n"
    (tmp_path / "deals.csv").write_text(export)
    import yaml

    from salesperf_model.actuals import load_actuals

    path = tmp_path / "refunds.yaml"
    mapping = {
        "name": "refunds",
        "data_dir": str(tmp_path),
        "opportunities": {
            "file": "deals.csv",
            "columns": {"opportunity_id": "id", "rep": "salesperson", "close_date": "closed",
                        "amount": "value"},
        },
        "quota": {"rule": "fixed", "amount": 10_000},
        "currency": "CNY",
        "refunds": {"negative_amounts": True, "original_id": "refund_of"},
    }  # fmt: skip
    path.write_text(yaml.safe_dump(mapping))
    outcomes, report = load_actuals(path)
    ann = list(outcomes.reps["rep_id"]).index("Ann")
    # D1's 4,000 and D2's 5,000 (4,000 + 3,000 scaled by 5/7), all booked in January
    assert outcomes.get("revenue_cancelled_booked")[0, ann, 0] == pytest.approx(9_000.0)
    problems = report.problems.set_index("problem")
    over = problems.loc["refunds of a deal add up to more than the deal's amount"]
    assert over["rows"] == [6, 7] and over["fix"] == "scaled down to the deal's amount"
    seatless = "refund matches no won deal, and its rep has no deal in the export (no seat)"
    assert problems.loc[seatless, "rows"] == [8]
    assert "Zed" not in set(outcomes.reps["rep_id"])
