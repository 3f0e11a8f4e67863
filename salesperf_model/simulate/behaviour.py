"""Reps who respond to pay: effort from the plan's expected marginal pay, when to sign
deals (``deal_timing``), leaving by performance, pay against the market and grades, and
screened replacement hires.

Only used when the simulation is given a ``behaviour`` section and a plan response with
``outlook`` and ``review`` (``BehaviourResponse``). Every draw here is keyed by its
simulation, month and seat (``keyed``), so two plans simulated with one seed meet the
same exit and hiring luck; only the hazards they face differ.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from salesperf_model.outcomes import MEASURES, TRUTH, Outcomes
from salesperf_model.plan_questions import PayState
from salesperf_model.simulate.deal_timing import (
    DealTiming,
    decision_from_gain,
    timing_decision,
)
from salesperf_model.simulate.keyed import KeyedDraws
from salesperf_model.simulate.response import BehaviourResponse
from salesperf_model.simulate.start import Chunk, ChunkState, monthly_hazard

#: Weight of the newest month in the run rate a rep expects (about a three-month memory).
RUN_RATE_WEIGHT = 1.0 / 3.0


def outcomes_so_far(chunk: Chunk, t: int) -> Outcomes:
    """Months 0..t of the chunk's simulations, for the plan to review or project."""
    out, rows = chunk.out, chunk.rows
    return Outcomes(
        reps=chunk.table,
        periods=chunk.labels[: t + 1],
        measures={k: out[k][: t + 1, rows].transpose(1, 2, 0) for k in MEASURES},
        truth={k: out[f"_{k}"][: t + 1, rows].transpose(1, 2, 0) for k in TRUTH},
        meta={"simulations": list(chunk.simulations)},
    )


def _months_before(chunk: Chunk, state: ChunkState, t: int) -> Outcomes | None:
    """Months 0..t-1 (None before the first): last month's review saw just these, and
    nothing has been written into them since."""
    if not t:
        return None
    reviewed = state.reviewed
    if reviewed is not None and len(reviewed.periods) == t:
        return reviewed
    return outcomes_so_far(chunk, t - 1)


def _response(chunk: Chunk) -> BehaviourResponse:
    response = chunk.response
    if not isinstance(response, BehaviourResponse):
        raise TypeError(
            "a behaviour section needs a plan response that answers outlook() and review() "
            f"(salesperf_model.engine.EnginePlanResponse); got {type(response).__name__}"
        )
    return response


def _next_quota_per_revenue(chunk: Chunk, state: ChunkState) -> np.ndarray:
    """How much next months' quota rises per unit of extra revenue now (the ratchet)."""
    rule = chunk.population.quota
    if rule.rule != "ratchet":
        return np.zeros(chunk.shape)
    recent = sum(state.recent_booked) if state.recent_booked else None
    above = np.ones(chunk.shape, bool) if recent is None else recent >= sum(state.recent_quota)
    return np.where(above, rule.ratchet_up, rule.ratchet_down) / rule.ratchet_period_months


def effort_from_pay(marginal_pay: np.ndarray, chunk: Chunk) -> np.ndarray:
    """Effort: (marginal pay / the money reference) ** elasticity, within floor and ceiling."""
    behaviour = chunk.behaviour
    assert behaviour is not None
    relative = np.maximum(marginal_pay, 0.0) / behaviour.reference_marginal_pay
    with np.errstate(divide="ignore"):
        effort = relative**behaviour.effort_elasticity
    return np.clip(effort, behaviour.effort_floor, behaviour.effort_ceiling)


def respond_to_pay(chunk: Chunk, state: ChunkState, t: int, *, quota: np.ndarray) -> None:
    """Before month ``t``: ask the plan for its outlook, set effort (visits, leads per
    visit, win odds, the book's repeat and upsell chances) and the pay against the market."""
    behaviour = chunk.behaviour
    assert behaviour is not None and state.run_rate is not None
    collections = chunk.population.collections
    pay_state = PayState(
        period_index=t,
        period_label=chunk.labels[t],
        reps=chunk.table,
        so_far=_months_before(chunk, state, t),
        quota=quota,
        run_rate=state.run_rate,
        collected_share=1.0 - collections.shortfall_mean,
        next_quota_per_revenue=_next_quota_per_revenue(chunk, state),
    )
    outlook = _response(chunk).outlook(pay_state)
    effort = effort_from_pay(np.asarray(outlook.marginal_pay, float), chunk)
    log_effort = np.log(effort)
    share = behaviour.sales_elasticity
    state.win_shift = share / 3 * log_effort
    # one array for both: neither is changed in place
    state.effort = state.lead_factor = np.exp(state.win_shift)
    state.book_factor = np.exp(share / 2 * log_effort)
    market = np.asarray(outlook.market_pay, float)
    expected = np.maximum(np.asarray(outlook.expected_pay, float), 1e-9)
    # 1 where there is no market pay to compare with (an empty seat): no warning, no inf
    state.pay_ratio = np.divide(expected, market, out=np.ones_like(expected), where=market > 0)
    assert state.effort_path is not None
    state.effort_path.append(effort)
    if not behaviour.times_deals:
        return
    if state.timing is None:
        state.timing = DealTiming.start(chunk.shape)
    if outlook.timing_gain is not None:
        pull, push = (np.asarray(g, float) for g in outlook.timing_gain)
        state.timing.decision = decision_from_gain(pull, push, behaviour)
    elif outlook.marginal_pay_next is not None:
        marginal = np.asarray(outlook.marginal_pay, float)
        following = np.asarray(outlook.marginal_pay_next, float)
        state.timing.decision = timing_decision(marginal, following, behaviour)
    else:
        state.timing.decision = np.zeros(chunk.shape, np.int8)


def update_run_rate(state: ChunkState, booked: np.ndarray) -> None:
    """The revenue a rep expects per month: a moving average of what they booked."""
    assert state.run_rate is not None
    state.run_rate = (1 - RUN_RATE_WEIGHT) * state.run_rate + RUN_RATE_WEIGHT * booked


def behaviour_exits(chunk: Chunk, state: ChunkState, t: int, *, trailing: np.ndarray) -> np.ndarray:
    """Who leaves at the end of month ``t``: voluntary exits by the hazard (performance,
    pay against the market, a recent C or forced move down, a non-cash reward) and the
    plan's flagged reps."""
    from salesperf_model.simulate import month_kernels  # numba: loaded on first use

    behaviour = chunk.behaviour
    assert behaviour is not None and state.warned is not None and state.moved_down is not None
    workforce = chunk.population.workforce
    draws = chunk.draws
    R = chunk.shape[1]
    # relative to the simulation's sales force this month, so the mean hazard stays the
    # annual attrition's whatever the plan does to everyone's attainment
    performance = np.clip(trailing, 0.05, 20.0) ** -behaviour.performance_exit_effect
    pay = np.asarray(state.pay_ratio, float) ** -behaviour.pay_exit_elasticity
    shape = chunk.shape
    leaving = month_kernels.voluntary_exits(  # the hazard's products in one pass
        performance,
        performance.mean(axis=1),
        np.broadcast_to(draws.uniform("exits.voluntary", (R,)), shape),
        pay=np.broadcast_to(pay, shape),
        flags=(state.warned, state.moved_down),
        multipliers=(
            float(behaviour.c_grade_exit_multiplier),
            float(behaviour.moved_down_exit_multiplier),
        ),
        award=np.broadcast_to(np.asarray(state.award_exit, float), shape),
        hazard=monthly_hazard(chunk.population),
    )
    state.reviewed = outcomes_so_far(chunk, t)
    review = _response(chunk).review(state.reviewed, t)
    state.review = review
    u_plan = draws.uniform("exits.plan", (R,))
    if review is not None:
        flag = np.asarray(review.improvement_flag, bool)
        leaving |= flag & (u_plan < workforce.plan_exit_probability)
        state.warned = np.asarray(review.c_grade, bool)
        state.moved_down = np.asarray(review.moved_down, bool)
        if review.exit_multiplier is not None:  # non-cash rewards, until the next review
            state.award_exit = np.asarray(review.exit_multiplier, float)
    state.warned = state.warned & ~leaving
    state.moved_down = state.moved_down & ~leaving
    state.award_exit = np.where(leaving, 1.0, state.award_exit)
    return leaving


def screened_hires(chunk: Chunk, hired: np.ndarray) -> np.ndarray:
    """Skill of the hires into the seats ``hired`` (bool (sims, reps); a 1-D array, in
    their order): applicants (mean ``hire_skill_mean + applicant_skill_gap``) ranked by a
    screen of validity ``selection_validity``; the top ``selection_ratio`` are hired.
    The applicant luck, the hire's skill apart from the screen (a normal) and where the
    screen score falls in the top share (a uniform), is keyed by seat and month (drawn
    under behaviour only), so it is drawn only where someone is hired (a few seats a
    month): every other seat's would be the same draw, unused."""
    behaviour = chunk.behaviour
    assert behaviour is not None and isinstance(chunk.draws, KeyedDraws)
    at = np.flatnonzero(hired)
    noise = chunk.draws.normal_at("hires.skill", chunk.shape[1:], at)
    u = chunk.draws.uniform_at("hires.screen", chunk.shape[1:], at)
    screen = ndtri(1.0 - behaviour.selection_ratio * (1.0 - u))  # in the top share
    validity = behaviour.selection_validity
    return (
        chunk.population.workforce.hire_skill_mean
        + behaviour.applicant_skill_gap
        + validity * screen
        + np.sqrt(1 - validity**2) * noise
    )
