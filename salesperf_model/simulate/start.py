"""A chunk of simulations at the start: its constants and the state it carries month to month.

People (skill, tenure), territories and their big-account shares, quotas, each region's
market and the seats' pipelines and books are drawn here, in their steady state, so the
first simulated month looks like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from salesperf_model.outcomes import ROLES, Outcomes
from salesperf_model.schema import Behaviour, Population
from salesperf_model.simulate.environment import RATERS, Environment, draw_environment
from salesperf_model.simulate.keyed import KeyedDraws
from salesperf_model.simulate.periods import start_month_index
from salesperf_model.simulate.quotas import quota_season
from salesperf_model.simulate.raters import lasting_rater_noise
from salesperf_model.simulate.response import PlanResponse, reference_rate
from salesperf_model.simulate.revenue import big_probability, role_revenue
from salesperf_model.simulate.seats import Seats
from salesperf_model.simulate.streams import Draws

if TYPE_CHECKING:
    from salesperf_model.plan_questions import Review
    from salesperf_model.simulate.careers import Careers
    from salesperf_model.simulate.deal_timing import DealTiming

#: Booked revenue of one month: (new, existing, big accounts), each (sims, reps).
Booked = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Chunk:
    """What stays fixed while a chunk of simulations runs through its months."""

    population: Population
    seats: Seats
    table: pd.DataFrame
    labels: list[str]
    simulations: range
    draws: Draws | KeyedDraws  # the month loop's (keyed by cell under behaviour)
    out: dict[str, np.ndarray]  # the run's arrays (periods, sims, reps), this chunk's slice
    response: PlanResponse | None
    environment: Environment
    territory: np.ndarray  # (sims, reps) mean-1 territory potential
    big_share: np.ndarray  # (sims, reps) share of expected revenue from big accounts
    p_big: np.ndarray  # (sims, reps) chance that one deal or order is with a big account
    region_base: np.ndarray  # (regions,) market size before seasonality and shocks
    reference_rate: np.ndarray | None  # the plan's rate at quota; None: no effort response
    start_month: int  # calendar month of the first period, 0 for January
    quota_season: np.ndarray  # (periods, reps) each month's quota over the deseasonalised level
    behaviour: Behaviour | None = None  # reps respond to the plan's pay (simulate.behaviour)
    #: (sims, reps) the seat's true expected monthly revenue (truth: quota-setting error)
    expected_revenue: np.ndarray | None = None
    expected_new: np.ndarray | None = None  # (sims, reps) its new-business part
    #: the simulation in the first row of ``out`` (a run of simulations first, first+1, ...)
    first_simulation: int = 0

    @cached_property
    def shape(self) -> tuple[int, int]:
        """(simulations, reps) of the chunk."""
        return len(self.simulations), len(self.table)

    def quota_error(self, base_quota: np.ndarray) -> np.ndarray:
        """Truth: each seat's quota over the quota rule's share of its true expected revenue
        (1 where the seat has no expected revenue)."""
        exact = self.population.quota.share_of_potential * self.expected_revenue
        return np.divide(base_quota, exact, out=np.ones(self.shape), where=exact > 0)

    @cached_property
    def rows(self) -> slice:
        """The chunk's simulations in the run's arrays."""
        first = self.first_simulation
        return slice(self.simulations.start - first, self.simulations.stop - first)

    @property
    def attainment_basis(self) -> Literal["collected", "booked"]:
        """Revenue the running attainment is measured on (the plan's, or collected)."""
        return self.response.attainment_basis if self.response is not None else "collected"

    def put(self, name: str, t: int, value: np.ndarray) -> None:
        """Write month ``t`` of measure (or ``_truth``) ``name`` for the chunk."""
        self.out[name][t, self.rows] = value

    def view(self, name: str, t: int) -> np.ndarray:
        """Month ``t`` of measure (or ``_truth``) ``name`` for the chunk, to write into."""
        return self.out[name][t, self.rows]


@dataclass
class ChunkState:
    """What a month hands to the next, per (simulation, seat) unless noted."""

    skill: np.ndarray
    tenure: np.ndarray  # completed months in the seat
    person: np.ndarray  # who holds the seat: seat + reps x hires into it (never reused)
    hires: np.ndarray  # people hired into the seat so far
    prospecting: np.ndarray  # open leads in prospecting
    negotiation: np.ndarray  # open leads in negotiation
    book: np.ndarray  # existing customers
    history: list[Booked]  # booked revenue of the months whose cash is still due
    base_quota: np.ndarray  # deseasonalised monthly quota of a ramped holder
    quota_trend: np.ndarray  # smoothed attainment the ratchet moves on
    effort: np.ndarray  # multiplier of visits
    ytd_result: np.ndarray  # plan-year revenue on the attainment basis
    ytd_quota: np.ndarray
    recent_booked: list[np.ndarray]  # the last three months
    recent_quota: list[np.ndarray]
    cycle_stock: np.ndarray  # (roles, 2 stages) summed open leads, for Little's law
    cycle_flow: np.ndarray  # (roles, 2 stages) summed leads leaving the stage
    rater_view: np.ndarray  # (sims, raters, reps) each rater's lasting view that is not skill
    rated_person: np.ndarray  # who ``rater_view`` belongs to
    exits: int = 0
    # how effort moves selling (1, 1, 0, 1 unless reps respond to pay: simulate.behaviour)
    lead_factor: np.ndarray | float = 1.0  # multiplier of leads per visit
    win_shift: np.ndarray | float = 0.0  # added to the win log-odds
    book_factor: np.ndarray | float = 1.0  # multiplier of repeat and upsell chances
    run_rate: np.ndarray | None = None  # expected booked revenue per month, as the rep sees it
    pay_ratio: np.ndarray | float = 1.0  # expected pay / market pay
    warned: np.ndarray | None = None  # graded C in the last review
    moved_down: np.ndarray | None = None  # moved down by a forced distribution in the last review
    effort_path: list[np.ndarray] | None = None  # effort of each month so far
    timing: DealTiming | None = None  # deal timing and per-deal records (simulate.deal_timing)
    award_exit: np.ndarray | float = 1.0  # exit hazard multiplier of non-cash rewards
    review: Review | None = None  # the plan's review closing this month (behaviour only)
    careers: Careers | None = None  # promotion, training, supervision (simulate.careers)
    vacant: np.ndarray | None = None  # months the seat stays empty (simulate.vacancy)
    at_work: np.ndarray | float = 1.0  # 0 in a month on leave (simulate.leave)
    leave_left: np.ndarray | None = None  # months of leave still to take
    reviewed: Outcomes | None = None  # the months the last review saw (the next outlook's)


def ramp(tenure: np.ndarray, population: Population) -> np.ndarray:
    """Productivity of a rep with ``tenure`` completed months (1 once ramped)."""
    workforce = population.workforce
    if workforce.ramp_months <= 0:
        return np.ones(tenure.shape)
    progress = np.minimum(1.0, tenure / workforce.ramp_months)
    return workforce.ramp_start + (1.0 - workforce.ramp_start) * progress


def monthly_hazard(population: Population) -> float:
    """Monthly voluntary exit chance of an average rep, from the annual attrition."""
    return 1.0 - (1.0 - population.workforce.annual_attrition) ** (1 / 12)


def _initial_tenure(population: Population, draws: Draws, shape: tuple[int, int]) -> np.ndarray:
    """Completed months in the seat: geometric at the monthly hazard (the steady state)."""
    hazard = monthly_hazard(population)
    u = draws.uniform("tenure.initial", (shape[1],))
    if hazard > 0:
        return np.floor(np.log1p(-u) / np.log1p(-hazard))
    return np.full(shape, 120.0)


def _territories(
    population: Population, seats: Seats, draws: Draws, shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Each seat's territory potential (log-normal, mean 1, biased by group) and big-account
    share (beta around the role's mean)."""
    terr = population.territory
    sigma_t = terr.potential_sigma
    territory = np.exp(
        sigma_t * draws.normal("territory.potential", (shape[1],)) - sigma_t**2 / 2 + seats.bias
    )
    mean_big = seats.params["big_account_share_mean"]
    conc = terr.big_account_concentration
    big_share = np.where(
        mean_big > 0,
        draws.beta(
            "territory.big_account_share",
            np.broadcast_to(np.maximum(mean_big, 1e-9) * conc, shape),
            np.broadcast_to((1 - mean_big) * conc, shape),
        ),
        0.0,
    )
    return territory, big_share


def _expected_revenue(
    population: Population, seats: Seats, territory: np.ndarray, big_share: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Expected (new, existing) monthly revenue of an average rep (skill 0) in each seat."""
    role_new = np.zeros(big_share.shape)
    role_existing = np.zeros(big_share.shape)
    for r, name in enumerate(ROLES):
        mask = seats.role == r
        if mask.any():
            new, existing = role_revenue(
                population.roles[name],
                big_share[:, mask],
                population.territory.big_deal_multiplier,
            )
            role_new[:, mask] = new
            role_existing[:, mask] = existing
    return role_new * seats.tier_factor * territory, role_existing * seats.tier_factor * territory


def _base_quota(
    population: Population,
    seats: Seats,
    table: pd.DataFrame,
    draws: Draws,
    expected: np.ndarray,
) -> np.ndarray:
    """A ramped holder's monthly quota: given per role, or a share of the seat's expected
    revenue as the quota setter estimates it (log-normal error)."""
    quota_rule = population.quota
    S, R = expected.shape
    sigma_q = quota_rule.estimate_sigma
    estimate = np.exp(sigma_q * draws.normal("quota.estimate", (R,)) - sigma_q**2 / 2)
    if quota_rule.rule != "given":
        return quota_rule.share_of_potential * expected * estimate
    missing = sorted(set(table["role"]) - set(quota_rule.given))
    if missing:
        raise ValueError(
            f"population.quota.rule is 'given' but population.quota.given has no quota for roles "
            f"{missing} that have seats; expected a monthly amount per role"
        )
    return np.broadcast_to(
        table["role"].map(quota_rule.given).to_numpy(float) * seats.tier_factor, (S, R)
    ).copy()


def _region_base(population: Population, seats: Seats) -> np.ndarray:
    """Each region's market size: its seats' expected revenue / expected market share, or given."""
    multiplier = population.territory.big_deal_multiplier
    role_mean = np.array(
        [
            sum(role_revenue(p, p.big_account_share_mean, multiplier))
            for p in (population.roles[name] for name in ROLES)
        ]
    )
    seat_expected = role_mean[seats.role] * seats.tier_factor
    region_base = np.bincount(
        seats.region, weights=seat_expected, minlength=len(population.regions)
    )
    region_base = region_base / population.market.expected_market_share
    for i, spec in enumerate(population.regions):
        if spec.market_size is not None:
            region_base[i] = spec.market_size
    return region_base


def _initial_pipelines(
    population: Population,
    seats: Seats,
    draws: Draws,
    *,
    skill: np.ndarray,
    tenure: np.ndarray,
    territory: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Open leads (prospecting, negotiation) and the book of customers in steady state."""
    P = seats.params
    fx = population.skill_effects
    lead_rate0 = np.clip(
        P["leads_per_visit"] * np.exp(fx.leads * skill) * territory * ramp(tenure, population),
        0,
        1,
    )
    leads0 = P["visits_per_month"] * np.exp(fx.visits * skill) * lead_rate0
    prospecting = draws.poisson("pipeline.initial_prospecting", leads0 * P["prospecting_months"])
    negotiation = draws.poisson(
        "pipeline.initial_negotiation", leads0 * P["advance_share"] * P["negotiation_months"]
    )
    book = draws.poisson("book.initial", np.broadcast_to(P["book_customers"], skill.shape))
    return prospecting, negotiation, book


#: Log spread of a month's bookings before the start around their expectation: the
#: month-to-month log spread of a rep's booked revenue in the simulation's steady state
#: (1.0 measured on the defaults), so the first months' cash is as uncertain as later
#: months' (without it 81% of reps met January's cash quota, 50% later months').
_HISTORY_SIGMA = 1.0


def _history(
    population: Population,
    draws: Draws,
    expected: tuple[np.ndarray, np.ndarray],
    big_share: np.ndarray,
    start_month: int,
) -> list[Booked]:
    """Booked (new, existing, big) in the months before the start whose cash is still due:
    the seat's expectation in that calendar month, with a month's luck."""
    lags = len(population.collections.lag_shares)
    season = np.array(population.market.seasonality)
    luck = np.exp(
        _HISTORY_SIGMA * draws.normal("history.luck", (max(lags - 1, 0), big_share.shape[1]))
        - _HISTORY_SIGMA**2 / 2
    )
    history: list[Booked] = []
    for i in range(lags - 1):
        factor = season[(start_month - lags + 1 + i) % 12] * luck[:, i]
        new, existing = expected[0] * factor, expected[1] * factor
        history.append((new, existing, (new + existing) * big_share))
    return history


def start_chunk(
    population: Population,
    seats: Seats,
    table: pd.DataFrame,
    *,
    labels: list[str],
    seed: int,
    simulations: range,
    out: dict[str, np.ndarray],
    response: PlanResponse | None,
    behaviour: Behaviour | None = None,
    first_simulation: int = 0,
) -> tuple[Chunk, ChunkState]:
    """Draw a chunk's people, territories, quotas, paths, pipelines and books (``out``'s
    first row holds simulation ``first_simulation``)."""
    draws = Draws(seed, simulations)
    shape = _, R = len(simulations), len(table)
    skill = draws.normal("skill.initial", (R,))
    tenure = _initial_tenure(population, draws, shape)
    territory, big_share = _territories(population, seats, draws, shape)
    expected_new, expected_existing = _expected_revenue(population, seats, territory, big_share)
    base_quota = _base_quota(population, seats, table, draws, expected_new + expected_existing)
    start_month = start_month_index(labels)
    environment = draw_environment(
        population, draws, reps=R, periods=len(labels), start_month=start_month
    )
    prospecting, negotiation, book = _initial_pipelines(
        population, seats, draws, skill=skill, tenure=tenure, territory=territory
    )
    chunk = Chunk(
        population=population,
        seats=seats,
        table=table,
        labels=labels,
        simulations=simulations,
        # under behaviour each plan meets the same luck cell by cell (simulate.keyed)
        draws=KeyedDraws(seed, simulations, R) if behaviour is not None else draws,
        out=out,
        response=response,
        environment=environment,
        territory=territory,
        big_share=big_share,
        p_big=big_probability(big_share, population.territory.big_deal_multiplier),
        region_base=_region_base(population, seats),
        reference_rate=reference_rate(response, population.workforce.effort_elasticity, shape),
        start_month=start_month,
        quota_season=quota_season(
            population, start_month=start_month, periods=len(labels), role=seats.role
        ),
        behaviour=behaviour,
        expected_revenue=expected_new + expected_existing,
        expected_new=expected_new,
        first_simulation=first_simulation,
    )
    state = ChunkState(
        skill=skill,
        tenure=tenure,
        person=np.broadcast_to(np.arange(R, dtype=np.int64), shape).copy(),
        hires=np.zeros(shape, dtype=np.int64),
        prospecting=prospecting,
        negotiation=negotiation,
        book=book,
        history=_history(
            population, draws, (expected_new, expected_existing), big_share, start_month
        ),
        base_quota=base_quota,
        quota_trend=np.full(shape, 1.0 / population.quota.share_of_potential),
        effort=np.ones(shape),
        ytd_result=np.zeros(shape),
        ytd_quota=np.zeros(shape),
        recent_booked=[],
        recent_quota=[],
        cycle_stock=np.zeros((len(ROLES), 2)),
        cycle_flow=np.zeros((len(ROLES), 2)),
        rater_view=lasting_rater_noise(
            population.ratings,
            draws.normal("ratings.impression", (len(RATERS) + 1, R)),
            draws.normal("ratings.bond", (len(RATERS), R)),
        ),
        rated_person=np.broadcast_to(np.arange(R, dtype=np.int64), shape).copy(),
    )
    if behaviour is not None:
        state.run_rate = expected_new + expected_existing
        state.warned = np.zeros(shape, bool)
        state.moved_down = np.zeros(shape, bool)
        state.effort_path = []
    return chunk, state
