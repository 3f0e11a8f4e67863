"""Market and noise paths drawn up front for a chunk: they depend on no rep's state."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesperf_model.schema import Population
from salesperf_model.simulate.streams import Draws

#: The four raters of the 360 ratings, in the order of their noise paths.
RATERS: tuple[str, ...] = ("manager", "peer", "customer", "self")


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


def _by_month(paths: np.ndarray) -> np.ndarray:
    """Paths (sims, ..., periods) laid out month first, (periods, sims, ...): the month
    loop reads one month of them at a time, now in one contiguous block."""
    return np.ascontiguousarray(np.moveaxis(paths, -1, 0))


@dataclass(frozen=True)
class Environment:
    """Paths over the run's months (last axis), per simulation; those the month loop reads
    more than once a month (or cell by cell) month first, so a month is one block."""

    season: np.ndarray  # (periods,) seasonality of the calendar month
    market: np.ndarray  # (sims, periods) market-wide shock multiplier
    region: np.ndarray  # (sims, regions, periods) regional shock multiplier
    rep_month: np.ndarray  # (periods, sims, reps) a rep's month-to-month lead luck
    rater_noise: np.ndarray  # (periods, sims, raters, reps) each rater's monthly noise
    test_noise: np.ndarray  # (periods, sims, 2 tests, reps)
    response_noise: np.ndarray  # (sims, reps, periods)
    margin_noise: np.ndarray  # (sims, reps, periods)
    new_product_noise: np.ndarray  # (sims, reps, periods)
    credit_noise: np.ndarray  # (sims, reps, periods)
    survey_responses: np.ndarray  # (sims, reps, periods) NPS responses, at least one

    def demand(self, t: int, region: np.ndarray) -> np.ndarray:
        """Season x market x regional shock in month ``t`` for seats in ``region`` (sims, reps)."""
        return self.season[t] * self.market[:, t, None] * self.region[:, region, t]


def draw_environment(
    population: Population, draws: Draws, *, reps: int, periods: int, start_month: int
) -> Environment:
    """Draw the chunk's market and noise paths from their own streams."""
    market = population.market
    n_regions = len(population.regions)
    R, T = reps, periods
    sig_e = market.rep_month_sigma
    return Environment(
        season=np.array(market.seasonality)[(start_month + np.arange(T)) % 12],
        market=_ar1_paths(
            draws.normal("market.shock", (T,)),
            market.market_shock_sigma,
            market.market_shock_persistence,
        ),
        region=_ar1_paths(
            draws.normal("market.regional_shock", (n_regions, T)),
            market.regional_shock_sigma,
            market.regional_shock_persistence,
        ),
        rep_month=_by_month(np.exp(sig_e * draws.normal("leads.rep_month", (R, T)) - sig_e**2 / 2)),
        rater_noise=_by_month(draws.normal("ratings.noise", (len(RATERS), R, T))),
        test_noise=_by_month(draws.normal("tests.noise", (2, R, T))),
        response_noise=draws.normal("response_time.noise", (R, T)),
        margin_noise=draws.normal("gross_profit.noise", (R, T)),
        new_product_noise=draws.normal("new_product.noise", (R, T)),
        credit_noise=draws.normal("credit.noise", (R, T)),
        survey_responses=np.maximum(
            np.stack(
                [
                    g.poisson(population.customers.nps_responses, (R, T))
                    for g in draws.generators("nps.responses")
                ]
            ),
            1,
        ),
    )
