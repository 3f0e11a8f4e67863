"""Leaves of absence (``population.leave``): who is away this month, from keyed draws.

Each month a rep at work starts a leave with the monthly chance that gives
``rate_per_year`` over a year (1 - (1 - rate)^(1/12)), drawn from its own variable
(``leave.start``), so every other draw stays as it was and two plans meet the same
leaves (common random numbers). A leave lasts ``months`` months, the month it starts
included; a seat's new holder (tenure 0) starts at work. While away a rep makes no
visits, hence no new leads (the pipeline already open runs on, and the book's repeat
orders still come: the accounts are covered); the ``leave`` measure is 1 in a month away.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.simulate.start import Chunk, ChunkState


def take_leave(chunk: Chunk, state: ChunkState, t: int) -> None:
    """Month ``t``: start and run down leaves, set ``state.at_work`` and write ``leave``."""
    leave = chunk.population.leave
    if leave.rate_per_year <= 0:
        chunk.put("leave", t, 0.0)
        return
    left = np.zeros(chunk.shape) if state.leave_left is None else state.leave_left
    left = np.where(state.tenure == 0, 0.0, left) if t else left
    chance = 1.0 - (1.0 - leave.rate_per_year) ** (1 / 12)
    u = chunk.draws.uniform("leave.start", (chunk.shape[1],))
    left = np.where((left <= 0) & (u < chance), float(leave.months), left)
    away = (left > 0).astype(float)
    state.leave_left = left - away
    state.at_work = 1.0 - away
    chunk.put("leave", t, away)
