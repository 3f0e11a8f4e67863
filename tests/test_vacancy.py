"""Vacant seats between an exit and the next hire (workforce.time_to_fill_months):
person_id -1, no selling, no pay, no forced-distribution place, the revenue lost."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesperf_model.engine import run_plan
from salesperf_model.engine.grading import band_grades, ranked_grades
from salesperf_model.engine.vacancy import UNPAID_LINE, held_outcomes, vacant_months
from salesperf_model.loading import load_scenario
from salesperf_model.measure.grade_parity import grade_rates
from salesperf_model.measure.registry import plan_draws
from salesperf_model.outcomes import Outcomes, read_outcomes_csv
from salesperf_model.plan_questions import PayOutlook, PayState
from salesperf_model.schema import Behaviour, Grading, Population, Scenario
from salesperf_model.simulate import simulate

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"


def _scenario() -> Scenario:
    return load_scenario(BASELINE)


def _population(scenario: Scenario, **workforce: float) -> Population:
    changed = scenario.population.workforce.model_copy(update=workforce)
    return scenario.population.model_copy(update={"workforce": changed})


def _first_vacancies(person: np.ndarray) -> list[tuple[int, int, int]]:
    """(simulation, seat, first vacant month) of every vacancy: a month with person -1
    after a held one (the first month of a run of -1)."""
    vacant = person == -1
    starts = vacant[..., 1:] & ~vacant[..., :-1]
    return [(s, r, t + 1) for s, r, t in zip(*np.nonzero(starts), strict=True)]


@pytest.fixture(scope="module")
def case() -> tuple[Scenario, Outcomes]:
    """60 seats, 8 months, 3 simulations, 60% annual attrition, time to fill 2."""
    scenario = _scenario()
    population = _population(scenario, annual_attrition=0.6, time_to_fill_months=2)
    return scenario, simulate(population, reps=60, periods=8, simulations=3, seed=11)


def test_an_exit_in_month_3_leaves_months_4_and_5_empty_and_unpaid(case) -> None:
    """Hand case: a seat whose first holder (person id = the seat) leaves at the close of
    month 3 (index 2). Time to fill 2 -> months 4 and 5 (indices 3, 4): person -1, no
    visits, no deal, quota 0, tenure 0, every pay component exactly 0. Month 6 (index
    5): the successor, person id = seat + 60 x 1 (the seat's first hire), tenure 1 at
    the month's end, paid a base salary again."""
    scenario, outcomes = case
    person = outcomes.get("person_id")
    seats = [
        (s, r) for s, r, t in _first_vacancies(person) if t == 3 and (person[s, r, :3] == r).all()
    ]
    assert seats, "the seed gives at least one first exit at the close of month 3"
    result = run_plan(outcomes, scenario)
    total = result.total_pay()
    for s, r in seats:
        assert person[s, r, 3:6].tolist() == [-1, -1, r + 60]
        assert outcomes.get("tenure_months")[s, r, 3:6].tolist() == [0, 0, 1]
        for name in ("visits", "deals_won", "revenue_booked_new", "quota"):
            assert outcomes.get(name)[s, r, 3:5].tolist() == [0, 0], name
        assert total[s, r, 3:5].tolist() == [0.0, 0.0]
        for name, values in result.payouts.items():
            assert values[s, r, 3:5].tolist() == [0.0, 0.0], name
        assert result.payouts["base_salary"][s, r, 5] > 0
        assert outcomes.truth["revenue_lost_vacancy"][s, r, 3:5].min() > 0
        assert outcomes.truth["revenue_lost_vacancy"][s, r, 5] == 0


def test_coverage_keeps_its_share_of_the_book_and_the_rest_is_lost(case) -> None:
    """Coverage 0.75 (the default): in a vacant month the seat books 0.75 of what its
    book drew, so the truth's lost revenue is at least the other 0.25, i.e. at least
    booked existing x 0.25 / 0.75 = booked / 3 (plus an average rep's new business);
    coverage 0: an empty seat books nothing from its customers."""
    _, outcomes = case
    vacant = vacant_months(outcomes)
    booked = outcomes.get("revenue_booked_existing")[vacant]
    lost = outcomes.truth["revenue_lost_vacancy"][vacant]
    assert booked.sum() > 0
    assert np.all(lost >= booked / 3 - 1e-6)
    assert np.all(outcomes.truth["revenue_lost_vacancy"][~vacant] == 0)
    scenario = _scenario()
    population = _population(
        scenario, annual_attrition=0.6, time_to_fill_months=2, vacancy_coverage=0.0
    )
    none_kept = simulate(population, reps=30, periods=6, simulations=2, seed=4)
    empty = vacant_months(none_kept)
    assert empty is not None and empty.sum() > 0
    assert none_kept.get("revenue_booked")[empty].sum() == 0.0


def test_the_held_view_zeroes_vacant_months_and_keeps_the_person(case) -> None:
    _, outcomes = case
    held = held_outcomes(outcomes)
    vacant = vacant_months(outcomes)
    assert held.get("revenue_booked_existing")[vacant].sum() == 0.0
    assert np.array_equal(held.get("person_id"), outcomes.get("person_id"))
    assert np.array_equal(held.get("visits")[~vacant], outcomes.get("visits")[~vacant])
    assert held_outcomes(held) is held
    plain = simulate(_scenario().population, reps=10, periods=3, simulations=1, seed=1)
    assert held_outcomes(plain) is plain and vacant_months(plain) is None


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4), st.integers(0, 10_000), st.integers(4, 14))
def test_vacant_months_are_exits_times_time_to_fill_cut_at_the_horizon(
    months: int, seed: int, periods: int
) -> None:
    """Every vacancy (a run of person -1) lasts exactly ``months``, or until the horizon
    when the exit came within ``months`` of its end; vacant seat-months = sum over the
    exits before the last month of min(months, periods - first vacant month). The pay of
    every vacant seat-month is exactly 0, and the components add to the total to the
    cent."""
    scenario = _scenario()
    population = _population(scenario, annual_attrition=0.5, time_to_fill_months=months)
    outcomes = simulate(population, reps=25, periods=periods, simulations=2, seed=seed)
    person = outcomes.get("person_id")
    vacant = person == -1
    starts = _first_vacancies(person)
    starts += [(s, r, 0) for s, r in zip(*np.nonzero(vacant[..., 0]), strict=True)]
    assert not vacant[..., 0].any()  # nobody leaves before the first month
    expected = sum(min(months, periods - t) for _, _, t in starts)
    assert vacant.sum() == expected
    for s, r, t in starts:
        run = vacant[s, r, t : t + months]
        assert run.all() and (t + months >= periods or not vacant[s, r, t + months])
    result = run_plan(outcomes, scenario)
    total = result.total_pay()
    assert np.all(total[vacant] == 0.0)
    added = sum(result.payouts.values())
    assert np.allclose(np.round(added, 2), total, rtol=0, atol=1e-9)


def test_time_to_fill_0_ignores_coverage_bit_for_bit() -> None:
    """Off (the default) nothing changes: the coverage is never read."""
    population = _scenario().population
    a = simulate(population, reps=20, periods=6, simulations=2, seed=3)
    b = simulate(
        _population(_scenario(), vacancy_coverage=0.1), reps=20, periods=6, simulations=2, seed=3
    )
    for name, values in a.measures.items():
        assert np.array_equal(values, b.measures[name]), name
    assert not (a.get("person_id") == -1).any()
    assert np.all(a.truth["revenue_lost_vacancy"] == 0)


def test_same_seed_is_bit_identical_and_chunking_changes_nothing() -> None:
    population = _population(_scenario(), annual_attrition=0.5, time_to_fill_months=2)
    size = {"reps": 30, "periods": 9, "simulations": 4, "seed": 21}
    one = simulate(population, **size)
    again = simulate(population, **size)
    chunked = simulate(population, **size, chunk_size=1)
    assert (one.get("person_id") == -1).sum() > 0
    for name, values in one.measures.items():
        assert np.array_equal(values, again.measures[name]), name
        assert np.array_equal(values, chunked.measures[name]), name
    for name, values in one.truth.items():
        assert np.array_equal(values, chunked.truth[name]), name


class _OneSeatPaidMore:
    """Seat ``seat`` is paid ``boost`` times the others at the margin (keyed draws)."""

    attainment_basis = "collected"

    def __init__(self, seat: int, boost: float) -> None:
        self.seat, self.boost = seat, boost

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        return np.full(attainment_so_far.shape, 0.05)

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> None:
        return None

    def review(self, outcomes_so_far: Outcomes, period_index: int) -> None:
        return None

    def outlook(self, state: PayState) -> PayOutlook:
        shape = state.quota.shape
        boost = np.where(np.arange(shape[1]) == self.seat, self.boost, 1.0)
        return PayOutlook(
            marginal_pay=np.full(shape, 0.05) * boost,
            expected_pay=np.broadcast_to(boost * state.quota * 0.1, shape),
            market_pay=state.quota * 0.1,
            timing_gain=(np.zeros(shape), np.zeros(shape)),
        )


def test_common_random_numbers_hold_with_vacancies_under_behaviour() -> None:
    """Under behaviour (keyed draws) seat 7 paid twice as much works harder and leaves
    less; every other seat, vacancies included, is bit for bit the same."""
    population = _population(_scenario(), annual_attrition=0.5, time_to_fill_months=2)
    behaviour = Behaviour(performance_exit_effect=0.0)
    runs = [
        simulate(
            population,
            reps=30,
            periods=10,
            simulations=3,
            seed=5,
            plan_response=_OneSeatPaidMore(seat=7, boost=boost),
            behaviour=behaviour,
        )
        for boost in (1.0, 2.0)
    ]
    others = np.arange(30) != 7
    assert (runs[0].get("person_id")[:, others] == -1).sum() > 0
    for name, values in runs[0].measures.items():
        assert np.array_equal(values[:, others], runs[1].measures[name][:, others]), name
    assert not np.array_equal(runs[0].get("visits")[:, 7], runs[1].get("visits")[:, 7])


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 12),
    st.integers(0, 2**31 - 1),
    st.sampled_from(["forced", "hybrid"]),
)
def test_a_vacant_seat_takes_no_forced_place(n: int, seed: int, method: str) -> None:
    """Ranking with vacant seats gives each held seat the grade it gets when its unit is
    graded without the vacant seats at all; a vacant seat keeps its band grade."""
    rng = np.random.default_rng(seed)
    points = np.round(rng.uniform(40, 100, (2, n, 3)), 1)
    vacant = rng.uniform(size=points.shape) < 0.3
    grading = Grading(method=method, tie_rule="rep_id")
    bands = band_grades(points, grading)
    rep_ids = np.array([f"r{i:02d}" for i in range(n)])
    grades = ranked_grades(
        points, bands, grading, units=np.zeros(n, int), rep_ids=rep_ids, vacant=vacant
    )
    assert np.array_equal(grades[vacant], bands[vacant])
    for s in range(2):
        for r in range(3):
            held = ~vacant[s, :, r]
            if not held.any():
                continue
            alone = ranked_grades(
                points[s : s + 1, held, r : r + 1],
                bands[s : s + 1, held, r : r + 1],
                grading,
                units=np.zeros(int(held.sum()), int),
                rep_ids=rep_ids[held],
            )
            assert np.array_equal(grades[s, held, r], alone[0, :, 0])


def test_forced_hand_case_five_seats_one_vacant() -> None:
    """Forced shares S 12.5% A 37.5% B 40% C 10% (the default). 5 seats: 0.625, 1.875,
    2, 0.5 -> floors 0 1 2 0, the 2 left to the largest remainders A (.875), S (.625)
    -> S 1 A 2 B 2 C 0. With the 2nd-best seat vacant the 4 held seats are cut as a
    unit of 4: 0.5, 1.5, 1.6, 0.4 -> floors 0 1 1 0, the 2 left to B (.6) and, of the
    tied .5s, the worse grade A -> S 0 A 2 B 2 C 0: points 90, 70, 60, 50 -> A A B B."""
    grading = Grading(method="forced")
    points = np.array([90.0, 80.0, 70.0, 60.0, 50.0])[None, :, None]
    vacant = np.array([False, True, False, False, False])[None, :, None]
    bands = band_grades(points, grading)
    ids = np.array(list("abcde"))
    full = ranked_grades(points, bands, grading, units=np.zeros(5, int), rep_ids=ids)
    assert full[0, :, 0].tolist() == [0, 1, 1, 2, 2]
    held = ranked_grades(points, bands, grading, units=np.zeros(5, int), rep_ids=ids, vacant=vacant)
    assert held[0, [0, 2, 3, 4], 0].tolist() == [1, 1, 2, 2]
    assert held[0, 1, 0] == bands[0, 1, 0]


def test_vacancy_metrics_count_the_empty_months_and_the_revenue_lost(case) -> None:
    scenario, outcomes = case
    draws = plan_draws(run_plan(outcomes, scenario), outcomes)
    vacant = outcomes.get("person_id") == -1
    assert draws["vacant_seat_months"].tolist() == vacant.sum(axis=(1, 2)).tolist()
    lost = outcomes.truth["revenue_lost_vacancy"].sum(axis=(1, 2))
    assert np.allclose(draws["revenue_lost_to_vacancies"], lost)
    plain = simulate(scenario.population, reps=10, periods=3, simulations=1, seed=1)
    names = plan_draws(run_plan(plain, scenario), plain).columns
    assert "vacant_seat_months" not in names and "revenue_lost_to_vacancies" not in names


def test_a_settlement_ending_in_an_empty_month_is_recorded_as_unpaid(case) -> None:
    """Quarterly and annual bonuses of the baseline settle in months 3, 6 and 8 (the
    partial year's end): where the seat is empty then, the record's last line (what is
    paid) is 0, and every settlement pays its record's last line to the cent."""
    scenario, outcomes = case
    result = run_plan(outcomes, scenario, records=True)
    vacant = vacant_months(outcomes)
    noted = {n: r for n, r in result.pay_records.items() if UNPAID_LINE in r.values}
    assert "bonus_target_bonus" in noted and "bonus_profit_share" in noted
    for name, record in noted.items():
        assert list(record.values)[-1] == UNPAID_LINE
        paid = record.values[UNPAID_LINE]
        assert np.all(paid[vacant[..., record.settle.ends]] == 0), name
        settled = result.payouts[name][..., record.settle.ends]
        assert np.abs(settled - paid).max() < 0.01 + 1e-9, name


def test_grade_rates_count_only_the_seat_reviews_somebody_held() -> None:
    """Grades S C / C B / A C (3 seats, 2 reviews); seat 2 empty at review 1's end and
    seat 3 at review 2's: the graded cells are S, C, B, A -> S rate 1/4 = 25%, C rate
    1/4 = 25% (all six cells: S 1/6, C 3/6 = 50%)."""
    s_, a_, b_, c_ = 0, 1, 2, 3
    grades = np.array([[[s_, c_], [c_, b_], [a_, c_]]])
    graded = np.array([[[True, True], [False, True], [True, False]]])
    everyone = np.ones((1, 3), bool)
    assert [float(x[0]) for x in grade_rates(grades, everyone)] == [100 / 6, 50.0]
    assert [float(x[0]) for x in grade_rates(grades, everyone, graded)] == [25.0, 25.0]


def test_a_plan_result_marks_the_seat_reviews_nobody_held(case) -> None:
    scenario, outcomes = case
    result = run_plan(outcomes, scenario)
    ends = [int(np.flatnonzero(result.review_of_month == r).max()) for r in range(3)]
    assert np.array_equal(result.graded, outcomes.get("person_id")[..., ends] != -1)
    assert (~result.graded).sum() > 0
    plain = simulate(scenario.population, reps=10, periods=3, simulations=1, seed=1)
    assert run_plan(plain, scenario).graded is None


def test_revenue_lost_is_an_average_reps_new_business_plus_the_uncovered_book() -> None:
    """Coverage 0.5: in a vacant month the seat books 0.5 x the book's orders drawn, so
    the uncovered half equals what it booked; the truth's lost revenue is that plus an
    average rep's expected new business (the seat's expectation at skill 0) x the
    month's demand (season x market x regional shock), recomputed here from the chunk's
    own start (the same seed and simulations)."""
    from salesperf_model.simulate.periods import period_labels
    from salesperf_model.simulate.seats import build_rep_table, seat_constants
    from salesperf_model.simulate.start import start_chunk

    population = _population(
        _scenario(), annual_attrition=0.6, time_to_fill_months=2, vacancy_coverage=0.5
    )
    outcomes = simulate(population, reps=30, periods=6, simulations=2, seed=8)
    table = build_rep_table(population, 30, 8)
    chunk, _ = start_chunk(
        population,
        seat_constants(population, table),
        table,
        labels=period_labels("2026-01", 6),
        seed=8,
        simulations=range(2),
        out={},
        response=None,
    )
    vacant = vacant_months(outcomes)
    assert vacant is not None and vacant.sum() >= 5
    demand = np.stack([chunk.environment.demand(t, chunk.seats.region) for t in range(6)], -1)
    new_business = chunk.expected_new[..., None] * demand
    expected = new_business + outcomes.get("revenue_booked_existing")
    lost = outcomes.truth["revenue_lost_vacancy"]
    assert np.allclose(lost[vacant], expected[vacant], rtol=1e-12, atol=1e-9)
    assert np.all(new_business[vacant] > 0)


def test_an_outcome_table_with_empty_seats_reads_back_and_pays_the_same(case, tmp_path) -> None:
    """person_id -1 survives a CSV round trip (salesperf pay / statement read tables);
    -2 is no person and is refused with its line and column."""
    scenario, outcomes = case
    one = outcomes.select_simulations(slice(0, 1))
    table = one.to_long()
    table = table[[c for c in table.columns if not c.startswith("truth_")]]
    path = tmp_path / "outcomes.csv"
    table.to_csv(path, index=False)
    back = read_outcomes_csv(path)
    assert np.array_equal(back.get("person_id"), one.get("person_id"))
    paid = run_plan(back, scenario).total_pay()
    assert np.array_equal(paid, run_plan(one, scenario).total_pay())
    assert np.all(paid[back.get("person_id") == -1] == 0)
    table.loc[table.index[0], "person_id"] = -2
    table.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"line 2, column 'person_id'"):
        read_outcomes_csv(path)
