"""The month's close: running attainment, the quota ratchet, exits, promotions and new hires."""

from __future__ import annotations

import numpy as np

from salesperf_model.simulate.behaviour import behaviour_exits, outcomes_so_far, screened_hires
from salesperf_model.simulate.careers import act_on_review, promote, train
from salesperf_model.simulate.quotas import ratchet_quota
from salesperf_model.simulate.response import plan_flags
from salesperf_model.simulate.start import Chunk, ChunkState, monthly_hazard
from salesperf_model.simulate.vacancy import close_month


def running_attainment(
    chunk: Chunk,
    state: ChunkState,
    t: int,
    *,
    booked: np.ndarray,
    collected: np.ndarray,
    quota: np.ndarray,
) -> np.ndarray:
    """Year-to-date attainment for the plan's response; returns the trailing three months'
    booked attainment, which drives attrition."""
    result = booked if chunk.attainment_basis == "booked" else collected
    state.ytd_result = state.ytd_result + result
    state.ytd_quota = state.ytd_quota + quota
    if (chunk.start_month + t) % 12 == 11:  # the plan year closes in December
        state.ytd_result = np.zeros(chunk.shape)
        state.ytd_quota = np.zeros(chunk.shape)
    state.recent_booked = [*state.recent_booked[-2:], booked]
    state.recent_quota = [*state.recent_quota[-2:], quota]
    return sum(state.recent_booked) / np.maximum(sum(state.recent_quota), 1e-9)


def ratchet(chunk: Chunk, state: ChunkState, t: int) -> None:
    """Under a ratchet, move each quota on its seat's smoothed trend when a period closes."""
    quota_rule = chunk.population.quota
    months = quota_rule.ratchet_period_months
    if quota_rule.rule != "ratchet" or (t + 1) % months:
        return
    out, rows = chunk.out, chunk.rows
    closing = slice(t + 1 - months, t + 1)
    kind = "booked" if quota_rule.basis == "booked" else "collected"
    result = sum(
        out[f"revenue_{kind}_{part}"][closing, rows].sum(axis=0) for part in ("new", "existing")
    )
    quota = out["quota"][closing, rows].sum(axis=0)
    attainment = np.divide(result, quota, out=np.ones(chunk.shape), where=quota > 0)
    state.base_quota, state.quota_trend = ratchet_quota(
        chunk.population, state.base_quota, state.quota_trend, attainment=attainment
    )


def exits(
    chunk: Chunk,
    state: ChunkState,
    t: int,
    *,
    trailing: np.ndarray,
    vacant: np.ndarray | None = None,
) -> None:
    """Exits at the month's end, voluntary and plan-driven (flagged by the plan's review);
    new hires take the seats, at once or after a vacancy (``simulate.vacancy``; an empty
    seat, ``vacant``, has nobody to leave or promote: its draws are made and unused).
    Without a behaviour section strong and underpaid reps leave more
    (``workforce.underpaid_effect``); with one, ``simulate.behaviour`` decides."""
    workforce = chunk.population.workforce
    draws = chunk.draws
    R = chunk.shape[1]
    skill = state.skill
    promoted = None
    if chunk.behaviour is not None:
        leaving = behaviour_exits(chunk, state, t, trailing=trailing)
        if state.careers is not None:
            train(state)
            skill = state.skill
            promoted = promote(chunk, state.review)
            if vacant is not None:
                promoted = promoted & ~vacant
            leaving = leaving & ~promoted  # promoted first: not an exit
    else:
        hazard = monthly_hazard(chunk.population) * np.exp(
            workforce.underpaid_effect * np.maximum(skill, 0) * np.maximum(0, 1 - trailing)
        )
        leaving = draws.uniform("exits.voluntary", (R,)) < np.minimum(hazard, 1.0)
        if chunk.response is not None:
            flag = plan_flags(chunk.response, outcomes_so_far(chunk, t), t)
            u_plan = draws.uniform("exits.plan", (R,))
            if flag is not None:
                leaving |= flag & (u_plan < workforce.plan_exit_probability)
        hires = draws.normal("hires.skill", (R,)) + workforce.hire_skill_mean
    if vacant is not None:
        leaving = leaving & ~vacant
    state.exits += int(leaving.sum())
    if promoted is not None:
        act_on_review(state, state.review, leaving=leaving, promoted=promoted)
        leaving = leaving | promoted  # the seat is refilled
        if state.warned is not None and state.moved_down is not None:
            state.warned = state.warned & ~promoted
            state.moved_down = state.moved_down & ~promoted
    if chunk.behaviour is None:
        state.skill = np.where(leaving, hires, skill)
    else:  # the applicants' luck is drawn for the seats hired into alone
        state.skill = skill.copy()
        state.skill[leaving] = screened_hires(chunk, leaving)
    state.tenure = np.where(leaving, 0.0, state.tenure)
    # a hire's id depends on the seat's own history only: seat + reps x hires into it
    state.hires = state.hires + leaving
    close_month(chunk, state, leaving=leaving, vacant=vacant)
