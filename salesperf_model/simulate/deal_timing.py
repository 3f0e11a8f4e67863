"""Deal timing: reps who control a deal's close date pull next month's deals in (at a
discount) or push this month's out when the plan pays more for revenue in one month than
in the other; new-customer deals are booked with their list value, discount and flags.

Deals are conserved: a pulled deal is one of next months' wins signed early (a debt that
the next wins repay), a pushed deal is signed next month at full value. The counts come
from one uniform per seat and month (``timing.pull`` and ``timing.push``, keyed by cell:
``keyed``), so two plans simulated with one seed meet the same timing luck; only their
decisions differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from salesperf_model.outcomes import ROLES
from salesperf_model.schema import Behaviour
from salesperf_model.simulate.start import Chunk, ChunkState

#: Columns of the per-deal table (:func:`deal_table`).
DEAL_COLUMNS = ("simulation", "rep", "period", "list_value", "discount", "pulled", "pushed")


@dataclass
class _Pushed:
    """Deals won this month whose signing was pushed into next month (one entry each)."""

    cell: np.ndarray  # flat (simulation, rep) index within the chunk
    size: np.ndarray  # list value
    big: np.ndarray  # with a big account


def _no_pushed() -> _Pushed:
    return _Pushed(np.empty(0, np.int64), np.empty(0), np.empty(0, bool))


@dataclass
class DealTiming:
    """What deal timing carries from month to month for a chunk, per (simulation, rep)."""

    decision: np.ndarray  # this month's choice: +1 pull, -1 push, 0 neither
    debt: np.ndarray  # pulled deals that next months' wins still owe
    pushed: _Pushed = field(default_factory=_no_pushed)
    log: list[pd.DataFrame] | None = None  # per-deal records, when asked for

    @classmethod
    def start(cls, shape: tuple[int, int], *, keep_deals: bool = False) -> DealTiming:
        return cls(
            np.zeros(shape, np.int8), np.zeros(shape, np.int64), log=[] if keep_deals else None
        )


class Booked(NamedTuple):
    """A month's new-customer bookings, each (simulations, reps)."""

    signed: np.ndarray  # deals signed this month
    booked: np.ndarray  # revenue booked, after discounts
    booked_big: np.ndarray  # part of it with big accounts


def timing_decision(
    marginal_now: np.ndarray, marginal_next: np.ndarray, behaviour: Behaviour
) -> np.ndarray:
    """+1 where pulling a deal in pays (this month's marginal pay net of the discount beats
    next month's by the hurdle), -1 where pushing pays (next month's beats this month's by
    the hurdle), else 0."""
    hurdle = behaviour.timing_hurdle * behaviour.reference_marginal_pay
    pull = marginal_now * (1.0 - behaviour.pull_discount) - marginal_next > hurdle
    push = marginal_next - marginal_now > hurdle
    return np.where(pull, 1, np.where(push, -1, 0)).astype(np.int8)


def decision_from_gain(pull: np.ndarray, push: np.ndarray, behaviour: Behaviour) -> np.ndarray:
    """+1 where pulling the reachable deals in gains more than the hurdle per unit of list
    value (and more than pushing), -1 where pushing does, else 0."""
    hurdle = behaviour.timing_hurdle * behaviour.reference_marginal_pay
    pulls = (pull > hurdle) & (pull >= push)
    pushes = ~pulls & (push > hurdle)
    return np.where(pulls, 1, np.where(pushes, -1, 0)).astype(np.int8)


def control_share(chunk: Chunk) -> np.ndarray:
    """Share of deals whose close date each seat's holder controls (reps,)."""
    behaviour = chunk.behaviour
    if behaviour is None:
        return np.zeros(chunk.shape[1])
    share = behaviour.timing_control_share
    return np.array([share.get(r, 0.0) for r in ROLES])[chunk.seats.role]


def _moves(
    chunk: Chunk, state: ChunkState, timing: DealTiming, *, won: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(this month's own wins after repaying the debt, pushed out, pulled in)."""
    R = chunk.shape[1]
    repaid = np.minimum(won, timing.debt)
    timing.debt = timing.debt - repaid
    kept = won - repaid
    control = np.broadcast_to(control_share(chunk), kept.shape)
    # pulled: the controlled share of the wins expected over the pull horizon from today's
    # pipeline: negotiations (each leaves with chance 1 / negotiation_months a month) and
    # prospects (through both stages within the horizon, a whole cycle's chance a month)
    u_push = chunk.draws.uniform("timing.push", (R,))
    u_pull = chunk.draws.uniform("timing.pull", (R,))
    pushed = np.zeros(kept.shape, np.int64)
    pulled = np.zeros(kept.shape, np.int64)
    push = (timing.decision < 0) & (kept > 0)
    if push.any():
        from scipy.stats import binom  # imported here: scipy.stats takes 0.7 s to import

        pushed[push] = binom.ppf(u_push[push], kept[push], control[push]).astype(np.int64)
    pull = timing.decision > 0
    if pull.any():
        P = chunk.seats.params
        months = chunk.behaviour.pull_horizon_months if chunk.behaviour else 1
        leaving = 1.0 - (1.0 - 1.0 / P["negotiation_months"]) ** months
        cycle = P["prospecting_months"] + P["negotiation_months"]
        through = 1.0 - (1.0 - 1.0 / cycle) ** months
        due = (state.negotiation * leaving + state.prospecting * P["advance_share"] * through) * P[
            "win_rate"
        ]
        from scipy.stats import poisson

        mean = (control * due)[pull]
        stock = (state.negotiation + state.prospecting)[pull]
        pulled[pull] = np.minimum(poisson.ppf(u_pull[pull], mean), stock)
        timing.debt = timing.debt + pulled
    return kept + pulled, pushed, pulled


def book_new_deals(
    chunk: Chunk, state: ChunkState, t: int, *, won: np.ndarray, size_scale: np.ndarray
) -> Booked:
    """New-customer deals of month ``t``: one log-normal list value per deal, big accounts
    larger and rarer; timing moves and discounts when reps time deals. Writes the deal
    measures of the month."""
    from salesperf_model.simulate import month_kernels  # numba: loaded on first use

    P = chunk.seats.params
    S, R = chunk.shape
    draws = chunk.draws
    timing = state.timing
    moving = timing is not None and chunk.behaviour is not None and chunk.behaviour.times_deals
    if moving:
        assert timing is not None
        own, pushed, pulled = _moves(chunk, state, timing, won=won)
    else:
        own, pushed, pulled = won, np.zeros_like(won), np.zeros_like(won)
    flat = np.ascontiguousarray(own, dtype=np.int64).ravel()
    z_size = draws.per_item("deals.size", own, "normal")
    u_big = draws.per_item("deals.big", own, "uniform")
    cell, spread = month_kernels.deal_cells(flat, P["deal_size_sigma"], z_size.ravel())
    growth = np.exp(spread, out=spread)  # in place: the log spread is not needed again
    came = timing.pushed if moving else _no_pushed()
    totals, each = month_kernels.book_deals(
        flat,
        (np.ravel(pulled).astype(np.int64), np.ravel(pushed).astype(np.int64)),
        growth,
        u_big=u_big.ravel(),
        seat=(P["deal_size_median"], chunk.p_big.ravel(), size_scale.ravel()),
        terms=(
            float(chunk.population.territory.big_deal_multiplier),
            float(chunk.behaviour.pull_discount) if moving else 0.0,
        ),
        came=(came.cell, came.size, came.big),
    )
    booked, booked_big, listed, signed = (total.reshape(S, R) for total in totals)
    sizes, is_big, out, early = each
    if not moving:
        _put(chunk, t, signed=won, booked=booked, listed=booked, moved=(pulled, pushed))
        if timing is not None and timing.log is not None:
            _log(chunk, timing, t, cell=cell, sizes=sizes, flags=np.zeros((3, len(cell))))
        return Booked(won, booked, booked_big)
    assert timing is not None
    timing.pushed = _Pushed(cell[out], sizes[out], is_big[out])
    _put(chunk, t, signed=signed, booked=booked, listed=listed, moved=(pulled, pushed))
    if timing.log is not None:
        discount = np.where(early, chunk.behaviour.pull_discount, 0.0)
        _log(
            chunk,
            timing,
            t,
            cell=np.concatenate([cell[~out], came.cell]),
            sizes=np.concatenate([sizes[~out], came.size]),
            flags=np.stack(
                [
                    np.concatenate([discount[~out], np.zeros(len(came.cell))]),
                    np.concatenate([early[~out], np.zeros(len(came.cell), bool)]),
                    np.concatenate(
                        [np.zeros(int((~out).sum()), bool), np.ones(len(came.cell), bool)]
                    ),
                ]
            ),
        )
    return Booked(signed, booked, booked_big)


def _put(
    chunk: Chunk,
    t: int,
    *,
    signed: np.ndarray,
    booked: np.ndarray,
    listed: np.ndarray,
    moved: tuple[np.ndarray, np.ndarray],
) -> None:
    chunk.put("deals_won", t, signed)
    chunk.put("new_customers", t, signed)
    chunk.put("revenue_booked_new", t, booked)
    chunk.put("revenue_list_new", t, listed)
    chunk.put("revenue_discount", t, listed - booked)
    chunk.put("deals_pulled", t, moved[0])
    chunk.put("deals_pushed", t, moved[1])


def _log(
    chunk: Chunk,
    timing: DealTiming,
    t: int,
    *,
    cell: np.ndarray,
    sizes: np.ndarray,
    flags: np.ndarray,
) -> None:
    """Append month ``t``'s signed deals; ``flags`` rows: discount share, pulled, pushed."""
    assert timing.log is not None
    R = chunk.shape[1]
    timing.log.append(
        pd.DataFrame(
            {
                "simulation": chunk.simulations.start + cell // R,
                "rep": chunk.table["rep_id"].to_numpy()[cell % R],
                "period": chunk.labels[t],
                "list_value": sizes,
                "discount": sizes * flags[0],
                "pulled": flags[1].astype(bool),
                "pushed": flags[2].astype(bool),
            }
        )
    )


def deal_table(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The per-deal records of a run, ordered by simulation, period and rep."""
    if not parts:
        return pd.DataFrame({c: [] for c in DEAL_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["simulation", "period", "rep"], kind="stable").reset_index(drop=True)
