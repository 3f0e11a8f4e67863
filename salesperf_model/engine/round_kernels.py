"""Pay components to whole cents in one compiled pass (cents.round_to_cents's rule).

numpy rounded each component into an array of its own, added every component into two
running sums (exact money, rounded cents), re-allotted the cells where those disagree
and divided every array by 100: seven passes over each large array. Here each cell's
components are read once and its cents written once, with the same float operations in
the same order (no fast-math), so the cents are bit for bit numpy's (tests/test_cents.py).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine.cents_kernels import whole_cents
from salesperf_model.engine.unit_kernels import unit_members
from salesperf_model.pairwise import BLOCK, block_sum


@compiled
def _before(a, b):
    """numpy's sort order: a before b, NaN last."""
    return a < b or (b != b and a == a)


@compiled
def _reallot(exact, whole, fixed, keys):
    """Largest remainder in one cell (cents.largest_remainder): the components' exact
    cents floored, then the cents left over one each to the largest remainders (equal:
    the component listed first), into ``fixed``; ``keys``: room for the sort keys."""
    n = len(exact)
    floor_sum = 0.0
    for k in range(n):
        floor = np.floor(exact[k] + 1e-7)
        remainder = exact[k] - floor
        if remainder < 0.0:  # np.clip(remainder, 0, None): NaN stays NaN
            remainder = 0.0
        fixed[k] = floor
        keys[k] = -remainder
        floor_sum += floor
    leftover = whole - floor_sum
    for k in range(n):
        rank = 0  # the place of component k in a stable sort of the keys
        for j in range(n):
            if _before(keys[j], keys[k]) or (j < k and not _before(keys[k], keys[j])):
                rank += 1
        fixed[k] += 1.0 if rank < leftover else 0.0


@compiled
def _round_row(value, paid, total, rounded):
    """One component's cells of one simulation: cents into ``paid`` (money), added to
    the running sums."""
    for i in range(value.size):
        exact = value[i]
        cents = whole_cents(exact * 100.0)
        paid[i] = cents / 100.0
        total[i] += exact
        rounded[i] += cents


#: Cells rounded together, every component through them before the next block: four
#: rows of 8,192 cells (the value read, the cents written, two running sums) are 256 KB.
CELL_BLOCK = 8192


@compiled
def _round_block(values, s, start, stop, out, row, at, scratch, keys):
    """Cells ``start`` to ``stop`` of simulation ``s`` of each component to cents, into
    ``out[k][row]`` from its cell ``at`` (in money), re-allotted where they do not add
    up to the cell's exact total rounded to the cent; ``scratch``: (total, rounded, off,
    wholes, exact, fixed), room for a block of cells."""
    total, rounded, off, wholes, exact, fixed = scratch
    n = len(values)
    size = stop - start
    total[:size] = 0.0
    rounded[:size] = 0.0
    for k in range(n):
        value = values[k][s if values[k].shape[0] > 1 else 0]
        _round_row(value[start:stop], out[k][row][at : at + size], total, rounded)
    n_off = 0
    for i in range(size):
        whole = whole_cents(total[i] * 100.0)
        if rounded[i] != whole:
            off[n_off], wholes[n_off] = i, whole
            n_off += 1
    if not n_off:
        return
    for k in range(n):  # the cells that do not add up, gathered component by component
        value = values[k][s if values[k].shape[0] > 1 else 0]
        for j in range(n_off):
            exact[j, k] = value[start + off[j]] * 100.0
    for j in range(n_off):
        _reallot(exact[j], wholes[j], fixed[j], keys)
    for k in range(n):
        paid = out[k][row]
        for j in range(n_off):
            paid[at + off[j]] = fixed[j, k] / 100.0


@compiled
def _scratch(cells, n):
    """Room for :func:`_round_simulation`: a block of cells (fewer where the rows are
    shorter)."""
    cells = min(cells, CELL_BLOCK)
    return (
        np.empty(cells),
        np.empty(cells),
        np.empty(cells, np.int64),
        np.empty(cells),
        np.empty((cells, n)),
        np.empty((cells, n)),
    )


@compiled
def _round_cells(values, out):
    """Each cell's components to cents (into ``out``, in money), re-allotted where they
    do not add up to the cell's exact total rounded to the cent."""
    sims, cells = out[0].shape
    scratch, keys = _scratch(cells, len(values)), np.empty(len(values))
    # a block of cells at a time, every component through it and its cells re-allotted:
    # the running sums and the re-allotment's room stay in the core's cache and are
    # reused (a simulation of 100,000 reps x 12 months is 9.6 MB per array, and room
    # for all its cells' components, 134 MB, was fresh memory every call)
    for s in range(sims):
        for start in range(0, cells, CELL_BLOCK):
            stop = min(start + CELL_BLOCK, cells)
            _round_block(values, s, start, stop, out, s, start, scratch, keys)


@compiled
def _round_totals(values, out, totals):
    """:func:`_round_cells`'s cents of one simulation at a time (``out``: one row per
    component), each component's months then summed per seat and added to ``totals``
    (sims, seats) in component order, as ``measure.totals.rep_totals`` adds them."""
    sims, seats = totals.shape
    cells = values[0].shape[1]
    months = cells // seats
    block = out[0].shape[1]  # whole seats: a multiple of the months
    scratch, keys = _scratch(cells, len(values)), np.empty(len(values))
    for s in range(sims):
        totals[s, :] = 0.0
        for start in range(0, cells, block):
            stop = min(start + block, cells)
            _round_block(values, s, start, stop, out, 0, 0, scratch, keys)
            for k in range(len(values)):
                paid = out[k][0]
                for r in range(start // months, stop // months):
                    totals[s, r] += 0.0 + block_sum(paid, r * months - start, months)


def _typed_rows(values: list[np.ndarray], *, rows: int, cells: int | None = None) -> tuple:
    """``values`` as numba lists of (sims or 1, cells) rows to read, and new (``rows``,
    cells) arrays to write (``cells``: fewer, where the rows are written a block at a
    time)."""
    from numba import types
    from numba.typed import List

    sims, reps, months = values[0].shape
    read = List.empty_list(types.Array(types.float64, 2, "C", readonly=True))
    out = List.empty_list(types.Array(types.float64, 2, "C"))
    for value in values:
        if sims > 1 and value.strides[0] == 0:  # the same in every simulation: read once
            value = value[:1]
        read.append(np.ascontiguousarray(value).reshape(len(value), reps * months))
        out.append(np.empty((rows, min(reps * months, cells or reps * months))))
    return read, out


def round_cells(values: list[np.ndarray]) -> list[np.ndarray]:
    """Each of ``values`` (3-d, one shape; broadcast views welcome) to cents, in money,
    in new arrays: :func:`_round_cells`."""
    sims, reps, months = values[0].shape
    read, out = _typed_rows(values, rows=sims)
    _round_cells(read, out)
    return [cents.reshape(sims, reps, months) for cents in out]


def round_totals(values: list[np.ndarray]) -> np.ndarray | None:
    """Each seat's total pay, (sims, reps): ``round_cells`` of ``values`` then each
    component summed over the months and added in order, as ``rep_totals`` sums a
    result's payouts, bit for bit, without writing the rounded components out (a cost
    variant reads its total alone). None where rep_totals would not take the compiled
    pass (rows longer than numpy's pairwise block)."""
    sims, reps, months = values[0].shape
    if not 0 < months <= BLOCK:
        return None
    if not sims * reps:
        return np.zeros((sims, reps))
    # the cents of a block of whole seats at a time (their sums read, then overwritten)
    read, out = _typed_rows(values, rows=1, cells=max(1, CELL_BLOCK // months) * months)
    totals = np.empty((sims, reps))
    _round_totals(read, out, totals)
    return totals


#: Whole cents add up exactly, in any order, below this (the float's 53-bit mantissa).
EXACT = 2.0**53


@compiled
def _add_leftover(cents, seats, keys, leftover):
    """A cent to each of ``seats`` whose place in a stable sort of their ``keys`` is
    below ``leftover``: the keys below the last such place's key, then the seats with
    that key in seat order (a partition, not a sort: the same seats)."""
    n = len(seats)
    count = min(n, int(np.ceil(leftover)))
    unit_keys = keys[seats]
    last = np.partition(unit_keys, count - 1)[count - 1] if count < n else np.inf
    for i in range(n):
        if unit_keys[i] < last:
            cents[seats[i]] += 1.0
            count -= 1
    for i in range(n):
        if count > 0 and unit_keys[i] == last:
            cents[seats[i]] += 1.0
            count -= 1


@compiled
def _unit_cents(cents, codes, totals, out):
    """cents.whole_cents_by_unit's largest remainder, unit by unit in each (sims, t)
    lane, into ``out`` (in money); False (``out`` unfinished) where the floors' sums might
    not be exact and so might depend on numpy's order of adding them."""
    sims, reps, periods = cents.shape
    n_units = totals.shape[1]
    floors, keys = np.empty(reps), np.empty(reps)
    floor_sum, size = np.empty(n_units), np.empty(n_units)
    members, first = unit_members(codes, n_units)  # each unit's seats, in seat order
    for s in range(sims):
        for t in range(periods):
            floor_sum[:] = 0.0
            size[:] = 0.0
            for r in range(reps):
                exact = cents[s, r, t]
                floor = np.floor(exact + 1e-7)
                remainder = exact - floor
                if remainder < 0.0:  # np.clip(remainder, 0, None): NaN stays NaN
                    remainder = 0.0
                floors[r], keys[r] = floor, -remainder
                unit = codes[r]
                if 0 <= unit < n_units:
                    floor_sum[unit] += floor
                    size[unit] += abs(floor)
            for unit in range(n_units):
                if size[unit] >= EXACT:
                    return False
                seats = members[first[unit] : first[unit + 1]]
                for r in seats:
                    out[s, r, t] = floors[r] + 0.0
                leftover = totals[s, unit, t] - floor_sum[unit]
                if leftover > 0.0:  # NaN keys come with a NaN leftover: none here
                    _add_leftover(out[s, :, t], seats, keys, leftover)
                for r in seats:
                    out[s, r, t] = out[s, r, t] / 100.0
    return True


def unit_cents(cents: np.ndarray, codes: np.ndarray, totals: np.ndarray) -> np.ndarray | None:
    """:func:`_unit_cents` into a new array (zeros for seats of no unit); None where the
    floors' sums might not be exact."""
    out = np.zeros(cents.shape)
    exact = _unit_cents(np.ascontiguousarray(cents), np.asarray(codes, np.int64), totals, out)
    return out if exact else None
