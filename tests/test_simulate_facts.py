"""Each stylised fact a population default claims, checked on a simulated sales force."""

from __future__ import annotations

import numpy as np
import pytest

from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import Population
from salesperf_model.simulate import rating_agreement, simulate


@pytest.fixture(scope="module")
def year() -> Outcomes:
    return simulate(Population(), reps=400, periods=12, simulations=25, seed=2026)


def _annual_attainment(out: Outcomes) -> np.ndarray:
    return out.get("revenue_booked").sum(axis=2) / out.get("quota").sum(axis=2)


def _within_monte_carlo_error(per_simulation: np.ndarray, expected: float) -> None:
    """The mean of per-simulation figures is within 4 standard errors (from the spread
    across simulations and their number) of what the parameters say."""
    standard_error = per_simulation.std(ddof=1) / np.sqrt(len(per_simulation))
    assert abs(per_simulation.mean() - expected) < 4 * standard_error + 1e-3, (
        per_simulation.mean(),
        expected,
        standard_error,
    )


def _expected_correlations(population: Population) -> dict[tuple[str, str], float]:
    """Correlations the rating parameters imply (noise_scale 1)."""
    ratings = population.ratings
    reliable = ratings.rater_reliability()
    rho = ratings.cross_rater_correlation
    return {
        ("manager", "skill"): ratings.manager_validity,
        ("peer", "skill"): np.sqrt(reliable["peer"]) * ratings.skill_cosine(),
        ("manager", "peer"): rho * np.sqrt(reliable["manager"] * reliable["peer"]),
        ("peer", "customer"): rho * np.sqrt(reliable["peer"] * reliable["customer"]),
        ("self", "manager"): ratings.self_manager_correlation,
    }


def test_realised_rating_correlations_match_the_published_figures(year: Outcomes) -> None:
    expected = _expected_correlations(Population())
    # the defaults carry the published figures: validity .39, self-manager .22,
    # manager-peer .62 x sqrt(.45 x .42) = .27
    assert expected[("manager", "skill")] == 0.39
    assert expected[("manager", "peer")] == pytest.approx(0.2695, abs=1e-3)
    for (first, second), value in expected.items():
        _within_monte_carlo_error(rating_agreement(year, first, second), value)


def test_other_rating_parameters_are_realised_too() -> None:
    population = Population.model_validate(
        {
            "ratings": {
                "reliability": {"manager": 0.6, "peer": 0.3, "customer": 0.2},
                "manager_validity": 0.6,
                "cross_rater_correlation": 0.8,
                "self_manager_correlation": 0.3,
            }
        }
    )
    out = simulate(population, reps=300, periods=6, simulations=12, seed=5)
    for (first, second), value in _expected_correlations(population).items():
        _within_monte_carlo_error(rating_agreement(out, first, second), value)


def test_the_same_rater_keeps_a_lasting_view_of_the_same_person(year: Outcomes) -> None:
    """Month to month, one manager's ratings of one person correlate reliability +
    (1 - reliability) x persistent share: .45 + .55 x .5 = .725."""
    rating = year.get("rating_manager")
    person = year.get("person_id")
    same = person[:, :, 1:] == person[:, :, :-1]
    per_simulation = np.array(
        [
            np.corrcoef(rating[s, :, :-1][same[s]], rating[s, :, 1:][same[s]])[0, 1]
            for s in range(year.n_simulations)
        ]
    )
    _within_monte_carlo_error(per_simulation, 0.45 + 0.55 * 0.5)


def test_noise_scale_is_a_lever_on_rating_validity() -> None:
    """Halving the noise: validity v / sqrt(v^2 + 0.25 (1 - v^2)) = .39 / .534 = .73; no
    noise: the manager rating is true skill."""
    sharper = Population.model_validate({"ratings": {"noise_scale": 0.5}})
    out = simulate(sharper, reps=300, periods=6, simulations=12, seed=5)
    v = 0.39
    _within_monte_carlo_error(
        rating_agreement(out, "manager", "skill"), v / np.sqrt(v**2 + 0.25 * (1 - v**2))
    )
    exact = Population.model_validate({"ratings": {"noise_scale": 0.0}})
    out = simulate(exact, reps=50, periods=2, simulations=2, seed=5)
    # 1 but for the clip at 100 points of the rare rep 2.6 SD above the mean
    assert rating_agreement(out, "manager", "skill") == pytest.approx(1.0, abs=2e-3)


def test_self_ratings_run_lenient_by_the_published_d(year: Outcomes) -> None:
    gap = year.get("rating_self").mean() - year.get("rating_manager").mean()
    assert gap / 10.0 == pytest.approx(0.32, abs=0.02)  # Heidemeier & Moser 2009: d .32


def test_ratings_and_tests_are_on_the_0_100_scale_around_70_to_76(year: Outcomes) -> None:
    for name in (
        "rating_manager",
        "rating_peer",
        "rating_customer",
        "product_knowledge_score",
        "negotiation_score",
    ):
        values = year.get(name)
        assert values.min() >= 0 and values.max() <= 100, name
        assert 68 <= values.mean() <= 77, name


def test_about_half_to_two_thirds_of_reps_reach_annual_quota(year: Outcomes) -> None:
    share = np.mean(_annual_attainment(year) >= 1.0)
    assert 0.50 <= share <= 0.65


def test_monthly_quotas_are_100k_to_300k_by_role(year: Outcomes) -> None:
    roles = year.reps["role"].to_numpy()
    quota = year.get("quota")
    for role in ("new_business", "account_manager", "key_account_manager", "channel_manager"):
        assert 100_000 <= quota[:, roles == role].mean() <= 300_000, role
    assert 70_000 <= quota[:, roles == "regional_manager"].mean() <= 150_000
    tiers = year.reps["region_tier"].to_numpy()
    assert quota[:, tiers == 1].mean() > quota[:, tiers == 3].mean() * 1.4


def test_collection_rate_is_about_94_percent(year: Outcomes) -> None:
    rate = year.get("revenue_collected").sum() / year.get("receivable").sum()
    assert 0.92 <= rate <= 0.96


def test_response_time_averages_two_to_four_hours(year: Outcomes) -> None:
    assert 2.0 <= year.get("response_time_hours").mean() <= 4.0


def test_nps_of_90_is_rare_and_comes_from_the_best_reps(year: Outcomes) -> None:
    nps = year.get("nps")
    assert nps.min() >= -100 and nps.max() <= 100
    assert 30 <= nps.mean() <= 50
    top = nps >= 90
    assert 0.002 < top.mean() < 0.05
    assert year.truth["skill"][top].mean() > 1.0


def test_realised_stage_lengths_match_the_role_cycle_parameters(year: Outcomes) -> None:
    population = Population()
    for role, stages in year.meta["realised_stage_months"].items():
        profile = population.roles[role]
        assert stages["prospecting"] == pytest.approx(profile.prospecting_months, rel=0.08), role
        assert stages["negotiation"] == pytest.approx(profile.negotiation_months, rel=0.08), role


def test_big_accounts_earn_their_share_of_revenue_from_larger_rarer_deals(year: Outcomes) -> None:
    roles = year.reps["role"].to_numpy()
    kam = roles == "key_account_manager"
    booked = year.get("revenue_booked")[:, kam].sum()
    big = year.get("revenue_booked_big")[:, kam].sum()
    # revenue share from big accounts is the books' big-account share
    weights = year.get("revenue_booked")[:, kam].sum(axis=2)
    expected_share = np.average(year.truth["big_account_share"][:, kam, 0], weights=weights)
    assert abs(big / booked - expected_share) < 0.04
    # key-account books are mostly big accounts (role default: mean share 0.6)
    assert big / booked > 0.5


def test_skill_and_territory_both_drive_results(year: Outcomes) -> None:
    attainment = np.log(_annual_attainment(year)).ravel()
    skill = year.truth["skill"][:, :, 0].ravel()
    stayed = (year.get("person_id")[:, :, -1] == year.get("person_id")[:, :, 0]).ravel()
    assert np.corrcoef(attainment[stayed], skill[stayed])[0, 1] > 0.3
    revenue = np.log(year.get("revenue_booked").sum(axis=2) + 1).ravel()
    territory = np.log(year.truth["territory_potential"][:, :, 0]).ravel()
    assert np.corrcoef(revenue, territory)[0, 1] > 0.1


def test_seasonality_shows_in_repeat_business(year: Outcomes) -> None:
    existing = year.get("revenue_booked_existing").mean(axis=(0, 1))
    ratio = existing[11] / existing[1]  # December over February
    assert ratio == pytest.approx(1.35 / 0.70, rel=0.15)


def test_market_and_regional_shocks_have_their_stated_spread(year: Outcomes) -> None:
    population = Population()
    market = year.get("region_market_size")
    first_of_region = ~year.reps.duplicated("region").to_numpy()
    season = np.array(population.market.seasonality)
    log_shock = np.log(market[:, first_of_region, :] / season[None, None, :])
    log_shock -= log_shock.mean(axis=(0, 2), keepdims=True)  # remove each region's base size
    expected = np.hypot(
        population.market.market_shock_sigma, population.market.regional_shock_sigma
    )
    assert log_shock.std() == pytest.approx(expected, rel=0.2)
    # the common shock moves every region together: share of variance 0.05^2 / 0.094^2 = 0.28
    correlation = np.corrcoef(log_shock[:, 0, :].ravel(), log_shock[:, 1, :].ravel())[0, 1]
    assert 0.1 < correlation < 0.5


def test_books_stay_steady_over_a_year(year: Outcomes) -> None:
    roles = year.reps["role"].to_numpy()
    book = year.get("existing_customers")
    for role in np.unique(roles):
        first = book[:, roles == role, 0].mean()
        last = book[:, roles == role, -1].mean()
        assert last == pytest.approx(first, rel=0.1), role


def test_attrition_is_a_quarter_to_a_third_a_year(year: Outcomes) -> None:
    person = year.get("person_id")
    exits = (person[:, :, 1:] != person[:, :, :-1]).mean() * 12
    assert 0.24 <= exits <= 0.36


def test_strong_underpaid_reps_leave_more_often(year: Outcomes) -> None:
    person = year.get("person_id")
    left = person[:, :, 1:] != person[:, :, :-1]  # left at the end of month t
    skill = year.truth["skill"][:, :, :-1]
    booked = year.get("revenue_booked")
    quota = year.get("quota")
    trailing = (booked[:, :, :-3] + booked[:, :, 1:-2] + booked[:, :, 2:-1]) / (
        quota[:, :, :-3] + quota[:, :, 1:-2] + quota[:, :, 2:-1]
    )
    left, skill = left[:, :, 2:], skill[:, :, 2:]
    strong_underpaid = (skill > 1) & (trailing < 0.7)
    average = (np.abs(skill) < 0.5) & (trailing >= 0.9)
    assert left[strong_underpaid].mean() > 1.5 * left[average].mean()


def test_new_hires_ramp_up(year: Outcomes) -> None:
    tenure = year.get("tenure_months")
    leads = year.get("leads_prospecting")
    visits = year.get("visits")
    per_visit = leads.sum(where=tenure == 1) / visits.sum(where=tenure == 1)
    ramped = leads.sum(where=tenure > 12) / visits.sum(where=tenure > 12)
    assert per_visit / ramped == pytest.approx(0.3, abs=0.1)  # ramp_start


def test_no_allocation_bias_by_default_and_a_stated_bias_is_realised(year: Outcomes) -> None:
    female = (year.reps["group"] == "female").to_numpy()
    territory = year.truth["territory_potential"][:, :, 0]
    assert territory[:, female].mean() / territory[:, ~female].mean() == pytest.approx(
        1.0, abs=0.03
    )
    biased = Population.model_validate(
        {"territory": {"allocation_bias_group": "female", "allocation_bias": -0.2}}
    )
    out = simulate(biased, reps=400, periods=1, simulations=10, seed=2026)
    female = (out.reps["group"] == "female").to_numpy()
    territory = out.truth["territory_potential"][:, :, 0]
    ratio = territory[:, female].mean() / territory[:, ~female].mean()
    assert ratio == pytest.approx(np.exp(-0.2), abs=0.03)
    assert 0.3 <= female.mean() <= 0.5  # group shares 40 / 60


def test_counts_rates_and_money_are_in_range(year: Outcomes) -> None:
    for name in (
        "visits",
        "deals_won",
        "new_customers",
        "complaints",
        "training_hours",
        "channels_total",
    ):
        values = year.get(name)
        assert values.min() >= 0 and np.array_equal(values, np.round(values)), name
    accuracy = year.get("credit_assessment_accuracy")
    assert accuracy.min() > 0 and accuracy.max() < 1
    margin = year.get("gross_profit").sum() / year.get("revenue_booked").sum()
    assert 0.25 <= margin <= 0.4
    share = year.get("new_product_revenue").sum() / year.get("revenue_booked").sum()
    assert share == pytest.approx(0.10, abs=0.02)
    assert np.all(year.get("revenue_upsell") <= year.get("revenue_booked_existing") + 1e-9)
    assert np.all(year.get("revenue_booked_big") <= year.get("revenue_booked") + 1e-6)
    assert np.all(year.get("repeat_customers") <= year.get("existing_customers"))


def test_repeat_orders_have_the_heavy_tail_fitted_to_the_crm_export() -> None:
    """Single repeat orders without upsell, every other source of spread switched off:
    their coefficient of variation is the log-normal's, sqrt(exp(0.873^2) - 1) = 1.07
    (Maven CRM export: 1.07; the old gamma orders: 0.71)."""
    flat = {"big_deal_multiplier": 1.0, "potential_sigma": 0.0}
    population = Population.model_validate(
        {
            "territory": flat,
            "skill_effects": {"deal_size": 0.0},
            "market": {"tier_revenue_factor": {1: 1.0, 2: 1.0, 3: 1.0}},
            "roles": {"account_manager": {"repeat_probability": 0.02}},
        }
    )
    out = simulate(population, reps=400, periods=12, simulations=16, seed=3)
    roles = out.reps["role"].to_numpy()
    single = (
        (out.get("repeat_customers") == 1)
        & (out.get("revenue_upsell") == 0)
        & (roles == "account_manager")[None, :, None]
    )
    orders = out.get("revenue_booked_existing")[single]
    assert len(orders) > 3_000
    assert orders.std() / orders.mean() == pytest.approx(1.07, abs=0.06)
    assert orders.mean() == pytest.approx(8_000, rel=0.05)  # account_manager order_size_mean
