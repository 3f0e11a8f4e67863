"""Grade consequences that change the future (``simulate.careers``): promotion out of the
sales force, training after a B, an improvement plan after a C, each switchable."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from salesperf_model.engine import EnginePlanResponse, run_plan
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes
from salesperf_model.plan_questions import PayOutlook, Review
from salesperf_model.schema import Behaviour, Scenario
from salesperf_model.schema.grading import Consequences
from salesperf_model.simulate import simulate
from salesperf_model.simulate.careers import Careers, supervise
from salesperf_model.validation.workforce import left_and_attainment

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SIZE = {"reps": 60, "periods": 12, "simulations": 3, "seed": 5}
QUARTER_ENDS = [2, 5, 8, 11]  # month indexes of March, June, September, December


def _scenario(*overrides: str) -> Scenario:
    return load_scenario(BASELINE, list(overrides))


def _simulate(plan: Scenario, **size: int) -> Outcomes:
    return simulate(
        plan.population,
        **{**SIZE, **size},
        plan_response=EnginePlanResponse(plan, market=plan, behaviour=plan.behaviour),
        behaviour=plan.behaviour,
    )


class _FixedReviews:
    """A plan response whose quarterly reviews grade each seat as told: ``grades[k]``
    (reps,) at the k-th quarter end; effort stays 1, pay equals the market's."""

    attainment_basis = "booked"

    def __init__(self, grades, consequences, *, candidates=None, promotions=0):
        self.grades = grades
        self.consequences = consequences
        self.candidates = candidates
        self.promotions = promotions

    def marginal_rate(self, attainment_so_far, rep_index):
        return np.full(attainment_so_far.shape, 0.03)

    def improvement_flag(self, outcomes_so_far, period_index):
        return None

    def outlook(self, state):
        ones = np.ones(state.quota.shape)
        return PayOutlook(marginal_pay=0.05 * ones, expected_pay=ones, market_pay=ones)

    def review(self, outcomes_so_far, period_index):
        if period_index not in QUARTER_ENDS:
            return None
        S, R = outcomes_so_far.shape[:2]
        grades = np.broadcast_to(self.grades[QUARTER_ENDS.index(period_index)], (S, R))
        none = np.zeros((S, R), bool)
        candidate = None
        if self.candidates is not None:
            candidate = np.broadcast_to(self.candidates, (S, R))
        return Review(
            improvement_flag=none,
            c_grade=grades == 3,
            moved_down=none,
            grades=grades,
            promotion_candidate=candidate,
            promotions=self.promotions,
            consequences=self.consequences,
        )


def _fixed(response: _FixedReviews, **size: int) -> Outcomes:
    population = _scenario("population.workforce.annual_attrition=0").population
    behaviour = Behaviour(timing_control_share={role: 0.0 for role in _ROLES})
    return simulate(population, **{**SIZE, **size}, plan_response=response, behaviour=behaviour)


_ROLES = (
    "new_business",
    "account_manager",
    "key_account_manager",
    "channel_manager",
    "regional_manager",
    "equity_sales",
)


def _consequences(**changes: dict) -> Consequences:
    return Consequences.model_validate(changes)


def test_one_promotion_per_quarter_per_pool():
    """Under the baseline's quarterly reviews exactly one rep a quarter is promoted in each
    simulation; with a pool per region one per region; switched off, none."""
    out = _simulate(_scenario())
    promotions = out.meta["consequences"]["promotions"]
    expected = np.zeros(SIZE["periods"], int)
    expected[QUARTER_ENDS] = 1
    assert (promotions == expected).all()

    by_region = _simulate(_scenario("grading.consequences.promotion.pool=region"))
    regions = out.reps["region"].nunique()
    assert (by_region.meta["consequences"]["promotions"] == expected * regions).all()

    off = _simulate(_scenario("grading.consequences.promotion.enabled=false"))
    assert off.meta["consequences"]["promotions"].sum() == 0


def test_promoted_rep_was_a_candidate_and_the_seat_is_refilled():
    """With no other exits, the seats whose holder changes are exactly the promoted ones,
    one a quarter, always among the candidates; the new holder starts at tenure 0."""
    R = SIZE["reps"]
    candidates = np.zeros(R, bool)
    candidates[[3, 10, 11, 40, 41, 59]] = True
    grades = [np.ones(R, int)] * 4  # everyone A: no training, no plan
    out = _fixed(_FixedReviews(grades, _consequences(), candidates=candidates, promotions=1))
    person = out.get("person_id")
    changed = person[:, :, 1:] != person[:, :, :-1]  # changed from month t to t+1
    assert changed.sum(axis=1).tolist() == [[0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]] * 3
    sims, seats, months = np.nonzero(changed)
    assert candidates[seats].all()
    assert (out.get("tenure_months")[sims, seats, months + 1] == 1).all()  # 0 completed + 1
    assert out.meta["exits"] == 0
    assert out.meta["consequences"]["promotions"].sum() == 12  # December's after the data
    promoted = out.meta["promoted"]
    assert np.array_equal(promoted[:, :, :-1], changed) and promoted[:, :, -1].sum() == 3
    left, _ = left_and_attainment(out)  # a promotion is not leaving the company
    assert not left.any()


def test_training_raises_skill_by_the_stated_amount():
    """Seats graded B in March gain 0.1 / 6 SD of skill at the end of each of the next six
    months (April .. September): 0.1 SD from October on; B again in June while in training
    does not train twice; others keep their skill; switched off, nobody gains."""
    R = SIZE["reps"]
    first = np.ones(R, int)
    first[:20] = 2  # B
    second = np.ones(R, int)
    second[:10] = 2  # B again while in training
    grades = [first, second, np.ones(R, int), np.ones(R, int)]
    consequences = _consequences(training={"skill_gain": 0.1, "months": 6})
    out = _fixed(_FixedReviews(grades, consequences))
    skill = out.truth["skill"]
    gain = skill - skill[:, :, :1]
    steps = np.array([0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 6, 6]) * (0.1 / 6)
    np.testing.assert_allclose(gain[:, :20], np.broadcast_to(steps, (3, 20, 12)), atol=1e-12)
    assert (gain[:, 20:] == 0).all()
    assert out.meta["consequences"]["trainings"][:, QUARTER_ENDS].tolist() == [[20, 0, 0, 0]] * 3

    off = _fixed(_FixedReviews(grades, _consequences(training={"enabled": False})))
    assert (off.truth["skill"] == off.truth["skill"][:, :, :1]).all()


def test_supervision_raises_effort_for_the_plan_months_only():
    """A supervised seat's effort is multiplied for ``months`` months, then not."""
    careers = Careers.start((1, 3))
    careers.supervised_left[:] = [[2, 0, 1]]
    careers.supervision_effort[:] = 1.1
    efforts = []
    for _ in range(3):
        state = SimpleNamespace(careers=careers, effort=np.ones((1, 3)))
        supervise(state)
        efforts.append(state.effort[0].tolist())
    assert efforts == [[1.1, 1.0, 1.1], [1.1, 1.0, 1.0], [1.0, 1.0, 1.0]]


def test_improvement_plan_counts_c_grades_and_exits_only_reps_graded_c_again():
    """The fixed reviews start a plan for every C; under the engine's review (no voluntary
    exits, every flagged rep leaves) each rep who leaves was graded C in this review and
    the one before, and switched off nobody leaves."""
    R = SIZE["reps"]
    grades = [np.ones(R, int) for _ in range(4)]
    grades[1][:7] = 3
    out = _fixed(_FixedReviews(grades, _consequences()))
    assert (
        out.meta["consequences"]["improvement_plans"][:, QUARTER_ENDS].tolist()
        == [[0, 7, 0, 0]] * 3
    )

    plan = _scenario(
        "population.workforce.annual_attrition=0",
        "population.workforce.plan_exit_probability=1",
        "grading.consequences.promotion.enabled=false",
    )
    out = _simulate(plan, reps=120, simulations=2, periods=11)  # no review at the end
    person = out.get("person_id")
    left = person[:, :, 1:] != person[:, :, :-1]
    assert left.sum() > 0 and out.meta["exits"] == left.sum()
    grades = run_plan(out, plan).grades  # quarterly: review k ends at QUARTER_ENDS[k]
    for s, seat, month in zip(*np.nonzero(left)):
        k = QUARTER_ENDS.index(month)
        assert k >= 1 and grades[s, seat, k] == 3 and grades[s, seat, k - 1] == 3
        assert person[s, seat, QUARTER_ENDS[k - 1]] == person[s, seat, month]

    off = _simulate(
        plan.model_copy(
            update={
                "grading": plan.grading.model_copy(
                    update={"consequences": _consequences(improvement_plan={"enabled": False})}
                )
            }
        ),
        reps=120,
        simulations=2,
        periods=11,
    )
    assert off.meta["exits"] == 0


@pytest.mark.parametrize("chunk_size", [1, 3])
def test_consequences_are_deterministic_per_seed(chunk_size):
    """Same seed: bit-identical people and counts, however the simulations are chunked."""
    plan = _scenario()
    a = _simulate(plan)
    b = simulate(
        plan.population,
        **SIZE,
        plan_response=EnginePlanResponse(plan, market=plan, behaviour=plan.behaviour),
        behaviour=plan.behaviour,
        chunk_size=chunk_size,
    )
    for name, counts in a.meta["consequences"].items():
        assert np.array_equal(counts, b.meta["consequences"][name])
    assert np.array_equal(a.get("person_id"), b.get("person_id"))
    assert np.array_equal(a.truth["skill"], b.truth["skill"])


def test_compare_and_report_simulate_each_plan_with_its_consequences_and_plan_exits():
    """``plan_outcomes`` (what compare and report pay on) simulates each plan under its own
    review: promotions happen, and C-twice exits follow ``plan_exit_probability``."""
    from salesperf_model.pipeline.outcomes import plan_outcomes
    from salesperf_model.pipeline.plans import Plans

    def outcomes(probability: str) -> Outcomes:
        base = _scenario(
            "population.workforce.annual_attrition=0",
            f"population.workforce.plan_exit_probability={probability}",
        )
        plans = Plans(
            scenarios={"baseline": base}, sources={"baseline": str(BASELINE)}, baseline="baseline"
        )
        return plan_outcomes(plans, reps=120, periods=12, simulations=2, seed=3)["baseline"]

    with_exits, without = outcomes("1"), outcomes("0")
    assert (with_exits.meta["consequences"]["promotions"].sum(axis=1) == 4).all()
    assert without.meta["exits"] == 0 < with_exits.meta["exits"]


def test_the_plan_in_words_names_its_consequences_and_long_term_elements():
    from salesperf_model import present

    scenario = _scenario()
    data = scenario.model_dump()
    data["pay"]["long_term"] = [
        {"type": "deferred_bonus", "name": "equity"},
        {"type": "non_cash", "name": "gold_seller", "value": 3000, "exit_effect": 0.8},
    ]
    words = present.plain_words(Scenario.model_validate(data))
    assert (
        "Restricted stock worth 1% of each year's cash collected for every rep, vesting 20% "
        "after 2 years, 40% after 3 years, 40% after 4 years; unvested grants are forfeited "
        "on leaving." in words
    )
    assert any(w.startswith("Gold seller (non-cash) for grade S at each review") for w in words)
    assert any("x 0.8 until the next review" in w for w in words)
    assert any(
        "each quarter 1 rep of the company chosen from the top 10% is promoted" in w for w in words
    )
    off = _scenario(
        "grading.consequences.promotion.enabled=false",
        "grading.consequences.training.enabled=false",
        "grading.consequences.improvement_plan.enabled=false",
    )
    assert not any(w.startswith("Consequences") for w in present.plain_words(off))
