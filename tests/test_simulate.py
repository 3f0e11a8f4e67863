"""Mechanics of simulate(): schema, seeding, chunking, identity, hooks, quota rules, validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from salesperf_model.outcomes import MEASURES, REP_COLUMNS, ROLES, TRUTH, Outcomes
from salesperf_model.schema import Population, SimulationSettings
from salesperf_model.simulate import (
    Draws,
    build_rep_table,
    expected_monthly_revenue,
    period_labels,
    simulate,
    stream_key,
)


@pytest.fixture(scope="module")
def small() -> Outcomes:
    return simulate(Population(), reps=60, periods=6, simulations=5, seed=7)


def _equal(a: Outcomes, b: Outcomes) -> bool:
    return all(np.array_equal(a.measures[k], b.measures[k]) for k in MEASURES) and all(
        np.array_equal(a.truth[k], b.truth[k]) for k in TRUTH
    )


def test_every_measure_and_truth_is_filled_with_the_right_shape(small: Outcomes) -> None:
    assert set(small.measures) == set(MEASURES)
    assert set(small.truth) == set(TRUTH)
    for name, values in {**small.measures, **small.truth}.items():
        assert values.shape == (5, 60, 6), name
        assert np.isfinite(values).all(), name
    assert list(small.reps.columns[: len(REP_COLUMNS)]) == list(REP_COLUMNS)
    assert small.periods == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert small.source == "simulation"


def test_period_labels_cross_the_year() -> None:
    assert period_labels("2026-11", 3) == ["2026-11", "2026-12", "2027-01"]


def test_settings_section_drives_the_run_and_keywords_override_it() -> None:
    settings = SimulationSettings(reps=12, periods=2, simulations=3, seed=5, start_period="2027-04")
    out = simulate(Population(), settings)
    assert out.shape == (3, 12, 2)
    assert out.periods == ["2027-04", "2027-05"]
    assert simulate(Population(), settings, simulations=1).shape == (1, 12, 2)


def test_same_seed_reproduces_bit_for_bit_and_another_seed_differs(small: Outcomes) -> None:
    again = simulate(Population(), reps=60, periods=6, simulations=5, seed=7)
    assert _equal(small, again)
    other = simulate(Population(), reps=60, periods=6, simulations=5, seed=8)
    assert not np.array_equal(small.get("revenue_booked"), other.get("revenue_booked"))


@pytest.mark.parametrize("chunk_size", [1, 2, 3])
def test_results_do_not_depend_on_chunking(small: Outcomes, chunk_size: int) -> None:
    chunked = simulate(
        Population(), reps=60, periods=6, simulations=5, seed=7, chunk_size=chunk_size
    )
    assert _equal(small, chunked)


def test_a_simulation_does_not_depend_on_how_many_run_beside_it(small: Outcomes) -> None:
    fewer = simulate(Population(), reps=60, periods=6, simulations=2, seed=7)
    assert _equal(fewer, small.select_simulations(slice(0, 2)))


def test_each_variable_has_its_own_stream() -> None:
    """Drawing other variables first (a new variable) leaves a variable's draws unchanged."""
    alone = Draws(3, range(2)).normal("visits", (4,))
    crowded = Draws(3, range(2))
    crowded.normal("a_new_variable", (100,))
    crowded.uniform("another", (7,))
    assert np.array_equal(alone, crowded.normal("visits", (4,)))
    expected = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(3, spawn_key=(stream_key("visits"), 1)))
    ).standard_normal(4)
    assert np.array_equal(alone[1], expected)
    assert stream_key("visits") != stream_key("visit")


def test_changing_one_distribution_leaves_unrelated_measures_identical(small: Outcomes) -> None:
    """Common random numbers across population changes that do not touch a measure."""
    population = Population.model_validate(
        {
            "ratings": {"noise_scale": 0.5, "self_manager_correlation": 0.2},
            "customers": {"nps_responses": 5},
        }
    )
    changed = simulate(population, reps=60, periods=6, simulations=5, seed=7)
    for name in (
        "revenue_booked_new",
        "revenue_booked_existing",
        "deals_won",
        "person_id",
        "quota",
    ):
        assert np.array_equal(changed.measures[name], small.measures[name]), name
    assert not np.array_equal(changed.measures["rating_peer"], small.measures["rating_peer"])
    assert not np.array_equal(changed.measures["nps"], small.measures["nps"])


def test_person_identity_tenure_and_hires(small: Outcomes) -> None:
    person = small.measures["person_id"]
    tenure = small.measures["tenure_months"]
    changed = person[:, :, 1:] != person[:, :, :-1]
    # a new person starts with one month of tenure; everyone else gains a month
    assert np.all(tenure[:, :, 1:][changed] == 1)
    assert np.all(tenure[:, :, 1:][~changed] == tenure[:, :, :-1][~changed] + 1)
    assert np.array_equal(person[:, :, 0], np.broadcast_to(np.arange(60), (5, 60)))
    assert changed.any()
    for s in range(5):
        hires = person[s, :, 1:][changed[s]]
        assert np.all(hires >= 60)
        assert len(np.unique(hires)) == len(hires)  # never reused
    # the truth follows the person: skill changes exactly when the person does
    skill = small.truth["skill"]
    assert np.array_equal(skill[:, :, 1:] != skill[:, :, :-1], changed)


class _FlagLowSkill:
    """Test hooks: flag every rep of skill below -1 at the end of month 2."""

    attainment_basis = "collected"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        return np.where(attainment_so_far >= 1.0, 0.06, 0.03)

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> np.ndarray | None:
        self.calls.append(period_index)
        assert outcomes_so_far.n_periods == period_index + 1
        if period_index != 2:
            return None
        return outcomes_so_far.truth["skill"][:, :, -1] < -1


class _NeverFlag(_FlagLowSkill):
    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> None:
        return None


def test_hooks_that_never_flag_change_nothing(small: Outcomes) -> None:
    hooked = simulate(
        Population(), reps=60, periods=6, simulations=5, seed=7, plan_response=_NeverFlag()
    )
    assert _equal(small, hooked)


def test_plan_flag_makes_flagged_reps_leave() -> None:
    population = Population.model_validate({"workforce": {"plan_exit_probability": 1.0}})
    hooks = _FlagLowSkill()
    out = simulate(population, reps=60, periods=5, simulations=3, seed=11, plan_response=hooks)
    assert hooks.calls == [0, 1, 2, 3, 4]
    flagged = out.truth["skill"][:, :, 2] < -1
    assert flagged.any()
    replaced = out.measures["person_id"][:, :, 3] != out.measures["person_id"][:, :, 2]
    assert np.all(replaced[flagged])
    plain = simulate(population, reps=60, periods=5, simulations=3, seed=11)
    plain_replaced = plain.measures["person_id"][:, :, 3] != plain.measures["person_id"][:, :, 2]
    assert replaced.sum() > plain_replaced.sum()


def test_effort_responds_to_the_marginal_rate_only_when_asked() -> None:
    class Double(_NeverFlag):
        def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
            # twice the rate at quota everywhere except at attainment exactly 1
            return np.where(attainment_so_far == 1.0, 0.03, 0.06)

    base = simulate(Population(), reps=200, periods=3, simulations=4, seed=2)
    responding = Population.model_validate({"workforce": {"effort_elasticity": 1.0}})
    doubled = simulate(
        responding, reps=200, periods=3, simulations=4, seed=2, plan_response=Double()
    )
    ratio = doubled.measures["visits"].mean() / base.measures["visits"].mean()
    assert 1.9 < ratio < 2.1
    ignored = simulate(
        Population(), reps=200, periods=3, simulations=4, seed=2, plan_response=Double()
    )
    assert np.array_equal(ignored.measures["visits"], base.measures["visits"])


def test_given_quota_is_the_role_amount_times_the_tier_factor() -> None:
    population = Population.model_validate(
        {
            "quota": {
                "rule": "given",
                "ramp_quota": False,
                "seasonal": False,
                "given": {r: 100_000 + 10_000 * i for i, r in enumerate(ROLES)},
            }
        }
    )
    out = simulate(population, reps=40, periods=2, simulations=2, seed=1)
    tiers = out.reps["region_tier"].to_numpy()
    roles = out.reps["role"].to_numpy()
    expected = np.array([100_000 + 10_000 * list(ROLES).index(r) for r in roles]) * np.array(
        [{1: 1.3, 2: 1.0, 3: 0.75}[t] for t in tiers]
    )
    assert np.allclose(out.measures["quota"], expected[None, :, None])
    # seasonal quotas spread the given amount over the year: a year averages it
    seasonal = population.model_copy(
        update={"quota": population.quota.model_copy(update={"seasonal": True})}
    )
    out = simulate(seasonal, reps=40, periods=12, simulations=1, seed=1)
    assert np.allclose(out.measures["quota"].mean(axis=2), expected[None, :])
    assert out.measures["quota"].std(axis=2).min() > 0


def test_given_quota_rule_names_missing_roles() -> None:
    population = Population.model_validate(
        {"quota": {"rule": "given", "given": {"new_business": 1}}}
    )
    with pytest.raises(ValueError, match="account_manager"):
        simulate(population, reps=40, periods=1, simulations=1, seed=1)


def test_asymmetric_ratchet_moves_quota_on_the_smoothed_trend() -> None:
    """Leone, Misra & Zimmerman's weighted ratchet on a smoothed trend, by hand: trend =
    0.3 x last quarter's attainment + 0.7 x the previous trend (first 1 / 0.9); the quota
    moves by 0.5 (up) or 0.2 (down) of the gap 0.9 x trend - 1 when it exceeds 5%."""
    population = Population.model_validate(
        {
            "quota": {
                "rule": "ratchet",
                "ramp_quota": False,
                "seasonal": False,
                "basis": "booked",
                "ratchet_up": 0.5,
                "ratchet_down": 0.2,
            }
        }
    )
    out = simulate(population, reps=50, periods=9, simulations=2, seed=4)
    quota = out.measures["quota"]
    booked = out.get("revenue_booked")
    assert np.array_equal(quota[:, :, 0], quota[:, :, 2])  # constant within the quarter
    trend = np.full(quota.shape[:2], 1 / 0.9)
    for start in (0, 3):
        quarter = slice(start, start + 3)
        attainment = booked[:, :, quarter].sum(axis=2) / quota[:, :, quarter].sum(axis=2)
        trend = 0.3 * attainment + 0.7 * trend
        gap = 0.9 * trend - 1
        gap = np.where(np.abs(gap) > 0.05, gap, 0.0)
        move = np.where(gap > 0, 0.5 * gap, 0.2 * gap)
        assert np.allclose(quota[:, :, start + 3], quota[:, :, start] * (1 + move))
        trend = trend / (1 + move)
        assert (move > 0).any() and (move < 0).any() and (move == 0).any()


def test_receivable_falls_due_by_the_lag_shares() -> None:
    out = simulate(Population(), reps=30, periods=5, simulations=2, seed=3)
    new = out.measures["revenue_booked_new"]
    existing = out.measures["revenue_booked_existing"]
    booked = new + existing
    lags = [0.2, 0.5, 0.3]
    for t in (2, 3, 4):
        due = sum(lags[k] * booked[:, :, t - k] for k in range(3))
        assert np.allclose(out.measures["receivable"][:, :, t], due)
    collected = out.get("revenue_collected")
    assert np.all(collected <= out.measures["receivable"] + 1e-6)


def test_channel_measures_belong_to_channel_managers(small: Outcomes) -> None:
    channel = (small.reps["role"] == "channel_manager").to_numpy()
    assert channel.any()
    for name in ("channels_total", "channels_active", "channels_new", "channel_revenue"):
        assert np.all(small.measures[name][:, ~channel] == 0), name
    assert np.allclose(
        small.measures["channel_revenue"][:, channel], small.get("revenue_booked")[:, channel]
    )
    assert np.array_equal(
        small.measures["channels_total"][:, channel],
        small.measures["existing_customers"][:, channel],
    )


def test_rep_table_splits_seats_by_region_weight_and_role_share() -> None:
    population = Population.model_validate(
        {
            "regions": [{"name": "A", "tier": 1, "seat_weight": 3}, {"name": "B", "tier": 3}],
            "role_shares": {"new_business": 0.5, "account_manager": 0.3, "regional_manager": 0.2},
            "territory": {"groups": {"x": 1.0}},
        }
    )
    table = build_rep_table(population, 40, seed=1)
    assert table["region"].value_counts().to_dict() == {"A": 30, "B": 10}
    a = table[table["region"] == "A"]["role"].value_counts().to_dict()
    assert a == {"new_business": 15, "account_manager": 9, "regional_manager": 6}
    assert set(table["group"]) == {"x"}
    managers = table[table["role"] == "regional_manager"]
    assert managers["team"].is_unique  # one team per regional manager
    assert set(table[table["region"] == "B"]["team"]) == {"B-1", "B-2"}
    assert list(table["rep_id"][:2]) == ["R00001", "R00002"]


def test_population_validation_names_the_bad_key() -> None:
    with pytest.raises(ValidationError, match=r"role_shares add to 1\.1"):
        Population.model_validate({"role_shares": {"new_business": 0.6, "account_manager": 0.5}})
    with pytest.raises(ValidationError, match="unknown roles"):
        Population.model_validate({"roles": {"hunter": {"win_rate": 0.3}}})
    with pytest.raises(ValidationError, match="seasonality has 3 values"):
        Population.model_validate({"market": {"seasonality": [1, 1, 1]}})
    with pytest.raises(ValidationError, match="extra"):
        Population.model_validate({"skil_effects": {}})
    with pytest.raises(ValidationError, match="self_manager_correlation"):
        Population.model_validate({"ratings": {"self_manager_correlation": 0.5}})
    with pytest.raises(ValidationError, match="manager_validity"):
        Population.model_validate({"ratings": {"manager_validity": 0.9}})
    with pytest.raises(ValidationError, match="reliability needs raters"):
        Population.model_validate({"ratings": {"reliability": {"manager": 0.5}}})
    with pytest.raises(ValidationError, match="allocation_bias_group"):
        Population.model_validate({"territory": {"allocation_bias_group": "robots"}})


def test_role_override_keeps_the_other_defaults() -> None:
    population = Population.model_validate(
        {"roles": {"key_account_manager": {"negotiation_months": 5}}}
    )
    assert population.roles["key_account_manager"].negotiation_months == 5
    assert population.roles["key_account_manager"].prospecting_months == 2
    assert population.roles["new_business"] == Population().roles["new_business"]


def test_every_population_field_is_documented_with_a_unit_or_a_choice() -> None:
    from salesperf_model.schema import (
        customers,
        market,
        population,
        ratings,
        roles,
        settings,
        workforce,
    )

    for model in (
        population.Population,
        roles.RoleProfile,
        roles.SkillEffects,
        market.TerritorySection,
        market.MarketSection,
        workforce.QuotaSection,
        workforce.WorkforceSection,
        ratings.RatingsSection,
        customers.CustomerSection,
        customers.CollectionSection,
        settings.SimulationSettings,
    ):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            if "float" in str(field.annotation):
                extra = field.json_schema_extra
                assert isinstance(extra, dict) and extra.get("unit"), (
                    f"{model.__name__}.{name}: no unit"
                )


def test_expected_revenue_puts_quotas_in_the_stated_range() -> None:
    table = expected_monthly_revenue(Population())
    tier2 = table[table["region_tier"] == 2].set_index("role")["revenue"]
    for role in ("new_business", "account_manager", "key_account_manager", "channel_manager"):
        assert 100_000 <= tier2[role] <= 300_000, role
    assert 80_000 <= tier2["regional_manager"] <= 150_000


def test_to_long_has_one_row_per_simulation_rep_and_month(small: Outcomes) -> None:
    table = small.to_long()
    assert len(table) == 5 * 60 * 6
    assert {"truth_skill", "quota", "role", "period"} <= set(table.columns)


def test_engine_hooks_make_reps_flagged_c_twice_leave() -> None:
    from pathlib import Path

    from salesperf_model.engine import EnginePlanResponse
    from salesperf_model.loading import load_scenario

    baseline = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml"
    scenario = load_scenario(baseline, ["population.workforce.plan_exit_probability=1.0"])

    flags: dict[int, np.ndarray] = {}

    class Recording(EnginePlanResponse):
        def improvement_flag(
            self, outcomes_so_far: Outcomes, period_index: int
        ) -> np.ndarray | None:
            flag = super().improvement_flag(outcomes_so_far, period_index)
            if flag is not None:
                flags[period_index] = flag
            return flag

    hooks = Recording(scenario)
    out = simulate(
        scenario.population, reps=60, periods=7, simulations=2, seed=5, plan_response=hooks
    )
    assert sorted(flags) == [2, 5]  # quarterly reviews close in March and June
    assert not flags[2].any()  # nobody can be C twice after one review
    flagged = flags[5]
    assert flagged.any()
    person = out.measures["person_id"]
    assert np.all(person[:, :, 6][flagged] != person[:, :, 5][flagged])
    rate = hooks.marginal_rate(np.array([0.5, 1.1, 1.3]), np.arange(3))
    assert np.allclose(rate, [0.03, 0.04, 0.05])  # the brief's tiers in the baseline


@settings(max_examples=15, deadline=None)
@given(
    reps=st.integers(1, 25),
    periods=st.integers(1, 5),
    simulations=st.integers(1, 4),
    seed=st.integers(0, 2**32),
    chunk_size=st.integers(1, 4),
)
def test_any_chunking_of_any_run_gives_the_same_consistent_outcomes(
    reps: int, periods: int, simulations: int, seed: int, chunk_size: int
) -> None:
    kwargs = {"reps": reps, "periods": periods, "simulations": simulations, "seed": seed}
    whole = simulate(Population(), **kwargs)
    assert _equal(whole, simulate(Population(), **kwargs, chunk_size=chunk_size))
    m = whole.measures
    for name, values in m.items():
        if name not in ("nps",):
            assert values.min() >= 0, name
    assert np.all(m["deals_won"] + m["deals_lost"] >= 0)
    assert np.all(m["repeat_customers"] <= m["existing_customers"])
    assert np.all(m["customers_lost"] <= m["existing_customers"])
    assert np.all(whole.get("revenue_collected") <= m["receivable"] * (1 + 1e-12))
    assert np.all(m["revenue_collected_big"] <= whole.get("revenue_collected") * (1 + 1e-12))
    assert np.all((m["nps"] >= -100) & (m["nps"] <= 100))
    assert np.all(m["tenure_months"] >= 1)


def test_every_chunk_seats_the_same_people_without_building_them_again() -> None:
    """The rep table and seat constants are made once per sales force in a process: a
    second run (another chunk) gets an equal table, a caller's edits to one table never
    reach the next, and the seat constants cannot be written to."""
    from salesperf_model.simulate.seats import seated

    population = Population()
    table, seats = seated(population, 40, 3)
    again, seats_again = seated(population, 40, 3)
    assert again is not table and seats_again is seats
    pd.testing.assert_frame_equal(again, build_rep_table(population, 40, seed=3))
    table.loc[0, "role"] = "overlay"
    table["extra"] = 1
    third, _ = seated(population, 40, 3)
    assert third.loc[0, "role"] != "overlay" and "extra" not in third
    with pytest.raises(ValueError):
        seats.role[0] = 1
    with pytest.raises(ValueError):
        seats.params["win_rate"][0] = 0.0
    other = population.model_copy(update={"role_shares": {"new_business": 1.0}})
    assert set(seated(other, 40, 3)[0]["role"]) == {"new_business"}
