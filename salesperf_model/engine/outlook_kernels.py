"""Compiled loops of the plan outlook (``outlook.py``): a component's pay at every luck
node in one pass over the cells, and the gains weighed node by node.

Reps ask for their outlook every month, and in numpy each node of each component was a
dozen passes over the cells (projection, attainment, tiers, threshold, caps, credit),
some forty times an outlook. These loops do each cell's work at once with the float
operations of ``curves.commission_payout`` and ``outlook.py`` in the same order (no
fast-math), so results are bit for bit the numpy ones, which
``tests/test_perf_outlook.py`` keeps as its reference. A period's revenue at node ``k``
is ``known + rest * lucks[k] + extra`` (a :class:`Projection`).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine.outlook_shapes import Curve, CurveTables, Into, Projection
from salesperf_model.pairwise import BLOCK, block_sum
from salesperf_model.schema import Commission

#: Seats a commission row is worked through at a time when a chunk holds one simulation
#: of many seats (100,000 reps): its working rows of that length leave the cache
SEAT_BLOCK = 8_192

#: id of a commission -> (the commission, its curve): reps ask every month
_TABLES: dict[int, tuple[Commission, CurveTables]] = {}


def curve_tables(commission: Commission) -> CurveTables:
    """The commission's curve for :func:`commission_nodes` (kept while the same
    commission, a frozen section, is asked for)."""
    kept = _TABLES.get(id(commission))
    if kept is None or kept[0] is not commission:
        if len(_TABLES) >= 64:
            _TABLES.clear()
        kept = _TABLES[id(commission)] = (commission, _curve_tables(commission))
    return kept[1]


def _curve_tables(commission: Commission) -> CurveTables:

    def tiers(gate_open: bool) -> np.ndarray:
        kept = [t for t in commission.tiers if gate_open or not t.gated]
        starts = np.array([t.start for t in kept], dtype=float)
        ends = np.append(starts[1:], np.inf)
        rates = np.array([t.rate for t in kept], dtype=float)
        slopes = np.array([t.slope for t in kept], dtype=float)
        return np.ascontiguousarray(np.stack([starts, ends, rates, slopes]))

    end, cap, minimum = commission.tier_end, commission.cap_amount, commission.minimum_payout
    curve = Curve(
        marginal=commission.curve == "marginal",
        threshold=float(commission.threshold),
        end=np.inf if end is None else float(end),
        # no end: the rate at an infinite level stays the rate there
        below_end=np.inf if end is None else float(np.nextafter(end, -np.inf)),
        cap=np.inf if cap is None else float(cap),
        minimum=float(minimum) if minimum > 0 else -np.inf,
    )
    return CurveTables(curve, tiers(False), tiers(True), commission.tiers_on == "amount")


@compiled(inline="always", error_model="numpy")
def _maximum(a, b):
    """np.maximum of two floats (a NaN wins)."""
    return a if a >= b or a != a else b


@compiled(inline="always", error_model="numpy")
def _minimum(a, b):
    """np.minimum of two floats (a NaN wins)."""
    return a if a <= b or a != a else b


@compiled(inline="always", error_model="numpy")
def _integral(capped, tiers, total):
    """Per cell of a row, the marginal rate's integral from 0 to ``capped``
    (``curve_kernels``): each tier's slice at its rate plus half its slope times the
    slice squared, a decelerator's slice ending where its rate reaches 0."""
    total[:] = 0.0
    for t in range(tiers.shape[1]):
        start, rate, slope = tiers[0, t], tiers[2, t], tiers[3, t]
        top = tiers[1, t] - start
        stop = rate / -slope if slope < 0 else np.inf
        for i in range(capped.size):  # innermost: one vector pass per tier
            width = capped[i] - start
            if width < 0.0:
                width = 0.0
            if width > top:
                width = top
            if stop < width:
                width = stop
            total[i] = total[i] + rate * width + 0.5 * slope * width * width


@compiled(inline="always", error_model="numpy")
def _retroactive(capped, tiers, curve, share):
    """Per cell of a row, ``capped`` x the rate of the tier reached (the last starting at
    or below it; at the end, the rate just below the end), never below 0."""
    for t in range(tiers.shape[1]):
        start, rate, slope = tiers[0, t], tiers[2, t], tiers[3, t]
        for i in range(capped.size):
            level = curve.below_end if capped[i] >= curve.end else capped[i]
            if t == 0 or start <= level:
                share[i] = rate + slope * (level - start)
    for i in range(capped.size):
        share[i] = capped[i] * _maximum(share[i], 0.0)


@compiled(inline="always", error_model="numpy")
def _shares(capped, tiers, curve, share):
    """``curves.earning_share`` before the threshold, per cell of a row."""
    if curve.marginal:
        _integral(capped, tiers, share)
    else:
        _retroactive(capped, tiers, curve, share)


@compiled(error_model="numpy")
def _commission_nodes(extra, revenue, quota, gate, scale, tables, curve, into):
    """(nodes, sims, reps) commission x credit x paid (``scale``: both, in that order),
    or (0, sims, reps) with the gain added ``into``; ``gate``: (known, rest, lucks,
    annual quota), or None (compiled without it). Row by row: the cells' levels, the
    tiers' shares (gate shut and open), then the rules."""
    known, rest, lucks = revenue
    shut, opened = tables
    credit, paid = scale
    sims, reps = extra.shape
    out = np.empty((lucks.size if into is None else 0, sims, reps))
    level, attainment, capped = np.empty(reps), np.empty(reps), np.empty(reps)
    share_open, share_shut = np.empty(reps), np.empty(reps)
    for k in range(lucks.size):
        for s in range(sims):
            for r in range(reps):
                level[r] = known[s, r] + rest[s, r] * lucks[k] + extra[s, r]
                attainment[r] = _maximum(level[r] / quota[s, r] if quota[s, r] > 0 else 0.0, 0.0)
                capped[r] = _minimum(attainment[r], curve.end)
            _shares(capped, opened, curve, share_open)
            if gate is not None:
                _shares(capped, shut, curve, share_shut)
            for r in range(reps):
                share = share_open[r]
                if gate is not None:
                    reach = gate[0][s, r] + gate[1][s, r] * gate[2][k] + extra[s, r]
                    if not reach >= gate[3][s, r]:  # the year short of its quota
                        share = share_shut[r]
                has_quota = quota[s, r] > 0
                share = 0.0 if attainment[r] < curve.threshold else share
                payout = quota[s, r] * share if has_quota else 0.0
                payout = _minimum(payout, curve.cap)
                # the minimum where the threshold is met and some revenue came in
                tier_level = level[r] / quota[s, r] if has_quota else 0.0
                qualifies = level[r] > 0 and has_quota and tier_level >= curve.threshold
                payout = _maximum(payout, curve.minimum if qualifies else -np.inf)
                pay = payout * credit[s, r] * paid[r]
                if into is None:
                    out[k, s, r] = pay
                else:
                    into.gain[s, r] = into.gain[s, r] + into.weights[k] * (pay - into.base[k, s, r])
    return out


def commission_nodes(
    extra: np.ndarray,
    revenue: Projection,
    quota: np.ndarray,
    *,
    gate: tuple[Projection, np.ndarray] | None,
    scale: tuple[np.ndarray, np.ndarray],
    tables: CurveTables,
    limits: bool,
    into: Into | None = None,
) -> np.ndarray:
    """(nodes, sims, reps) commission at each node x credit x paid: ``commission_payout``
    (``limits``: cap_amount and minimum_payout) or ``tier_earning`` on ``revenue`` against
    ``quota``; ``gate``: (the year's revenue, annual quota) the gate opens at, if gated;
    ``into``: the gain to add to instead (the pay is not returned)."""
    extra = np.asarray(extra, dtype=float)
    cells = _cells(extra.shape)
    reach = None if gate is None else (*_projected(gate[0], cells), cells(gate[1]))
    known, rest, lucks = _projected(revenue, cells)
    quota = cells(1.0 if tables.on_amount else quota)
    credit, paid = cells(scale[0]), _seats(scale[1], extra.shape)
    curve = tables.curve if limits else tables.curve._replace(cap=np.inf, minimum=-np.inf)
    sims, reps = extra.shape

    def run(seats: slice) -> np.ndarray:
        """The loop over ``seats`` (a view of each seat-wise array; the gains of ``into``
        added in place through a view of them)."""
        whole = seats == slice(None)
        return _commission_nodes(
            extra[:, seats],
            (known[:, seats], rest[:, seats], lucks),
            quota[:, seats],
            None
            if reach is None
            else (*(a[:, seats] for a in reach[:2]), reach[2], reach[3][:, seats]),
            (credit[:, seats], paid[seats]),
            (tables.shut, tables.opened),
            curve,
            into
            if into is None or whole
            else into._replace(
                gain=into.gain[:, seats], base=np.ascontiguousarray(into.base[:, :, seats])
            ),
        )

    if sims != 1 or reps <= 2 * SEAT_BLOCK:
        return run(slice(None))
    # a single simulation of many seats, a block of seats at a time: the loop's rows of
    # working values then stay in the processor's cache (each seat's pay is its own)
    out = np.empty((lucks.size if into is None else 0, sims, reps))
    for first in range(0, reps, SEAT_BLOCK):
        seats = slice(first, first + SEAT_BLOCK)
        out[:, :, seats] = run(seats)
    return out


@compiled(error_model="numpy")
def _over_nodes(extra, revenue, quota, above, rate, paid, into):
    known, rest, lucks = revenue
    sims, reps = extra.shape
    out = np.empty((lucks.size if into is None else 0, sims, reps))
    for k in range(lucks.size):
        for s in range(sims):
            for r in range(reps):
                level = known[s, r] + rest[s, r] * lucks[k] + extra[s, r]
                excess = _maximum(level - above * quota[s, r], 0.0)
                pay = (rate * excess if quota[s, r] > 0 else 0.0) * paid[r]
                if into is None:
                    out[k, s, r] = pay
                else:
                    into.gain[s, r] = into.gain[s, r] + into.weights[k] * (pay - into.base[k, s, r])
    return out


def over_nodes(
    extra: np.ndarray,
    revenue: Projection,
    quota: np.ndarray,
    *,
    above: float,
    rate: float,
    paid: np.ndarray,
    into: Into | None = None,
) -> np.ndarray:
    """(nodes, sims, reps) an over-achievement bonus: ``rate`` x the revenue above
    ``above`` x quota (0 without a quota), x paid; ``into``: as :func:`commission_nodes`."""
    extra = np.asarray(extra, dtype=float)
    cells = _cells(extra.shape)
    return _over_nodes(
        extra,
        _projected(revenue, cells),
        cells(quota),
        above,
        rate,
        _seats(paid, extra.shape),
        into,
    )


@compiled(error_model="numpy")
def _linear_nodes(extra, rest, share, paid, nodes, into):
    sims, reps = extra.shape
    out = np.empty((nodes if into is None else 0, sims, reps))
    for k in range(nodes):
        for s in range(sims):
            for r in range(reps):
                pay = share * (rest[s, r] + extra[s, r]) * paid[r]
                if into is None:
                    out[k, s, r] = pay
                else:
                    into.gain[s, r] = into.gain[s, r] + into.weights[k] * (pay - into.base[k, s, r])
    return out


def linear_nodes(
    extra: np.ndarray,
    rest: np.ndarray,
    *,
    share: float,
    paid: np.ndarray,
    nodes: int,
    into: Into | None = None,
) -> np.ndarray:
    """(nodes, sims, reps) ``share`` x (``rest`` + extra) x paid, the same at every node
    (pay linear in revenue: an own share of profit); ``into``: as :func:`commission_nodes`."""
    extra = np.asarray(extra, dtype=float)
    cells = _cells(extra.shape)
    return _linear_nodes(extra, cells(rest), float(share), _seats(paid, extra.shape), nodes, into)


@compiled(error_model="numpy")
def _add_nodes(gain, at, base, weights):
    nodes, sims, reps = at.shape
    for k in range(nodes):
        for s in range(sims):
            for r in range(reps):
                gain[s, r] = gain[s, r] + weights[k] * (at[k, s, r] - base[k, s, r])


def add_nodes(at: np.ndarray, into: Into) -> None:
    """Adds a component's gain at each node (``at``: its pay there) ``into``."""
    _add_nodes(into.gain, at, into.base, into.weights)


@compiled(error_model="numpy")
def _add_pay(pay, base, weights, months):
    nodes, sims, reps = base.shape
    for k in range(nodes):
        for s in range(sims):
            for r in range(reps):
                pay[s, r] = pay[s, r] + weights[k] * base[k, s, r] / months


def add_pay(pay: np.ndarray, base: np.ndarray, *, weights: np.ndarray, months: int) -> None:
    """Adds a component's pay per month at each node (weighed) to ``pay``, in place."""
    _add_pay(pay, base, weights, float(months))


@compiled(error_model="numpy")
def _row_sums(values, out):
    for cell in range(out.size):
        out[cell] = 0.0 + block_sum(values[cell], 0, values.shape[1])


def month_totals(values: np.ndarray) -> np.ndarray:
    """``values.sum(axis=-1)`` of a C-ordered float (sims, reps, months) array, bit for
    bit, in one pass: numpy reduces each short row on its own, at a cost per row far
    above its additions (the year so far's credited revenue, every month). Other arrays,
    and rows longer than numpy's block, are summed by numpy."""
    months = values.shape[-1]
    if values.ndim != 3 or values.dtype != np.float64 or not values.flags.c_contiguous:
        return values.sum(axis=-1)
    if not 0 < months <= BLOCK:
        return values.sum(axis=-1)
    out = np.empty(values.shape[:-1])
    _row_sums(values.reshape(-1, months), out.reshape(-1))
    return out


def _cells(shape: tuple[int, ...]):
    """As float arrays of ``shape`` (sims, reps), C-ordered (one compiled loop for all),
    copied only where broadcast."""

    def cells(a: np.ndarray | float) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        return np.ascontiguousarray(a if a.shape == shape else np.broadcast_to(a, shape))

    return cells


def _seats(paid: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Who is paid, per seat (reps,), as 1.0 or 0.0 (numpy's cast of a bool)."""
    return np.ascontiguousarray(np.broadcast_to(paid, shape[-1:]), dtype=float)


def _projected(revenue: Projection, cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return cells(revenue.known), cells(revenue.rest), np.asarray(revenue.lucks, dtype=float)
