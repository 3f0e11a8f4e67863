"""SPIFs as a rep sees them ahead of a month: the extra pay a SPIF adds per unit of extra
revenue, and its expected pay at the run rate, for the plan's outlook (outlook.py).

Rules (stated once):

- A SPIF counts in the month about to be worked when that month is in its window and the
  rep's role is eligible. It is linear in revenue: per unit of extra booked revenue it
  pays ``rate`` x the eligible share (the product lines' share x, for ``customers: new``
  or ``existing``, that stream's share of the rep's booked revenue so far; 1 for ``all``)
  + ``per_deal`` x the same share / the rep's mean new-customer deal so far (the role's
  mean deal size, ``deal_size_median`` x exp(sigma^2 / 2), before any deal). Per unit of
  the commission base: on a collected base, a unit of cash is 1 / ``collected_share`` of
  booked revenue.
- Not seen ahead: the fund running out (a rep does not know what colleagues earned),
  deals moved into or out of the window (timing_outlook.py reads commission and bonuses
  only), windfall policies, modifiers and holdbacks (they do not move with a month's
  effort in this model, or only in the tail).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.engine.products import product_shares
from salesperf_model.engine.seats import ratio
from salesperf_model.plan_questions import PayState
from salesperf_model.schema import Scenario


def _mean_deal(scenario: Scenario, state: PayState) -> np.ndarray:
    """(sims, reps) the rep's mean new-customer deal so far, else the role's mean."""
    roles = state.reps["role"].astype(str).to_numpy()
    profiles = scenario.population.roles
    prior = np.array(
        [profiles[r].deal_size_median * np.exp(profiles[r].deal_size_sigma ** 2 / 2) for r in roles]
    )[None, :]
    if state.so_far is None:
        return np.broadcast_to(prior, state.quota.shape)
    won = state.so_far.get("deals_won").sum(axis=-1)
    booked = state.so_far.get("revenue_booked_new").sum(axis=-1)
    return np.where(won > 0, ratio(booked, won), prior)


def _stream_share(customers: str, state: PayState) -> np.ndarray:
    """(sims, reps) share of the rep's booked revenue so far from ``customers`` (1 for
    ``all``, or before any month)."""
    if customers == "all" or state.so_far is None:
        return np.ones(state.quota.shape)
    own = state.so_far.get(f"revenue_booked_{customers}").sum(axis=-1)
    every = state.so_far.get("revenue_booked").sum(axis=-1)
    return np.where(every > 0, ratio(own, every), 1.0)


def spif_outlook(scenario: Scenario, state: PayState) -> tuple[np.ndarray, np.ndarray]:
    """(extra pay per unit of extra commission-base revenue, expected SPIF pay this month
    at the run rate), each (sims, reps); zeros when no SPIF runs this month."""
    marginal = np.zeros(state.quota.shape)
    pay = np.zeros(state.quota.shape)
    spifs = scenario.pay.spifs
    if not spifs:
        return marginal, pay
    label = state.period_label[:7]
    roles = state.reps["role"].astype(str).to_numpy()
    mix = scenario.population.products.mix
    shares = dict(mix) if state.so_far is None else product_shares(mix, state.so_far)
    booked_per_base = 1.0
    if scenario.pay.commission.base == "collected" and state.collected_share > 0:
        booked_per_base = 1.0 / state.collected_share
    for spif in spifs:
        if not spif.window[0] <= label <= spif.window[1]:
            continue
        lines = spif.products if spif.products is not None else list(shares)
        share = sum((np.mean(shares.get(line, 0.0)) for line in lines), 0.0)
        stream = _stream_share(spif.customers, state)
        eligible = np.isin(roles, spif.roles) if spif.roles is not None else np.ones(len(roles))
        per_deal = ratio(np.full(state.quota.shape, spif.per_deal), _mean_deal(scenario, state))
        per_unit = spif.rate * stream + per_deal * _stream_share("new", state)
        per_unit = per_unit * share * eligible[None, :]
        marginal = marginal + per_unit * booked_per_base
        pay = pay + per_unit * state.run_rate
    return marginal, pay
