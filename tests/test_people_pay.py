"""Pay follows the person in the seat (pay.people): hand-worked leavers, joiners, ramp,
guarantee and draw, vacant seats, and properties (cents, forfeit <= prorate <= pay)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.draws import draw_balance
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes, read_outcomes_csv

BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"
MOVE = Path(__file__).parent / "data" / "imports" / "region_move.csv"
YEAR = [f"2026-{m:02d}" for m in range(1, 13)]
FLAT_3 = [{"from_attainment": 0.0, "rate": 0.03}]
AWARD = {
    "name": "award",
    "type": "threshold",
    "measure": "attainment",
    "at_least": 1.0,
    "amount": 12000,
    "settlement": "annual",
}


def outcomes(measures: dict, periods: list[str], *, n: int = 1, meta=None) -> Outcomes:
    """One simulation of ``n`` new-business seats; measures broadcast to (1, n, months)."""
    reps = pd.DataFrame(
        {
            "rep_id": [f"r{i}" for i in range(n)],
            "role": "new_business",
            "region": "R",
            "region_tier": 1,
            "team": "T",
            "group": "",
        }
    )
    shape = (1, n, len(periods))
    arrays = {k: np.broadcast_to(np.asarray(v, float), shape).copy() for k, v in measures.items()}
    return Outcomes(reps=reps, periods=periods, measures=arrays, meta=meta or {})


def plan(people: dict | None, bonuses: list | None = None, **more):
    overrides = {"pay.bonuses": bonuses or [], "pay.commission.tiers": FLAT_3, **more}
    if people is not None:
        overrides["pay.people"] = people
    return load_scenario(BASELINE, overrides)


def paid(result, name: str) -> list[float]:
    return result.payouts[name][0, 0].tolist()


def leaver_in_month_8() -> Outcomes:
    # person 0 holds the seat January-July (7 months) selling 120,000 a month, person 1
    # takes it in August selling 100,000 a month; quota 100,000 a month all year
    return outcomes(
        {
            "quota": 100_000,
            "revenue_collected_new": [[[120_000] * 7 + [100_000] * 5]],
            "person_id": [[[0] * 7 + [1] * 5]],
        },
        YEAR,
    )


@pytest.mark.parametrize(
    ("rule", "kept_by_leaver"),
    [("forfeit", 0.0), ("prorate", 7000.0), ("pay", 12000.0)],
)
def test_a_leaver_in_month_8_before_the_annual_award(rule, kept_by_leaver) -> None:
    result = run_plan(leaver_in_month_8(), plan({"leaver_rule": rule}, [AWARD]))
    # the leaver's own year: 840,000 on a quota of 7 x 100,000 = 120% >= 100%: the
    # 12,000 award is earned, counted in July (the exit month); the rule keeps
    # forfeit 0, prorate 12,000 x 7/12 = 7,000, pay 12,000; the rest is leaver_forfeit
    award = paid(result, "bonus_award")
    assert award[6] == 12000.0
    forfeit = paid(result, "leaver_forfeit") if rule != "pay" else [0.0] * 12
    assert forfeit[6] == kept_by_leaver - 12000.0
    assert award[6] + forfeit[6] == kept_by_leaver
    # the successor: 500,000 on a quota of 5 x 100,000 = 100%: the award x 5/12 held
    assert award[11] == 5000.0
    assert sum(award) == 17000.0
    # commission follows each month's holder: 3% of 120,000, then of 100,000
    assert paid(result, "commission") == [3600.0] * 7 + [3000.0] * 5


def test_without_people_the_seat_collects_the_leavers_award() -> None:
    result = run_plan(leaver_in_month_8(), plan(None, [AWARD]))
    # the seat's year: 1,340,000 on 1,200,000: one full award in December to the successor
    assert paid(result, "bonus_award") == [0.0] * 11 + [12000.0]
    assert "leaver_forfeit" not in result.payouts


def joiner_in_month_4() -> Outcomes:
    # the seat is vacant January-March (person -1: nobody holds it), person 7 joins in
    # April selling 90,000 a month; quota 100,000 a month
    return outcomes(
        {
            "quota": 100_000,
            "revenue_collected_new": [[[0] * 3 + [90_000] * 9]],
            "person_id": [[[-1] * 3 + [7] * 9]],
        },
        YEAR,
    )


def test_a_joiner_in_month_4_has_prorated_quota_target_bonus_and_ramp() -> None:
    bonuses = [
        {
            "name": "over",
            "type": "over_achievement",
            "above_attainment": 1.0,
            "rate": 0.1,
            "settlement": "annual",
        },
        {
            "name": "target",
            "type": "target_bonus",
            "target_amount": {"default": 2000},
            "grade_multipliers": {"S": 1.0, "A": 1.0, "B": 1.0, "C": 1.0},
            "settlement": "annual",
        },
    ]
    result = run_plan(joiner_in_month_4(), plan({"ramp": [0.25, 0.5, 0.75]}, bonuses))
    # quota: April 25,000, May 50,000, June 75,000, July-December 6 x 100,000 = 750,000
    # (the vacant months carry none); revenue 9 x 90,000 = 810,000
    # over-achievement: 10% x (810,000 - 750,000) = 6,000, paid in December
    assert paid(result, "bonus_over") == [0.0] * 11 + [6000.0]
    # target bonus: 2,000 a month held x 9 months = 18,000
    assert paid(result, "bonus_target") == [0.0] * 11 + [18000.0]
    # nobody is paid base in the vacant months; 8,000 a month from April
    assert paid(result, "base_salary") == [0.0] * 3 + [8000.0] * 9
    assert paid(result, "allowances") == [0.0] * 3 + [1000.0] * 9
    # attainment is the person's: April 90,000 / 25,000 = 3.6; vacant months 0
    assert result.attainment[0, 0, :4].tolist() == [0.0, 0.0, 0.0, 3.6]


def test_the_seat_pays_the_joiner_on_the_full_year_without_people() -> None:
    bonuses = [
        {
            "name": "over",
            "type": "over_achievement",
            "above_attainment": 1.0,
            "rate": 0.1,
            "settlement": "annual",
        }
    ]
    result = run_plan(joiner_in_month_4(), plan(None, bonuses))
    # 810,000 against a full-year quota of 1,200,000: nothing over
    assert paid(result, "bonus_over") == [0.0] * 12


def test_a_guarantee_tops_up_a_zero_month() -> None:
    # a joiner in April: revenue 0 in April, 100,000 in May, 200,000 in June and after
    data = outcomes(
        {
            "quota": 100_000,
            "revenue_collected_new": [[[50_000] * 3 + [0, 100_000] + [200_000] * 7]],
            "person_id": [[[0] * 3 + [1] * 9]],
        },
        YEAR,
    )
    result = run_plan(data, plan({"guarantee": {"months": 3, "amount": 5000}}))
    # commission 3%: April 0 -> top-up 5,000; May 3,000 -> 2,000; June 6,000 -> 0;
    # the first holder is no new person (first month's holder): nothing
    assert paid(result, "guarantee_top_up") == [0.0] * 3 + [5000.0, 2000.0] + [0.0] * 7
    assert paid(result, "commission")[3:6] == [0.0, 3000.0, 6000.0]


def draw_case(at_exit: str, *, records: bool = False):
    # commission 3%: person 0 earns 1,500, 3,000, 6,000, 3,000 (January-April) and
    # leaves; person 1 earns 9,000 in May and 0 in June; draw 4,000 a month
    data = outcomes(
        {
            "quota": 100_000,
            "revenue_collected_new": [[[50_000, 100_000, 200_000, 100_000, 300_000, 0]]],
            "person_id": [[[0, 0, 0, 0, 1, 1]]],
        },
        YEAR[:6],
    )
    return run_plan(data, plan({"draw": {"amount": 4000, "at_exit": at_exit}}), records=records)


def test_a_draw_is_recovered_then_written_off_at_exit() -> None:
    result = draw_case("write_off", records=True)
    # January: advance 2,500 (balance 2,500); February: 1,000 (3,500); March: 6,000 is
    # 2,000 above the draw, recovered (1,500); April: advance 1,000 (2,500), the person
    # leaves and 2,500 is written off; May: a new person, balance 0, 9,000 commission;
    # June: advance 4,000, outstanding at the end of the data
    # (the 2,500 written off moves from draw_advance to draw_written_off in April)
    assert paid(result, "draw_advance") == [2500.0, 1000.0, 0.0, -1500.0, 0.0, 4000.0]
    assert paid(result, "draw_written_off") == [0.0, 0.0, 0.0, 2500.0, 0.0, 0.0]
    assert paid(result, "draw_recovery") == [0.0, 0.0, -2000.0, 0.0, 0.0, 0.0]
    assert "draw_repaid" not in result.payouts
    parts = ("commission", "draw_advance", "draw_recovery", "draw_written_off")
    variable = sum(np.array(paid(result, n)) for n in parts)
    # the draw pays person 0 exactly 4,000 a month
    assert variable.tolist() == [4000.0] * 4 + [9000.0, 4000.0]
    written = result.pay_records["draw_written_off"].values["=written off"][0, 0]
    assert written.tolist() == [0.0, 0.0, 0.0, 2500.0, 0.0, 0.0]


def test_a_draw_balance_is_deducted_at_exit_when_repaid() -> None:
    result = draw_case("repay")
    assert paid(result, "draw_repaid") == [0.0, 0.0, 0.0, -2500.0, 0.0, 0.0]
    assert paid(result, "draw_advance") == [2500.0, 1000.0, 0.0, 1000.0, 0.0, 4000.0]
    assert "draw_written_off" not in result.payouts


def test_the_draw_recursion_carries_the_balance_per_person() -> None:
    due = np.full((1, 1, 4), 100.0)
    commission = np.array([[[0.0, 250.0, 0.0, 0.0]]])
    leaves = np.array([[[False, False, True, False]]])
    advance, recovered, left = draw_balance(due, commission, leaves)
    # 100 advanced, 100 recovered of the 150 above, 100 advanced and left at the exit
    assert advance.tolist() == [[[100.0, 0.0, 100.0, 100.0]]]
    assert recovered.tolist() == [[[0.0, 100.0, 0.0, 0.0]]]
    assert left.tolist() == [[[0.0, 0.0, 100.0, 0.0]]]


def test_a_roster_exit_mid_month_is_a_leaver_with_quota_by_day() -> None:
    # an import (no person_id): the seat is held all of January and February and half
    # of March, then not in April (in_seat), selling 100,000 a month on a quota of 100,000
    held = np.array([[1.0, 1.0, 0.5, 0.0]])
    data = outcomes(
        {"quota": 100_000, "revenue_collected_new": [[[100_000, 100_000, 50_000, 0]]]},
        ["2026-01", "2026-02", "2026-03", "2026-04"],
        meta={"in_seat": held},
    )
    award = {**AWARD, "settlement": "quarterly", "amount": 3000}
    for rule, forfeited in [("forfeit", -4500.0), ("prorate", -500.0), ("pay", 0.0)]:
        result = run_plan(data, plan({"leaver_rule": rule}, [award]))
        # own quarter: 250,000 on a quota of 100,000 + 100,000 + 50,000 (half of March)
        # = 100%: the 3,000 award is earned; March's commission (3% of 50,000 = 1,500)
        # settles after the exit too. forfeit: both lost (4,500); prorate: the award x
        # 2.5 of 3 months served = 2,500 kept (500 lost), commission kept; pay: all kept
        assert paid(result, "bonus_award")[2] == 3000.0
        assert paid(result, "commission") == [3000.0, 3000.0, 1500.0, 0.0]
        lost = paid(result, "leaver_forfeit")[2] if rule != "pay" else 0.0
        assert lost == forfeited
        assert paid(result, "base_salary") == [8000.0, 8000.0, 4000.0, 0.0]


def test_people_on_without_turnover_pays_as_the_seat() -> None:
    rng = np.random.default_rng(3)
    data = outcomes(
        {
            "quota": 100_000,
            "revenue_collected_new": rng.uniform(0, 200_000, (1, 4, 12)),
            "person_id": np.arange(4.0)[None, :, None],
        },
        YEAR,
        n=4,
    )
    bonuses = [AWARD, {**AWARD, "name": "quarter", "settlement": "quarterly", "amount": 3000}]
    seat = run_plan(data, plan(None, bonuses))
    person = run_plan(data, plan({"leaver_rule": "forfeit"}, bonuses))
    for name, values in seat.payouts.items():
        assert np.array_equal(values, person.payouts[name]), name
    assert not person.payouts["leaver_forfeit"].any()


@st.composite
def turnover(draw):
    """Random seats: who holds each month (a new id when someone leaves, -1 vacant) and
    monthly revenue."""
    n, months = 3, 12
    people = np.zeros((1, n, months))
    for r in range(n):
        current = float(r * 100)
        for t in range(months):
            step = draw(st.sampled_from(["stay", "stay", "stay", "leave", "vacant"]))
            if step == "leave" or (step == "stay" and current < 0):
                current = float(r * 100 + t + 1)
            elif step == "vacant":
                current = -1.0
            people[0, r, t] = current
    revenue = draw(st.lists(st.floats(0, 300_000), min_size=n * months, max_size=n * months))
    return people, np.asarray(revenue).reshape(1, n, months)


@settings(max_examples=25, deadline=None)
@given(case=turnover())
def test_forfeit_never_pays_a_person_more_than_prorate_or_pay(case) -> None:
    people, revenue = case
    data = outcomes(
        {"quota": 100_000, "revenue_collected_new": revenue, "person_id": people},
        YEAR,
        n=3,
    )
    bonuses = [
        AWARD,
        {**AWARD, "name": "quarter", "settlement": "quarterly", "amount": 3000},
        {
            "name": "over",
            "type": "over_achievement",
            "above_attainment": 1.0,
            "rate": 0.05,
            "settlement": "half_year",
        },
    ]
    per_person = {}
    for rule in ("forfeit", "prorate", "pay"):
        result = run_plan(data, plan({"leaver_rule": rule}, bonuses))
        total = sum(result.payouts.values())
        # components add to the total to the cent (every component in whole cents)
        for values in result.payouts.values():
            assert np.allclose(values * 100, np.round(values * 100))
        assert (total[people < 0] == 0).all()  # nobody in a vacant seat is paid
        frame = pd.DataFrame({"person": people.ravel(), "pay": total.ravel()})
        per_person[rule] = frame[frame["person"] >= 0].groupby("person")["pay"].sum()
    assert (per_person["forfeit"] <= per_person["prorate"] + 0.005).all()
    assert (per_person["prorate"] <= per_person["pay"] + 0.005).all()


@pytest.mark.parametrize("rule", ["forfeit", "pay"])
def test_a_pool_is_split_among_a_seats_people_and_never_exceeded(rule) -> None:
    # one region, two seats selling 100,000 a month each; seat 1 changes hands after
    # March: the 100,000 pool (split by revenue: 50,000 a seat) is assessed on the seat
    # and split by months held: the leaver 3/12 x 50,000 = 12,500 (in March), the
    # successor 9/12 x 50,000 = 37,500 (in December)
    data = outcomes(
        {
            "quota": 100_000,
            "revenue_collected_new": 100_000,
            "person_id": [[[0] * 12, [1] * 3 + [2] * 9]],
        },
        YEAR,
        n=2,
    )
    pool = {
        "name": "pool",
        "type": "team_pool",
        "pool": 100_000,
        "split": "by_revenue",
        "settlement": "annual",
    }
    result = run_plan(data, plan({"leaver_rule": rule}, [pool]))
    award = result.payouts["bonus_pool"][0]
    assert award[0].tolist() == [0.0] * 11 + [50000.0]
    assert award[1].tolist() == [0.0] * 2 + [12500.0] + [0.0] * 8 + [37500.0]
    assert award.sum() == 100_000.0
    if rule == "forfeit":
        assert result.payouts["leaver_forfeit"][0, 1, 2] == -12500.0


def test_a_roster_move_is_a_transfer_paid_in_full_and_an_exit_date_a_leaver(tmp_path) -> None:
    # tests/data/imports: N-NB1 moves South in May (seat N-NB1@2026-05) and leaves on 20
    # May (whole months: May held, June not). Quarterly award of 3,000 on a mean NPS >= 0.
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "rep_id,effective_from,region,exit_date\nN-NB1,,North,\nN-NB1,2026-05,South,2026-05\n"
    )
    data = read_outcomes_csv(MOVE, roster=roster)
    seats = list(data.reps["rep_id"])
    award = {**AWARD, "measure": "nps", "at_least": -100, "amount": 3000}
    award["settlement"] = "quarterly"
    result = run_plan(data, plan({"leaver_rule": "forfeit"}, [award]))
    old, new = seats.index("N-NB1"), seats.index("N-NB1@2026-05")
    bonus = result.payouts["bonus_award"][0]
    forfeit = result.payouts["leaver_forfeit"][0]
    # the old seat: Q1 in full in March; of Q2 it holds April only: a transfer, its
    # award on April's results paid in full in April (not forfeited)
    assert bonus[old].tolist() == [0, 0, 3000, 3000, 0, 0]
    assert forfeit[old].tolist() == [0.0] * 6
    # the new seat: May only, then the person leaves: the award is forfeited
    assert bonus[new][4] == 3000 and forfeit[new][4] <= -3000


SCENARIOS = Path(__file__).parents[1] / "scenarios"
EXAMPLE = Path(__file__).parent / "data" / "example_outcomes.csv"
#: the example table with N-NB1 booking 20,000 more in 2026-02, cancelled two months on
CANCELLED = Path(__file__).parent / "data" / "cancelled_deal_outcomes.csv"
CLAWBACK = {"pay.commission.base": "booked", "pay.clawback": {"window_months": 6, "share": 1.0}}


@pytest.mark.parametrize(
    ("scenario", "table", "more"),
    [
        ("plan_mechanics.yaml", EXAMPLE, {}),  # holdback, SPIF, windfall, modifier
        ("baseline.yaml", CANCELLED, CLAWBACK),  # clawback
    ],
)
def test_people_under_the_pay_rule_without_a_leaver_keep_every_component(
    scenario, table, more
) -> None:
    data = read_outcomes_csv(table)
    seat = run_plan(data, load_scenario(SCENARIOS / scenario, more))
    person = run_plan(
        data, load_scenario(SCENARIOS / scenario, {**more, "pay.people": {"leaver_rule": "pay"}})
    )
    mechanics = {"holdback", "clawback"} & set(seat.payouts)
    assert mechanics, sorted(seat.payouts)  # the plan pays one of them
    for name, values in seat.payouts.items():
        assert name in person.payouts, name
        assert np.array_equal(values, person.payouts[name]), name
    if "clawback" in seat.payouts:  # hand-worked: 20,000 x 1,827 / 60,900 taken back in April
        rep = list(data.reps["rep_id"]).index("N-NB1")
        april = data.periods.index("2026-04")
        assert person.payouts["clawback"][0, rep, april] == pytest.approx(-600.0)


@pytest.mark.parametrize("method", ["forced", "hybrid"])
def test_a_roster_seat_nobody_held_in_a_review_takes_no_place_in_its_ranking(method) -> None:
    """N-NB1 moves North -> East in May (east_move.csv: the example table so): the East
    seat it takes (N-NB1@2026-05) is held by nobody in Q1, so East's Q1 grades and pay
    are those of the example table without the move."""
    more = {"grading.method": method, "grading.scope": "region"}
    plan = load_scenario(SCENARIOS / "forced_distribution.yaml", more)
    east = MOVE.with_name("east_move.csv")
    moved = read_outcomes_csv(east, roster=east.with_name("east_move_roster.csv"))
    still = read_outcomes_csv(EXAMPLE)
    with_move, without = run_plan(moved, plan), run_plan(still, plan)
    ids = list(moved.reps["rep_id"])
    ghost = ids.index("N-NB1@2026-05")
    assert np.asarray(moved.meta["in_seat"]).reshape(-1, len(ids), 6)[0, ghost, :3].sum() == 0
    first_quarter = 0  # review periods are quarters
    for rep in ("E-RM", "E-NB1", "E-AM1"):
        assert (
            with_move.grades[0, ids.index(rep), first_quarter]
            == without.grades[0, list(still.reps["rep_id"]).index(rep), first_quarter]
        ), rep
    for name in ("bonus_target_bonus", "total"):
        if name in without.payouts:
            for rep in ("E-RM", "E-NB1"):
                assert np.array_equal(
                    with_move.payouts[name][0, ids.index(rep), :3],
                    without.payouts[name][0, list(still.reps["rep_id"]).index(rep), :3],
                ), (name, rep)


QUARTERS = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]


def quarterly_joiner(people: dict):
    """A person who joins on 1 May (the seat held 2 of Q2's 3 months, none of Q1);
    commission 3%: 1,200 in Q2, 1,500 in Q3, 1,800 in Q4."""
    data = outcomes(
        {
            "quota": 300_000,
            "revenue_collected_new": [[[0, 40_000, 50_000, 60_000]]],
            "person_id": [[[0, 0, 0, 0]]],
        },
        QUARTERS,
        meta={"in_seat": np.array([[0.0, 2 / 3, 1.0, 1.0]])},
    )
    return run_plan(data, plan(people))


def test_a_quarterly_table_guarantees_months_not_quarters() -> None:
    # 2,000 a month for a person's first 3 months (May, June, July): Q2 holds two of
    # them (due 4,000, top-up 4,000 - 1,200 = 2,800), Q3 one (2,000 - 1,500 = 500), Q4
    # none; it read 2,000 x 2/3 in Q2 (133.33) and went on for three quarters (200 in Q4)
    result = quarterly_joiner({"leaver_rule": "pay", "guarantee": {"months": 3, "amount": 2000}})
    assert paid(result, "commission") == [0.0, 1200.0, 1500.0, 1800.0]
    assert paid(result, "guarantee_top_up") == [0.0, 2800.0, 500.0, 0.0]


def test_a_quarterly_table_draws_a_month_at_a_time() -> None:
    # 1,500 a month for 6 months (May to October): due 3,000 in Q2 (advance 1,800),
    # 4,500 in Q3 (advance 3,000), 1,500 in Q4 (commission 1,800 recovers 300)
    result = quarterly_joiner({"leaver_rule": "pay", "draw": {"amount": 1500, "months": 6}})
    assert paid(result, "draw_advance") == [0.0, 1800.0, 3000.0, 0.0]
    assert paid(result, "draw_recovery") == [0.0, 0.0, 0.0, -300.0]


def _east_move(tmp_path, roster_text: str):
    """east_move.csv without its tenure_months column (so months in seat are counted from
    the table) and ``roster_text``."""
    table = pd.read_csv(MOVE.with_name("east_move.csv")).drop(columns="tenure_months")
    table.to_csv(tmp_path / "move.csv", index=False)
    (tmp_path / "roster.csv").write_text(roster_text)
    return read_outcomes_csv(tmp_path / "move.csv", roster=tmp_path / "roster.csv")


def _seat_paid(result, data, seat: str, name: str) -> list[float]:
    rep = list(data.reps["rep_id"]).index(seat)
    return result.payouts[name][0, rep].tolist() if name in result.payouts else []


def test_a_transfer_is_not_a_new_hire_for_the_guarantee(tmp_path) -> None:
    # N-NB1 holds its seat from before the table and moves North -> East in May: a
    # transfer, not a new person, so no guarantee starts in the East seat (it paid 5,485)
    data = _east_move(
        tmp_path,
        "rep_id,effective_from,role,region,region_tier,team\n"
        "N-NB1,,new_business,North,1,north\nN-NB1,2026-05,new_business,East,2,east\n",
    )
    people = {"leaver_rule": "forfeit", "guarantee": {"months": 3, "amount": 5000}}
    result = run_plan(data, plan(people))
    assert sum(_seat_paid(result, data, "N-NB1@2026-05", "guarantee_top_up")) == 0.0


def test_a_transfer_carries_the_draw_balance_to_the_new_seat(tmp_path) -> None:
    # hired 1 February, moves in May: the draw runs February to July on one balance;
    # nothing is written off (or repaid) at the move, in April
    data = _east_move(
        tmp_path,
        "rep_id,effective_from,role,region,region_tier,team,hire_date\n"
        "N-NB1,,new_business,North,1,north,2026-02-01\n"
        "N-NB1,2026-05,new_business,East,2,east,\n",
    )
    people = {"leaver_rule": "forfeit", "draw": {"amount": 4000, "months": 6}}
    result = run_plan(data, plan(people))
    old, new = "N-NB1", "N-NB1@2026-05"
    assert sum(_seat_paid(result, data, old, "draw_written_off")) == 0.0
    advanced = sum(_seat_paid(result, data, old, "draw_advance"))
    recovered = -sum(_seat_paid(result, data, new, "draw_recovery"))
    assert advanced > 0
    # what the East seat's commission recovers is North's balance, not a fresh start
    commission = _seat_paid(result, data, new, "commission")
    due = 4000.0 * 2  # May and June, months 4 and 5 of the draw
    assert recovered == pytest.approx(min(advanced, max(0.0, sum(commission) - due)), abs=0.01)
    repay = plan({**people, "draw": {"amount": 4000, "months": 6, "at_exit": "repay"}})
    assert sum(_seat_paid(run_plan(data, repay), data, old, "draw_repaid")) == 0.0


def test_a_tenure_column_that_contradicts_a_roster_hire_is_noted(tmp_path) -> None:
    # E-AM1 hired 10 March by the roster, while the table's tenure_months says 21 there:
    # a guarantee read tenure_months and paid nothing, without a word
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,effective_from,hire_date,exit_date\nE-AM1,,2026-03-10,\n")
    notes: list = []
    read_outcomes_csv(EXAMPLE, roster=roster, notes=notes)
    said = [n for n in notes if "tenure_months says" in str(n)]
    assert len(said) == 1 and "'E-AM1'" in said[0] and "2026-03" in said[0]
    assert "drop that column" in said[0]
    table = pd.read_csv(EXAMPLE).drop(columns="tenure_months")
    table.to_csv(tmp_path / "plain.csv", index=False)
    quiet: list = []
    read_outcomes_csv(tmp_path / "plain.csv", roster=roster, notes=quiet)
    assert not [n for n in quiet if "tenure_months" in str(n)]
