"""Simulate a sales force month by month: seats, people, pipelines, books, pay-relevant results.

The simulation knows what real data never shows (each person's latent skill, the luck of
their territory, the noise in their ratings) and writes it to ``Outcomes.truth`` beside the
measures, so that later stages can say how much of a plan's pay rewards skill and how much
rewards luck.

Randomness
----------
Every random variable draws from its own generator: ``SeedSequence(seed, spawn_key=(key,
simulation))`` where ``key`` is a stable hash of the variable's name. Adding a variable
therefore never shifts the draws of existing ones, and a simulation's draws do not depend
on which other simulations run beside it: results are bit for bit the same whether the
simulations run in one chunk or several. Arithmetic is vectorised over simulations x reps;
only the month loop (pipelines, books, exits carry state forward) and the calls into each
simulation's own generators are Python loops.

Common random numbers
---------------------
Plans that differ only in their rules are paid on the very same outcomes: simulate once,
then pay every plan on those outcomes. When plan hooks are given (plan-driven exits,
effort response), the outcomes depend on one plan; comparisons then simulate once under
the *baseline's* hooks and pay every alternative on those same outcomes.

Regional managers are player-coaches with their own small book; regional totals come from
grouping reps by region (see ``population_model.Population``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from salesperf_model.outcomes import MEASURES, ROLES, TRUTH, Outcomes
from salesperf_model.schema import Population, RoleProfile, SimulationSettings

__all__ = [
    "EnginePlanHooks",
    "PlanHooks",
    "build_rep_table",
    "expected_monthly_revenue",
    "period_labels",
    "rating_reliability",
    "sanity_report",
    "simulate",
    "stream_key",
]

RATERS: tuple[str, ...] = ("manager", "peer", "customer", "self")
_GAMMA_SHAPE = 2.0  # repeat and upsell orders: gamma with coefficient of variation 0.71


@runtime_checkable
class PlanHooks(Protocol):
    """What the month loop may ask of a plan (implemented by the plan engine's side).

    ``attainment_basis`` (optional attribute, ``"collected"`` by default, or ``"booked"``)
    says which revenue the attainment passed to ``marginal_rate`` is measured on.

    With no hooks there are no plan-driven exits and reps do not respond to the plan.
    """

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        """Commission earned per unit of extra revenue at each rep's year-to-date attainment.

        ``attainment_so_far`` is (simulations, reps) for the chunk being simulated;
        ``rep_index`` the seat numbers (reps,). Returns rates shaped like the attainment.
        Asked only when ``workforce.effort_elasticity`` > 0.
        """
        ...

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> np.ndarray | None:
        """Seats whose holder the plan flags at the end of month ``period_index`` (e.g. C
        twice running), as bool (simulations, reps) for the chunk, or ``None`` when no
        review closes that month. ``outcomes_so_far`` holds months 0..period_index of the
        chunk's simulations. A flagged rep leaves with ``workforce.plan_exit_probability``.
        """
        ...


class EnginePlanHooks:
    """:class:`PlanHooks` for a scenario's plan, through the plan engine.

    ``marginal_rate`` is the plan's commission curve at the running attainment (on the
    plan's commission base); ``improvement_flag`` runs the plan on the months so far
    whenever a calendar review period closes and returns the engine's improvement flag
    (C twice running) for that review.
    """

    def __init__(self, scenario: Any) -> None:
        self.scenario = scenario
        self.attainment_basis = scenario.pay.commission.base

    def marginal_rate(self, attainment_so_far: np.ndarray, rep_index: np.ndarray) -> np.ndarray:
        from salesperf_model.engine import marginal_rate

        return marginal_rate(self.scenario.pay.commission, attainment_so_far)

    def improvement_flag(self, outcomes_so_far: Outcomes, period_index: int) -> np.ndarray | None:
        from salesperf_model.engine import run_plan
        from salesperf_model.schema import MONTHS_PER

        month = int(outcomes_so_far.periods[period_index][5:7])
        if month % MONTHS_PER[self.scenario.review_cycle]:
            return None
        return run_plan(outcomes_so_far, self.scenario).improvement_flag[:, :, -1]


def stream_key(name: str) -> int:
    """Stable 64-bit spawn key for a variable name (independent of Python's hash seed)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


def _generator(seed: int, name: str, *index: int) -> np.random.Generator:
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream_key(name), *index)))
    )


class _Draws:
    """Per-variable, per-simulation generators for one chunk of simulations."""

    def __init__(self, seed: int, simulations: Sequence[int]) -> None:
        self.seed = seed
        self.simulations = list(simulations)
        self._generators: dict[str, list[np.random.Generator]] = {}

    def generators(self, name: str) -> list[np.random.Generator]:
        if name not in self._generators:
            self._generators[name] = [_generator(self.seed, name, s) for s in self.simulations]
        return self._generators[name]

    def normal(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        return np.stack([g.standard_normal(shape) for g in self.generators(name)])

    def uniform(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        return np.stack([g.random(shape) for g in self.generators(name)])

    def poisson(self, name: str, lam: np.ndarray) -> np.ndarray:
        out = np.empty(lam.shape, dtype=np.int64)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.poisson(lam[i])
        return out

    def binomial(self, name: str, n: np.ndarray, p: np.ndarray) -> np.ndarray:
        p = np.broadcast_to(p, n.shape)
        out = np.empty(n.shape, dtype=np.int64)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.binomial(n[i], p[i])
        return out

    def gamma_sum(self, name: str, count: np.ndarray, scale: np.ndarray) -> np.ndarray:
        """Sum of ``count`` gamma(shape 2) orders of mean 2 x scale, drawn as one gamma."""
        scale = np.broadcast_to(scale, count.shape)
        out = np.empty(count.shape)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.gamma(_GAMMA_SHAPE * count[i], scale[i])
        return out

    def beta(self, name: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.empty(a.shape)
        for i, g in enumerate(self.generators(name)):
            out[i] = g.beta(a[i], b[i])
        return out

    def per_item(self, name: str, counts: np.ndarray, kind: str) -> np.ndarray:
        """One draw per counted item (e.g. per deal), simulations in order, flattened."""
        totals = counts.reshape(len(self.simulations), -1).sum(axis=1)
        parts = [
            g.standard_normal(int(n)) if kind == "normal" else g.random(int(n))
            for g, n in zip(self.generators(name), totals)
        ]
        return np.concatenate(parts) if parts else np.empty(0)


# --------------------------------------------------------------------------- static set-up


def period_labels(start_period: str, periods: int) -> list[str]:
    """Month labels ``YYYY-MM`` from ``start_period`` on."""
    year, month = (int(x) for x in start_period.split("-"))
    labels = []
    for t in range(periods):
        m = month - 1 + t
        labels.append(f"{year + m // 12:04d}-{m % 12 + 1:02d}")
    return labels


def _largest_remainder(weights: Sequence[float], total: int) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    if total == 0 or weights.sum() == 0:
        return np.zeros(len(weights), dtype=int)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def build_rep_table(population: Population, reps: int, seed: int) -> pd.DataFrame:
    """The seats: region (split by seat weight), role (split by role shares within each
    region), team (one per regional manager in the region), and group attribute (drawn
    from its own stream, the same in every simulation)."""
    role_names = list(ROLES)
    shares = [population.role_shares.get(r, 0.0) for r in role_names]
    region_counts = _largest_remainder([r.seat_weight for r in population.regions], reps)
    rows = []
    for region, count in zip(population.regions, region_counts):
        role_counts = _largest_remainder(shares, int(count))
        roles = np.repeat(role_names, role_counts)
        managers = int(role_counts[role_names.index("regional_manager")])
        n_teams = max(managers, 1)
        others = 0
        manager_no = 0
        for role in roles:
            if role == "regional_manager":
                team = manager_no
                manager_no += 1
            else:
                team = others % n_teams
                others += 1
            rows.append((str(role), region.name, int(region.tier), f"{region.name}-{team + 1}"))
    table = pd.DataFrame(rows, columns=["role", "region", "region_tier", "team"])
    table.insert(0, "rep_id", [f"R{i + 1:05d}" for i in range(len(table))])
    groups = population.territory.groups
    if groups:
        rng = _generator(seed, "rep_table.group")
        names = list(groups)
        table["group"] = rng.choice(
            np.array(names, dtype=object), size=len(table), p=list(groups.values())
        )
        table["group"] = table["group"].astype(str)
    else:
        table["group"] = ""
    return table


def _mixture_factor(big_share: np.ndarray, multiplier: float) -> np.ndarray:
    """Mean size relative to a small account's when a share ``big_share`` of the expected
    revenue comes from big accounts ``multiplier`` times larger (and correspondingly rarer)."""
    return 1.0 / (1.0 - big_share + big_share / multiplier)


def _big_probability(big_share: np.ndarray, multiplier: float) -> np.ndarray:
    """Chance that one deal or order is with a big account, given the revenue share."""
    rare = big_share / multiplier
    return rare / (rare + 1.0 - big_share)


def _role_revenue(profile: RoleProfile, big_share: np.ndarray | float, multiplier: float) -> tuple:
    """Steady-state (new, existing) monthly revenue of an average rep, tier factor 1."""
    mix = _mixture_factor(np.asarray(big_share, dtype=float), multiplier)
    won = (
        profile.visits_per_month
        * profile.leads_per_visit
        * profile.advance_share
        * profile.win_rate
    )
    new = won * profile.deal_size_median * np.exp(profile.deal_size_sigma**2 / 2) * mix
    existing = (
        profile.book_customers
        * profile.repeat_probability
        * profile.order_size_mean
        * mix
        * (1.0 + profile.upsell_probability * profile.upsell_size_ratio)
    )
    return new, existing


def expected_monthly_revenue(population: Population) -> pd.DataFrame:
    """Expected monthly revenue of an average, ramped rep (skill 0, territory 1, no shocks,
    the role's mean big-account share) by role and region tier: the scale quotas are set on."""
    rows = []
    for role, profile in population.roles.items():
        new, existing = _role_revenue(
            profile, profile.big_account_share_mean, population.territory.big_deal_multiplier
        )
        for tier, factor in sorted(population.market.tier_revenue_factor.items()):
            rows.append(
                {
                    "role": role,
                    "region_tier": tier,
                    "revenue_new": float(new) * factor,
                    "revenue_existing": float(existing) * factor,
                    "revenue": float(new + existing) * factor,
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class _Seats:
    """Per-seat constants as arrays (reps,)."""

    role: np.ndarray
    region: np.ndarray
    tier_factor: np.ndarray
    is_channel: np.ndarray
    bias: np.ndarray
    params: dict[str, np.ndarray]


_PROFILE_FIELDS = [
    "visits_per_month",
    "leads_per_visit",
    "prospecting_months",
    "advance_share",
    "negotiation_months",
    "win_rate",
    "deal_size_median",
    "deal_size_sigma",
    "book_customers",
    "repeat_probability",
    "order_size_mean",
    "upsell_probability",
    "upsell_size_ratio",
    "churn_probability",
    "keep_new_customer_share",
    "big_account_share_mean",
    "new_segment_rate",
]


def _seats(population: Population, table: pd.DataFrame) -> _Seats:
    role_names = list(ROLES)
    role = table["role"].map(role_names.index).to_numpy()
    region_names = [r.name for r in population.regions]
    region = table["region"].map(region_names.index).to_numpy()
    tier_factor = table["region_tier"].map(population.market.tier_revenue_factor).to_numpy(float)
    params = {
        f: np.array([getattr(population.roles[r], f) for r in role_names], dtype=float)[role]
        for f in _PROFILE_FIELDS
    }
    is_channel = np.array([population.roles[r].is_channel for r in role_names])[role]
    territory = population.territory
    bias = np.where(
        table["group"].to_numpy() == (territory.allocation_bias_group or "\0"),
        territory.allocation_bias,
        0.0,
    )
    return _Seats(role, region, tier_factor, is_channel, bias, params)


def _ar1(shocks: np.ndarray, persistence: float) -> np.ndarray:
    """A stationary standard-normal AR(1) path along the last axis from standard normals."""
    path = np.empty_like(shocks)
    path[..., 0] = shocks[..., 0]
    innovation = np.sqrt(1.0 - persistence**2)
    for t in range(1, shocks.shape[-1]):
        path[..., t] = persistence * path[..., t - 1] + innovation * shocks[..., t]
    return path


def _ar1_paths(shocks: np.ndarray, sigma: float, persistence: float) -> np.ndarray:
    """Mean-1 multipliers from a stationary log AR(1); shocks (..., periods) standard normal."""
    return np.exp(sigma * _ar1(shocks, persistence) - sigma**2 / 2)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


# --------------------------------------------------------------------------- the month loop


def _ramp(tenure: np.ndarray, population: Population) -> np.ndarray:
    """Productivity of a rep with ``tenure`` completed months (1 once ramped)."""
    workforce = population.workforce
    if workforce.ramp_months <= 0:
        return np.ones(tenure.shape)
    progress = np.minimum(1.0, tenure / workforce.ramp_months)
    return workforce.ramp_start + (1.0 - workforce.ramp_start) * progress


def _simulate_chunk(
    population: Population,
    seats: _Seats,
    table: pd.DataFrame,
    labels: list[str],
    seed: int,
    simulations: range,
    out: dict[str, np.ndarray],
    plan_hooks: PlanHooks | None,
    meta: dict,
) -> None:
    """Simulate ``simulations`` and write them into ``out`` (arrays shaped (periods, sims, reps))."""
    draws = _Draws(seed, simulations)
    S, R, T = len(simulations), len(table), len(labels)
    sl = slice(simulations.start, simulations.stop)
    P = seats.params
    fx = population.skill_effects
    terr = population.territory
    market = population.market
    workforce = population.workforce
    cust = population.customers
    ratings = population.ratings
    start_month = int(labels[0].split("-")[1]) - 1
    multiplier = terr.big_deal_multiplier

    # --- people and seats at the start
    skill = draws.normal("skill.initial", (R,))
    monthly_hazard = 1.0 - (1.0 - workforce.annual_attrition) ** (1 / 12)
    u = draws.uniform("tenure.initial", (R,))
    if monthly_hazard > 0:
        tenure = np.floor(np.log1p(-u) / np.log1p(-monthly_hazard))
    else:
        tenure = np.full((S, R), 120.0)
    person = np.broadcast_to(np.arange(R, dtype=np.int64), (S, R)).copy()
    next_person = np.full(S, R, dtype=np.int64)

    sigma_t = terr.potential_sigma
    territory = np.exp(
        sigma_t * draws.normal("territory.potential", (R,)) - sigma_t**2 / 2 + seats.bias
    )
    mean_big = P["big_account_share_mean"]
    conc = terr.big_account_concentration
    big_share = np.where(
        mean_big > 0,
        draws.beta(
            "territory.big_account_share",
            np.broadcast_to(np.maximum(mean_big, 1e-9) * conc, (S, R)),
            np.broadcast_to((1 - mean_big) * conc, (S, R)),
        ),
        0.0,
    )
    p_big = _big_probability(big_share, multiplier)

    # expected revenue of an average rep in this seat (skill 0), the quota setter's yardstick
    role_new = np.zeros((S, R))
    role_existing = np.zeros((S, R))
    for r, name in enumerate(ROLES):
        mask = seats.role == r
        if mask.any():
            new, existing = _role_revenue(population.roles[name], big_share[:, mask], multiplier)
            role_new[:, mask] = new
            role_existing[:, mask] = existing
    expected_new = role_new * seats.tier_factor * territory
    expected_existing = role_existing * seats.tier_factor * territory

    quota_rule = population.quota
    sigma_q = quota_rule.estimate_sigma
    estimate = np.exp(sigma_q * draws.normal("quota.estimate", (R,)) - sigma_q**2 / 2)
    if quota_rule.rule == "given":
        missing = sorted(set(table["role"]) - set(quota_rule.given))
        if missing:
            raise ValueError(
                f"population.quota.rule is 'given' but population.quota.given has no quota for roles "
                f"{missing} that have seats; expected a monthly amount per role"
            )
        base_quota = np.broadcast_to(
            table["role"].map(quota_rule.given).to_numpy(float) * seats.tier_factor, (S, R)
        ).copy()
    else:
        base_quota = quota_rule.share_of_potential * (expected_new + expected_existing) * estimate

    # region market size: expected revenue of its seats / expected market share, or given
    n_regions = len(population.regions)
    role_mean = np.array(
        [
            sum(_role_revenue(p, p.big_account_share_mean, multiplier))
            for p in (population.roles[name] for name in ROLES)
        ]
    )
    seat_expected = role_mean[seats.role] * seats.tier_factor
    region_base = np.bincount(seats.region, weights=seat_expected, minlength=n_regions)
    region_base = region_base / market.expected_market_share
    for i, spec in enumerate(population.regions):
        if spec.market_size is not None:
            region_base[i] = spec.market_size

    # --- environment paths, drawn up front (no state dependence)
    market_path = _ar1_paths(
        draws.normal("market.shock", (T,)),
        market.market_shock_sigma,
        market.market_shock_persistence,
    )  # (S, T)
    region_path = _ar1_paths(
        draws.normal("market.regional_shock", (n_regions, T)),
        market.regional_shock_sigma,
        market.regional_shock_persistence,
    )  # (S, regions, T)
    season = np.array(market.seasonality)[(start_month + np.arange(T)) % 12]
    sig_e = market.rep_month_sigma
    rep_month = np.exp(sig_e * draws.normal("leads.rep_month", (R, T)) - sig_e**2 / 2)
    rater_noise = _ar1(draws.normal("ratings.noise", (len(RATERS), R, T)), ratings.persistent_share)
    test_noise = draws.normal("tests.noise", (2, R, T))
    response_noise = draws.normal("response_time.noise", (R, T))
    margin_noise = draws.normal("gross_profit.noise", (R, T))
    new_product_noise = draws.normal("new_product.noise", (R, T))
    credit_noise = draws.normal("credit.noise", (R, T))
    survey_responses = np.maximum(  # at least one response, so NPS is defined
        np.stack(
            [g.poisson(cust.nps_responses, (R, T)) for g in draws.generators("nps.responses")]
        ),
        1,
    )

    # --- pipelines and books at the start: steady state for each seat's holder
    effort = np.ones((S, R))
    lead_rate0 = np.clip(
        P["leads_per_visit"] * np.exp(fx.leads * skill) * territory * _ramp(tenure, population),
        0,
        1,
    )
    leads0 = P["visits_per_month"] * np.exp(fx.visits * skill) * lead_rate0
    prospecting = draws.poisson("pipeline.initial_prospecting", leads0 * P["prospecting_months"])
    negotiation = draws.poisson(
        "pipeline.initial_negotiation", leads0 * P["advance_share"] * P["negotiation_months"]
    )
    book = draws.poisson("book.initial", np.broadcast_to(P["book_customers"], (S, R)))

    lags = np.array(population.collections.lag_shares)
    history = [  # booked (new, existing, big) in months before the start: the expectation
        (expected_new, expected_existing, (expected_new + expected_existing) * big_share)
    ] * (len(lags) - 1)

    rep_index = np.arange(R)
    basis = getattr(plan_hooks, "attainment_basis", "collected") if plan_hooks else "collected"
    reference_rate = None
    if plan_hooks is not None and workforce.effort_elasticity > 0:
        reference_rate = np.asarray(plan_hooks.marginal_rate(np.ones((S, R)), rep_index), float)
    ytd_result = np.zeros((S, R))
    ytd_quota = np.zeros((S, R))
    recent_booked: list[np.ndarray] = []
    recent_quota: list[np.ndarray] = []
    win_logit = np.log(P["win_rate"] / (1 - P["win_rate"]))
    cycle_stock = np.zeros((len(ROLES), 2))
    cycle_flow = np.zeros((len(ROLES), 2))
    self_loading = (
        ratings.self_other_correlation / np.sqrt(ratings.reliability)
        if ratings.reliability > 0
        else 0.0
    )
    loadings = {
        "manager": np.sqrt(ratings.reliability),
        "peer": np.sqrt(ratings.reliability),
        "customer": np.sqrt(ratings.reliability),
        "self": min(1.0, self_loading),
    }

    def put(name: str, t: int, value: np.ndarray) -> None:
        out[name][t, sl] = value

    for t in range(T):
        ramp = _ramp(tenure, population)
        quota = base_quota * ramp if quota_rule.ramp_quota else base_quota
        if reference_rate is not None:
            attainment = np.divide(ytd_result, ytd_quota, out=np.zeros((S, R)), where=ytd_quota > 0)
            rate = np.asarray(plan_hooks.marginal_rate(attainment, rep_index), float)  # type: ignore[union-attr]
            effort = np.where(
                reference_rate > 0,
                (np.maximum(rate, 0) / np.where(reference_rate > 0, reference_rate, 1.0))
                ** workforce.effort_elasticity,
                1.0,
            )
        env = season[t] * market_path[:, t, None] * region_path[:, seats.region, t]

        # pipeline: visits -> prospecting -> negotiation -> won / lost
        visits = draws.poisson("visits", P["visits_per_month"] * np.exp(fx.visits * skill) * effort)
        lead_rate = np.clip(
            P["leads_per_visit"]
            * np.exp(fx.leads * skill)
            * territory
            * env
            * rep_month[:, :, t]
            * ramp,
            0.0,
            1.0,
        )
        new_leads = draws.binomial("leads.new", visits, lead_rate)
        leave_prospecting = draws.binomial(
            "pipeline.leave_prospecting", prospecting, 1.0 / P["prospecting_months"]
        )
        advanced = draws.binomial("pipeline.advance", leave_prospecting, P["advance_share"])
        leave_negotiation = draws.binomial(
            "pipeline.leave_negotiation", negotiation, 1.0 / P["negotiation_months"]
        )
        won = draws.binomial(
            "pipeline.won", leave_negotiation, _sigmoid(win_logit + fx.win_log_odds * skill)
        )
        lost = leave_negotiation - won
        for stage, (stock, flow) in enumerate(
            ((prospecting, leave_prospecting), (negotiation, leave_negotiation))
        ):  # Little's law: mean months in a stage = mean stock / mean outflow
            cycle_stock[:, stage] += np.bincount(seats.role, stock.sum(axis=0), len(ROLES))
            cycle_flow[:, stage] += np.bincount(seats.role, flow.sum(axis=0), len(ROLES))
        prospecting = prospecting - leave_prospecting + new_leads
        negotiation = negotiation - leave_negotiation + advanced

        # new-customer deals: one log-normal size per deal, big accounts larger and rarer
        size_scale = seats.tier_factor * np.exp(fx.deal_size * skill)
        cell = np.repeat(np.arange(S * R), won.ravel())
        z_size = draws.per_item("deals.size", won, "normal")
        u_big = draws.per_item("deals.big", won, "uniform")
        is_big = u_big < p_big.ravel()[cell]
        sizes = (
            P["deal_size_median"][cell % R]
            * size_scale.ravel()[cell]
            * np.exp(P["deal_size_sigma"][cell % R] * z_size)
            * np.where(is_big, multiplier, 1.0)
        )
        booked_new = np.bincount(cell, weights=sizes, minlength=S * R).reshape(S, R)
        booked_new_big = np.bincount(cell, weights=sizes * is_big, minlength=S * R).reshape(S, R)

        # existing customers: repeat orders, upsell, churn
        repeat_p = np.clip(P["repeat_probability"] * np.exp(fx.repeat * skill) * env * ramp, 0, 1)
        repeat = draws.binomial("book.repeat", book, repeat_p)
        repeat_big = draws.binomial("book.repeat_big", repeat, p_big)
        order_scale = P["order_size_mean"] * size_scale * territory / _GAMMA_SHAPE
        orders_small = draws.gamma_sum("book.orders_small", repeat - repeat_big, order_scale)
        orders_big = draws.gamma_sum("book.orders_big", repeat_big, order_scale * multiplier)
        upsells = draws.binomial("book.upsell", repeat, P["upsell_probability"])
        upsell = draws.gamma_sum("book.upsell_size", upsells, order_scale * P["upsell_size_ratio"])
        churn_p = np.clip(P["churn_probability"] * np.exp(fx.churn * skill), 0, 1)
        lost_customers = draws.binomial("book.churn", book, churn_p)
        kept = draws.binomial("book.keep_new", won, P["keep_new_customer_share"])
        booked_existing = orders_small + orders_big + upsell
        booked_big = booked_new_big + orders_big
        booked = booked_new + booked_existing

        put("visits", t, visits)
        put("leads_prospecting", t, new_leads)
        put("leads_negotiation", t, advanced)
        put("deals_won", t, won)
        put("deals_lost", t, lost)
        put("new_customers", t, won)
        put("existing_customers", t, book)
        put("repeat_customers", t, repeat)
        put("customers_lost", t, lost_customers)
        put("revenue_booked_new", t, booked_new)
        put("revenue_booked_existing", t, booked_existing)
        put("revenue_booked_big", t, booked_big)
        put("revenue_upsell", t, upsell)
        put("quota", t, quota)
        channel = seats.is_channel
        put("channels_total", t, np.where(channel, book, 0))
        put("channels_active", t, np.where(channel, repeat, 0))
        put("channels_new", t, np.where(channel, won, 0))
        put("channel_revenue", t, np.where(channel, booked, 0.0))
        book = book - lost_customers + kept

        # collections: receivable falls due by the lag shares; the shortfall is bad debt
        history.append((booked_new, booked_existing, booked_big))
        due = [sum(lags[k] * history[-1 - k][c] for k in range(len(lags))) for c in range(3)]
        history.pop(0)
        accuracy = _sigmoid(
            _logit(cust.credit_accuracy_mean) + 0.5 * skill + 0.3 * credit_noise[:, :, t]
        )
        shortfall_mean = np.clip(
            population.collections.shortfall_mean
            * (1 - accuracy)
            / (1 - cust.credit_accuracy_mean),
            1e-4,
            0.9,
        )
        c = population.collections.shortfall_concentration
        shortfall = draws.beta(
            "collections.shortfall", shortfall_mean * c, (1 - shortfall_mean) * c
        )
        collected_share = 1.0 - shortfall
        put("receivable", t, due[0] + due[1])
        put("revenue_collected_new", t, due[0] * collected_share)
        put("revenue_collected_existing", t, due[1] * collected_share)
        put("revenue_collected_big", t, due[2] * collected_share)
        put("credit_assessment_accuracy", t, accuracy)

        # money side measures
        margin = cust.gross_margin * np.exp(0.05 * margin_noise[:, :, t])
        put("gross_profit", t, booked * margin - booked_big * cust.big_account_margin_cut)
        new_share = np.clip(
            cust.new_product_share * np.exp(0.3 * new_product_noise[:, :, t] - 0.045), 0, 1
        )
        put("new_product_revenue", t, booked * new_share)
        put(
            "region_market_size",
            t,
            region_base[seats.region]
            * season[t]
            * market_path[:, t, None]
            * region_path[:, seats.region, t],
        )

        # customer-facing quality
        responses = survey_responses[:, :, t]
        promoter_p = _sigmoid(_logit(cust.nps_promoter_share) + cust.nps_skill_effect * skill)
        detractor_p = _sigmoid(_logit(cust.nps_detractor_share) - cust.nps_skill_effect * skill)
        detractor_p = np.minimum(detractor_p, 1 - promoter_p)
        promoters = draws.binomial("nps.promoters", responses, promoter_p)
        detractors = draws.binomial(
            "nps.detractors", responses - promoters, detractor_p / (1 - promoter_p)
        )
        put("nps", t, 100.0 * (promoters - detractors) / responses)
        put(
            "response_time_hours",
            t,
            cust.response_time_median
            * np.exp(
                cust.response_time_skill_effect * skill
                + cust.response_time_sigma * response_noise[:, :, t]
            ),
        )
        put(
            "complaints",
            t,
            draws.poisson("complaints", cust.complaints_per_customer * book * np.exp(-0.3 * skill)),
        )
        put(
            "compliance_incidents",
            t,
            draws.poisson(
                "compliance",
                np.broadcast_to(cust.compliance_incident_rate * np.exp(-0.3 * skill), (S, R)),
            ),
        )
        put(
            "contract_risk_incidents",
            t,
            draws.binomial(
                "contract_risk", won, np.clip(cust.contract_risk_share * np.exp(-0.4 * skill), 0, 1)
            ),
        )
        put(
            "new_segments",
            t,
            draws.poisson(
                "new_segments", P["new_segment_rate"] * np.exp(0.3 * skill) * np.ones((S, 1))
            ),
        )

        # capability tests and training (brand-new hires score lower, train more)
        learning = 1.0 - np.minimum(1.0, tenure / max(workforce.ramp_months, 1e-9))
        rho = cust.test_skill_correlation
        for k, (measure, test) in enumerate(
            (("product_knowledge_score", "product_knowledge"), ("negotiation_score", "negotiation"))
        ):
            score = (
                cust.test_mean[test]
                + cust.test_spread * (rho * skill + np.sqrt(1 - rho**2) * test_noise[:, k, :, t])
                - cust.new_hire_test_penalty * learning
            )
            put(measure, t, np.clip(score, 0, 100))
        hours = np.where(learning > 0, cust.new_hire_training_hours, cust.training_hours)
        put("training_hours", t, draws.poisson("training_hours", hours))

        # 360 ratings: leniency + spread x (loading x skill + sqrt(1 - loading^2) x rater noise)
        for k, rater in enumerate(RATERS):
            loading = loadings[rater]
            value = ratings.leniency[rater] + ratings.spread * (
                loading * skill + np.sqrt(1 - loading**2) * rater_noise[:, k, :, t]
            )
            put(f"rating_{rater}", t, np.clip(value, 0, 100))

        tenure = tenure + 1
        put("tenure_months", t, tenure)
        put("person_id", t, person)
        out["_skill"][t, sl] = skill
        out["_territory_potential"][t, sl] = territory
        out["_big_account_share"][t, sl] = big_share

        # running attainment, for the plan hooks and for attrition
        collected = due[0] * collected_share + due[1] * collected_share
        ytd_result = ytd_result + (booked if basis == "booked" else collected)
        ytd_quota = ytd_quota + quota
        if (start_month + t) % 12 == 11:  # the plan year closes in December
            ytd_result = np.zeros((S, R))
            ytd_quota = np.zeros((S, R))
        recent_booked = [*recent_booked[-2:], booked]
        recent_quota = [*recent_quota[-2:], quota]
        trailing = sum(recent_booked) / np.maximum(sum(recent_quota), 1e-9)

        # ratchet: move the quota toward the last period's result
        if quota_rule.rule == "ratchet" and (t + 1) % quota_rule.ratchet_period_months == 0:
            months = quota_rule.ratchet_period_months
            result = out["revenue_booked_new"][t + 1 - months : t + 1, sl].sum(axis=0)
            result = (
                result + out["revenue_booked_existing"][t + 1 - months : t + 1, sl].sum(axis=0)
            ) / months
            # the result in ramp-free terms, by the ramp of the holder in this last month
            level = result / ramp if quota_rule.ramp_quota else result
            gap = level - base_quota
            base_quota = base_quota + np.where(
                gap > 0, quota_rule.ratchet_up * gap, quota_rule.ratchet_down * gap
            )

        # exits at the end of the month: voluntary (strong and underpaid leave more) and plan-driven
        hazard = monthly_hazard * np.exp(
            workforce.underpaid_effect * np.maximum(skill, 0) * np.maximum(0, 1 - trailing)
        )
        leaving = draws.uniform("exits.voluntary", (R,)) < np.minimum(hazard, 1.0)
        if plan_hooks is not None:
            so_far = Outcomes(
                reps=table,
                periods=labels[: t + 1],
                measures={k: out[k][: t + 1, sl].transpose(1, 2, 0) for k in MEASURES},
                truth={k: out[f"_{k}"][: t + 1, sl].transpose(1, 2, 0) for k in TRUTH},
                meta={"simulations": list(simulations)},
            )
            flag = plan_hooks.improvement_flag(so_far, t)
            u_plan = draws.uniform("exits.plan", (R,))
            if flag is not None:
                leaving |= np.asarray(flag, bool) & (u_plan < workforce.plan_exit_probability)
        hires = draws.normal("hires.skill", (R,)) + workforce.hire_skill_mean
        meta["exits"] += int(leaving.sum())
        skill = np.where(leaving, hires, skill)
        tenure = np.where(leaving, 0.0, tenure)
        new_ids = next_person[:, None] + np.cumsum(leaving, axis=1) - 1
        person = np.where(leaving, new_ids, person)
        next_person = next_person + leaving.sum(axis=1)

    meta["cycle_stock"] += cycle_stock
    meta["cycle_flow"] += cycle_flow


def simulate(
    population: Population,
    settings: SimulationSettings | None = None,
    *,
    reps: int | None = None,
    periods: int | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    plan_hooks: PlanHooks | None = None,
    chunk_size: int | None = None,
) -> Outcomes:
    """Simulate ``simulations`` x ``reps`` x ``periods`` monthly outcomes.

    Keyword arguments override ``settings`` (default ``SimulationSettings()``).
    ``chunk_size`` (simulations per chunk) bounds the width of the month loop's working
    arrays; the results do not depend on it. ``plan_hooks`` (see :class:`PlanHooks`) lets a
    plan drive exits and effort; without it there are no plan-driven exits.

    Examples
    --------
    >>> from salesperf_model.schema import Population
    >>> out = simulate(Population(), reps=20, periods=3, simulations=2, seed=1)
    >>> out.shape
    (2, 20, 3)
    """
    settings = settings or SimulationSettings()
    updates = {
        k: v
        for k, v in {
            "reps": reps,
            "periods": periods,
            "simulations": simulations,
            "seed": seed,
        }.items()
        if v is not None
    }
    settings = SimulationSettings(**{**settings.model_dump(), **updates})
    S, R, T = settings.simulations, settings.reps, settings.periods
    table = build_rep_table(population, R, settings.seed)
    seats = _seats(population, table)
    labels = period_labels(settings.start_period, T)
    if chunk_size is None:
        chunk_size = max(1, 250_000 // R)  # keeps working arrays near 2 MB each
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")

    # arrays are filled month by month, so they are laid out (periods, sims, reps)
    names = [*MEASURES, *(f"_{k}" for k in TRUTH)]
    out = {name: np.empty((T, S, R)) for name in names}
    meta: dict = {
        "exits": 0,
        "cycle_stock": np.zeros((len(ROLES), 2)),
        "cycle_flow": np.zeros((len(ROLES), 2)),
    }
    for start in range(0, S, chunk_size):
        _simulate_chunk(
            population,
            seats,
            table,
            labels,
            settings.seed,
            range(start, min(S, start + chunk_size)),
            out,
            plan_hooks,
            meta,
        )

    def finish(name: str) -> np.ndarray:
        return np.ascontiguousarray(out.pop(name).transpose(1, 2, 0))

    measures = {name: finish(name) for name in MEASURES}
    truth = {name: finish(f"_{name}") for name in TRUTH}
    stock, flow = meta["cycle_stock"], meta["cycle_flow"]
    stage_months = np.divide(stock, flow, out=np.full(stock.shape, np.nan), where=flow > 0)
    return Outcomes(
        reps=table,
        periods=labels,
        measures=measures,
        truth=truth,
        source="simulation",
        meta={
            "seed": settings.seed,
            "settings": settings.model_dump(),
            "exits": meta["exits"],
            "realised_stage_months": {
                role: {
                    "prospecting": float(stage_months[i, 0]),
                    "negotiation": float(stage_months[i, 1]),
                }
                for i, role in enumerate(ROLES)
                if flow[i].sum() > 0
            },
        },
    )


# --------------------------------------------------------------------------- sanity report


def rating_reliability(
    outcomes: Outcomes, raters: Sequence[str] = ("manager", "peer", "customer")
) -> float:
    """Realised inter-rater reliability: the correlation across reps between two raters'
    ratings in the same simulation and month, averaged over rater pairs, simulations and
    months."""
    standardized = []
    for rater in raters:
        values = outcomes.get(f"rating_{rater}")
        centred = values - values.mean(axis=1, keepdims=True)
        scale = centred.std(axis=1, keepdims=True)
        standardized.append(np.divide(centred, scale, out=np.zeros_like(centred), where=scale > 0))
    pairs = [
        (standardized[i] * standardized[j]).mean(axis=1)
        for i in range(len(raters))
        for j in range(i + 1, len(raters))
    ]
    return float(np.mean(pairs))


def _annual_attainment(outcomes: Outcomes) -> np.ndarray:
    """Booked revenue / quota over the whole run, per simulation and seat."""
    booked = outcomes.get("revenue_booked").sum(axis=2)
    quota = outcomes.get("quota").sum(axis=2)
    return np.divide(booked, quota, out=np.zeros_like(booked), where=quota > 0)


def sanity_report(outcomes: Outcomes, grade_mix: dict[str, float] | None = None) -> str:
    """A plain-text check that a simulated sales force looks like a real one."""
    attainment = _annual_attainment(outcomes)
    q = np.percentile(attainment, [10, 25, 50, 75, 90])
    months = outcomes.n_periods
    roles = outcomes.reps["role"].to_numpy()
    lines = [
        f"Simulated {outcomes.n_simulations} simulations x {outcomes.n_reps} reps x {months} months "
        f"({outcomes.periods[0]}..{outcomes.periods[-1]})",
        "",
        "Attainment over the run (booked revenue / quota):",
        "  p10 {:.2f}  p25 {:.2f}  median {:.2f}  p75 {:.2f}  p90 {:.2f}".format(*q),
        f"  share of reps at or above quota: {np.mean(attainment >= 1):.1%} "
        "(surveys: 50-60%; CSO Insights 2018: 53%)",
        "",
        f"{'role':<22}{'seats':>6}{'quota/month':>14}{'revenue/month':>15}{'deals/month':>13}"
        f"{'cycle (months)':>16}",
    ]
    stages = outcomes.meta.get("realised_stage_months", {})
    quota = outcomes.get("quota")
    revenue = outcomes.get("revenue_booked")
    deals = outcomes.get("deals_won")
    for role in ROLES:
        mask = roles == role
        if not mask.any():
            continue
        cycle = stages.get(role)
        cycle_text = f"{cycle['prospecting'] + cycle['negotiation']:.1f}" if cycle else "-"
        lines.append(
            f"{role:<22}{int(mask.sum()):>6}{quota[:, mask].mean():>14,.0f}"
            f"{revenue[:, mask].mean():>15,.0f}{deals[:, mask].mean():>13.2f}{cycle_text:>16}"
        )
    receivable = outcomes.get("receivable").sum()
    collected = outcomes.get("revenue_collected").sum()
    nps = outcomes.get("nps")
    person = outcomes.get("person_id")
    exits = (person[:, :, 1:] != person[:, :, :-1]).sum() / outcomes.n_simulations
    lines += [
        "",
        f"Collection rate (collected / receivable): {collected / receivable:.3f}",
        f"Realised inter-rater reliability (manager, peer, customer): {rating_reliability(outcomes):.3f}",
        f"NPS: mean {nps.mean():.1f}; rep-months with NPS >= 90: {np.mean(nps >= 90):.2%}",
        f"Mean response time: {outcomes.get('response_time_hours').mean():.2f} hours",
        f"Exits per simulation: {exits:.1f} ({exits / outcomes.n_reps * 12 / max(months - 1, 1):.1%} of seats a year)",
    ]
    if grade_mix is not None:
        mix = "  ".join(f"{grade} {share:.1%}" for grade, share in grade_mix.items())
        lines += ["", f"Grade mix under the baseline plan: {mix}"]
    return "\n".join(lines)
