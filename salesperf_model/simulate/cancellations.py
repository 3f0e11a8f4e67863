"""Cancellations and returns: the share of a month's booked deals and orders later taken back, and when.

Each transaction booked in a month (a new-customer deal signed or an existing customer's
order) is cancelled or returned with probability ``population.cancellations.share``,
independently (a binomial count per rep-month, keyed variable ``cancellations.count``);
the cancelled revenue is that count times the month's mean transaction size. It lands
1 to ``window_months`` months after booking, each month equally likely, one landing
month per rep-month (keyed variable ``cancellations.lag``). Cancelled revenue is never
collected: it is taken out of what falls due for collection in the booking month. The
booked measures stay as booked (a cancellation is a later event, ``revenue_cancelled``).
Off (share 0), no variable is drawn and every other measure is bit for bit as before.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.simulate.start import Chunk

Booked = tuple[np.ndarray, np.ndarray, np.ndarray]


def cancel(chunk: Chunk, t: int, *, transactions: np.ndarray, booked: Booked) -> Booked:
    """Draw month ``t``'s cancellations, write ``revenue_cancelled_booked``,
    ``cancellation_lag`` and the landings in ``revenue_cancelled``; return ``booked``
    (new, existing, big-account revenue) less the cancelled part: what falls due."""
    landed = chunk.out["revenue_cancelled"][:, chunk.rows]  # (periods, sims, reps) view
    if t == 0:
        landed[...] = 0.0
    rule = chunk.population.cancellations
    if rule.share <= 0:
        chunk.put("revenue_cancelled_booked", t, 0.0)
        chunk.put("cancellation_lag", t, 0.0)
        return booked
    new, existing, big = booked
    total = new + existing
    count = np.asarray(transactions, dtype=np.int64)
    cancelled_count = chunk.draws.binomial("cancellations.count", count, rule.share)
    cancelled = np.divide(
        total * cancelled_count, count, out=np.zeros(chunk.shape), where=count > 0
    )
    u = chunk.draws.uniform("cancellations.lag", (chunk.shape[1],))
    lag = np.where(cancelled > 0, 1 + np.floor(u * rule.window_months), 0.0)
    chunk.put("revenue_cancelled_booked", t, cancelled)
    chunk.put("cancellation_lag", t, lag)
    landing = t + lag.astype(np.int64)
    sim, seat = np.nonzero((cancelled > 0) & (landing < landed.shape[0]))
    landed[landing[sim, seat], sim, seat] += cancelled[sim, seat]
    kept = 1.0 - np.divide(cancelled, total, out=np.zeros(chunk.shape), where=total > 0)
    return new * kept, existing * kept, big * kept
