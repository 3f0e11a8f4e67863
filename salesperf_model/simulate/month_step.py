"""One month of a chunk of simulations: visits, pipeline, deals, books, cash, quality, exits.

Each named step draws its own variables (one stream each, see ``streams``), writes its
measures for the month and updates what carries forward in ``ChunkState``. The steps may
run in any order that respects their data: no stream is shared between steps, so the
draws do not depend on it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from salesperf_model.simulate.behaviour import respond_to_pay, update_run_rate
from salesperf_model.simulate.cancellations import cancel
from salesperf_model.simulate.careers import supervise
from salesperf_model.simulate.deal_timing import book_new_deals
from salesperf_model.simulate.keyed import KeyedDraws
from salesperf_model.simulate.leave import take_leave
from salesperf_model.simulate.link import logit, sigmoid
from salesperf_model.simulate.month_close import exits, ratchet, running_attainment
from salesperf_model.simulate.quality import customer_quality, ratings_360, tests_and_training
from salesperf_model.simulate.response import effort_from_rate
from salesperf_model.simulate.start import Chunk, ChunkState, ramp
from salesperf_model.simulate.vacancy import covered, revenue_lost, vacant_seats


class _Existing(NamedTuple):
    """One month's business with existing customers, each (sims, reps)."""

    repeat: np.ndarray  # customers ordering again
    orders_big: np.ndarray  # revenue from big-account repeat orders
    booked: np.ndarray  # revenue: repeat orders and upsell
    lost: np.ndarray  # customers churned
    kept: np.ndarray  # new customers who join the book


def step_month(chunk: Chunk, state: ChunkState, t: int) -> None:
    """Simulate month ``t`` of the chunk: write its measures and carry the state forward."""
    population = chunk.population
    chunk.draws.set_month(t)
    if t == 0:
        _whole_run(chunk)
    ramp_now = ramp(state.tenure, population)
    quota = state.base_quota * chunk.quota_season[t]
    if population.quota.ramp_quota:
        quota = quota * ramp_now
    vacant = vacant_seats(chunk, state)  # None without vacancies (simulate.vacancy)
    if vacant is not None:
        quota = np.where(vacant, 0.0, quota)
    if chunk.behaviour is not None:
        respond_to_pay(chunk, state, t, quota=quota)
        supervise(state)
    else:
        _respond_to_plan(chunk, state)
    take_leave(chunk, state, t)
    env = chunk.environment.demand(t, chunk.seats.region)

    won = _pipeline(chunk, state, t, env=env, ramp=ramp_now, vacant=vacant)
    size_scale = chunk.seats.tier_factor * np.exp(population.skill_effects.deal_size * state.skill)
    new = book_new_deals(chunk, state, t, won=won, size_scale=size_scale)
    won, booked_new, booked_new_big = new.signed, new.booked, new.booked_big
    existing = _existing_customers(
        chunk, state, t, won=won, env=env, ramp=ramp_now, size_scale=size_scale, vacant=vacant
    )
    booked_big = booked_new_big + existing.orders_big
    booked = booked_new + existing.booked
    chunk.put("revenue_booked_big", t, booked_big)
    chunk.put("quota", t, quota)
    _kernels().channels_and_book(
        state.book,
        (existing.repeat, existing.lost, existing.kept, won),
        booked,
        channel=chunk.seats.is_channel,
        outs=tuple(
            chunk.view(name, t)
            for name in ("channels_total", "channels_active", "channels_new", "channel_revenue")
        ),
    )

    due = cancel(
        chunk,
        t,
        transactions=won + existing.repeat,
        booked=(booked_new, existing.booked, booked_big),
    )
    collected = _collections(chunk, state, t, booked=due)
    _money(chunk, t, booked=booked, booked_big=booked_big)
    customer_quality(chunk, state, t, won=won)
    tests_and_training(chunk, state, t)
    ratings_360(chunk, state, t)

    state.tenure = state.tenure + (1 if vacant is None else ~vacant)
    chunk.put("tenure_months", t, state.tenure)
    chunk.put("person_id", t, state.person)
    chunk.put("_skill", t, state.skill)
    chunk.put("_quota_error", t, chunk.quota_error(state.base_quota))

    trailing = running_attainment(chunk, state, t, booked=booked, collected=collected, quota=quota)
    ratchet(chunk, state, t)
    if chunk.behaviour is not None:
        update_run_rate(state, booked)
    exits(chunk, state, t, trailing=trailing, vacant=vacant)


def _kernels():
    """The compiled loops, imported on first use (numba costs a moment to import)."""
    from salesperf_model.simulate import month_kernels

    return month_kernels


def _whole_run(chunk: Chunk) -> None:
    """Write the measures that are known for all months at the start, at once."""
    from salesperf_model.simulate import layout_kernels  # numba: loaded on first use

    environment = chunk.environment
    names = (
        "quota_carved_out",  # a relief table's; the simulation carves none
        "_territory_potential",
        "_big_account_share",
        "_market_shock",  # truth: the market-wide x regional demand shock on each seat
        "region_market_size",
    )
    layout_kernels.whole_run(
        tuple(chunk.out[name][:, chunk.rows] for name in names),
        tuple(np.broadcast_to(v, chunk.shape) for v in (chunk.territory, chunk.big_share)),
        (environment.market, environment.region),
        region=chunk.seats.region,
        region_base=chunk.region_base,
        season=environment.season,
    )
    chunk.out["_deal_luck"][:, chunk.rows] = environment.rep_month


def _respond_to_plan(chunk: Chunk, state: ChunkState) -> None:
    """Effort for the month from the plan's marginal rate at the year-to-date attainment."""
    if chunk.reference_rate is None or chunk.response is None:
        return
    attainment = np.divide(
        state.ytd_result,
        state.ytd_quota,
        out=np.zeros(chunk.shape),
        where=state.ytd_quota > 0,
    )
    state.effort = effort_from_rate(
        chunk.response,
        chunk.reference_rate,
        attainment,
        elasticity=chunk.population.workforce.effort_elasticity,
    )


def _pipeline(
    chunk: Chunk,
    state: ChunkState,
    t: int,
    *,
    env: np.ndarray,
    ramp: np.ndarray,
    vacant: np.ndarray | None = None,
) -> np.ndarray:
    """Visits -> leads in prospecting -> negotiation -> won or lost; returns deals won (the
    deals signed are :func:`book_new_deals`' count, after timing). A ``vacant`` seat has
    no visits and wins nothing: its open leads drain and are lost."""
    held = 1.0 if vacant is None else ~vacant
    P = chunk.seats.params
    fx = chunk.population.skill_effects
    draws = chunk.draws
    skill = state.skill
    visits = draws.poisson(
        "visits",
        P["visits_per_month"] * np.exp(fx.visits * skill) * state.effort * held * state.at_work,
    )
    lead_rate = np.clip(
        P["leads_per_visit"]
        * np.exp(fx.leads * skill)
        * chunk.territory
        * env
        * chunk.environment.rep_month[t]
        * ramp
        * state.lead_factor,
        0.0,
        1.0,
    )
    new_leads = draws.binomial("leads.new", visits, lead_rate)
    leave_prospecting = draws.binomial(
        "pipeline.leave_prospecting", state.prospecting, 1.0 / P["prospecting_months"]
    )
    advanced = draws.binomial("pipeline.advance", leave_prospecting, P["advance_share"])
    leave_negotiation = draws.binomial(
        "pipeline.leave_negotiation", state.negotiation, 1.0 / P["negotiation_months"]
    )
    win_logit = np.log(P["win_rate"] / (1 - P["win_rate"]))
    won = draws.binomial(
        "pipeline.won",
        leave_negotiation,
        sigmoid(win_logit + fx.win_log_odds * skill + state.win_shift) * held,
    )
    chunk.put("visits", t, visits)
    # Little's law: mean months in a stage = mean stock / mean outflow
    _kernels().pipeline_flows(
        (state.prospecting, state.negotiation),
        (leave_prospecting, leave_negotiation),
        (new_leads, advanced),
        won=won,
        role=chunk.seats.role,
        cycle=(state.cycle_stock, state.cycle_flow),
        outs=(
            chunk.view("leads_prospecting", t),
            chunk.view("leads_negotiation", t),
            chunk.view("deals_lost", t),
        ),
    )
    return won


def _existing_customers(
    chunk: Chunk,
    state: ChunkState,
    t: int,
    *,
    won: np.ndarray,
    env: np.ndarray,
    ramp: np.ndarray,
    size_scale: np.ndarray,
    vacant: np.ndarray | None = None,
) -> _Existing:
    """The book: repeat orders (log-normal sizes, big accounts larger), upsell, churn, and
    the new customers who stay on. A ``vacant`` seat's book is served by colleagues (an
    average, ramped rep) at ``workforce.vacancy_coverage`` of its revenue."""
    P = chunk.seats.params
    fx = chunk.population.skill_effects
    multiplier = chunk.population.territory.big_deal_multiplier
    draws = chunk.draws
    skill, book = state.skill, state.book
    if vacant is not None:
        skill, ramp = np.where(vacant, 0.0, skill), np.where(vacant, 1.0, ramp)
    repeat_p = np.clip(
        P["repeat_probability"] * np.exp(fx.repeat * skill) * env * ramp * state.book_factor, 0, 1
    )
    repeat = draws.binomial("book.repeat", book, repeat_p)
    repeat_big = draws.binomial("book.repeat_big", repeat, chunk.p_big)
    order_mean = P["order_size_mean"] * size_scale * chunk.territory
    orders, orders_big = _order_sum(
        chunk, "book.order_size", repeat, order_mean, big=(repeat_big, multiplier)
    )
    upsells = draws.binomial(
        "book.upsell", repeat, np.clip(P["upsell_probability"] * state.book_factor, 0, 1)
    )
    upsell, _ = _order_sum(chunk, "book.upsell_size", upsells, order_mean * P["upsell_size_ratio"])
    churn_p = np.clip(P["churn_probability"] * np.exp(fx.churn * skill), 0, 1)
    lost = draws.binomial("book.churn", book, churn_p)
    kept = draws.binomial("book.keep_new", won, P["keep_new_customer_share"])
    lost_revenue = 0.0  # no vacancies: nothing lost to an empty seat
    if vacant is not None:
        lost_revenue = revenue_lost(chunk, vacant, env=env, existing=orders + upsell)
    chunk.put("_revenue_lost_vacancy", t, lost_revenue)
    coverage = chunk.population.workforce.vacancy_coverage
    orders, orders_big, upsell = (
        covered(v, vacant, coverage) for v in (orders, orders_big, upsell)
    )
    booked = _kernels().existing_close(
        (book, repeat, lost),
        orders,
        upsell,
        outs=tuple(
            chunk.view(name, t)
            for name in (
                "existing_customers",
                "repeat_customers",
                "customers_lost",
                "revenue_booked_existing",
                "revenue_upsell",
            )
        ),
    )
    return _Existing(repeat, orders_big, booked, lost, kept)


def _order_sum(
    chunk: Chunk,
    name: str,
    count: np.ndarray,
    mean: np.ndarray,
    *,
    big: tuple[np.ndarray, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sum of ``count`` log-normal orders of mean ``mean`` per (sim, rep), one draw per
    order; with ``big`` = (big counts, multiplier) the first that many orders of each cell
    are big accounts, ``multiplier`` times larger. Returns (all orders, big-account orders)."""
    from salesperf_model.simulate import order_kernels  # numba: loaded on first use

    S, R = chunk.shape
    counts = np.ascontiguousarray(count, dtype=np.int64).ravel()
    sigma = np.ascontiguousarray(chunk.seats.params["order_size_sigma"], dtype=float)
    if isinstance(chunk.draws, KeyedDraws):  # hashed, inverted and scaled in one pass
        growth = chunk.draws.per_item_spread(name, counts, sigma)
    else:
        growth = order_kernels.log_growth(
            counts, sigma, chunk.draws.per_item(name, count, "normal")
        )
    np.exp(growth, out=growth)  # in place: one array of the month's orders, not two
    means = np.ascontiguousarray(mean, dtype=float).ravel()
    if big is None:
        big_counts, multiplier = np.zeros(0, np.int64), 1.0
    else:
        big_counts = np.ascontiguousarray(big[0], dtype=np.int64).ravel()
        multiplier = float(big[1])
    total, big_total = order_kernels.cell_sums(
        counts, means, growth, big_counts=big_counts, multiplier=multiplier
    )
    return total.reshape(S, R), big_total.reshape(S, R)


def _collections(
    chunk: Chunk,
    state: ChunkState,
    t: int,
    *,
    booked: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Receivable falls due by the lag shares; the shortfall is bad debt. Returns the cash
    collected (new + existing)."""
    population = chunk.population
    cust = population.customers
    lags = np.array(population.collections.lag_shares)
    state.history.append(booked)
    history = state.history
    due = [sum(lags[k] * history[-1 - k][c] for k in range(len(lags))) for c in range(3)]
    history.pop(0)
    accuracy = chunk.view("credit_assessment_accuracy", t)
    a, b = _kernels().credit_shortfall(
        np.exp(
            -(
                logit(cust.credit_accuracy_mean)
                + 0.5 * state.skill
                + 0.3 * chunk.environment.credit_noise[:, :, t]
            )
        ),
        weights=(
            float(population.collections.shortfall_mean),
            float(cust.credit_accuracy_mean),
            float(population.collections.shortfall_concentration),
        ),
        accuracy=accuracy,
    )
    shortfall = chunk.draws.beta("collections.shortfall", a, b)
    return _kernels().collect(
        tuple(due),
        shortfall,
        tuple(
            chunk.view(name, t)
            for name in (
                "receivable",
                "revenue_collected_new",
                "revenue_collected_existing",
                "revenue_collected_big",
            )
        ),
    )


def _money(chunk: Chunk, t: int, *, booked: np.ndarray, booked_big: np.ndarray) -> None:
    """Gross profit and new-product revenue."""
    cust = chunk.population.customers
    environment = chunk.environment
    noise = environment.margin_noise[:, :, t], environment.new_product_noise[:, :, t]
    _kernels().money(
        booked,
        booked_big,
        (np.exp(0.05 * noise[0]), np.exp(0.3 * noise[1] - 0.045)),
        weights=(
            float(cust.gross_margin),
            float(cust.big_account_margin_cut),
            float(cust.new_product_share),
        ),
        gross_profit=chunk.view("gross_profit", t),
        new_product=chunk.view("new_product_revenue", t),
    )
