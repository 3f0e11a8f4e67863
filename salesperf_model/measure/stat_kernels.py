"""Compiled row statistics of the measures: masked means and medians, within-group
centring and percentiles, grade counts, skill-ideal grades and the Shapley fits' sums,
each bit for bit the numpy expressions they replace (sums in numpy's order:
``pairwise.pairwise_sum``), without their temporaries or per-group Python loops.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.pairwise import pairwise_sum


@compiled
def _masked_means(values, mask, out):
    """Each row's mean over its masked-in, non-NaN values, as ``np.nanmean`` of the row
    with the rest NaN: their pairwise sum with zeros in place of the rest, / their count
    (NaN without any)."""
    rows, columns = values.shape
    kept = np.empty(columns)
    for row in range(rows):
        count = 0
        for column in range(columns):
            value = values[row, column]
            if mask[row, column] and not np.isnan(value):
                kept[column] = value
                count += 1
            else:
                kept[column] = 0.0
        total = 0.0 + pairwise_sum(kept, 0, columns)
        out[row] = total / count if count else np.nan


@compiled
def _masked_medians(values, mask, out):
    """Each row's median over its masked-in, non-NaN values (the two middle ones' sum
    halved for an even count, as ``np.nanmedian``; NaN without any). Between zeros of
    both signs numpy's sort may put either in the middle: a zero median's sign may differ
    (equal as numbers; a pay gap's reference median is never 0)."""
    rows, columns = values.shape
    kept = np.empty(columns)
    for row in range(rows):
        count = 0
        for column in range(columns):
            value = values[row, column]
            if mask[row, column] and not np.isnan(value):
                kept[count] = value
                count += 1
        if count == 0:
            out[row] = np.nan
            continue
        high = count // 2
        ordered = np.partition(kept[:count], high)  # the middle value in place
        low = ordered[high] if count % 2 else ordered[:high].max()
        out[row] = (low + ordered[high]) / 2.0


def masked_row_stat(values: np.ndarray, mask: np.ndarray, stat: str) -> np.ndarray:
    """Row-wise mean or median of (rows, columns) ``values`` where ``mask`` is True,
    NaN for a row with none: ``np.nanmean`` / ``np.nanmedian`` of the values with the
    rest NaN, bit for bit, without the NaN-filled copies."""
    values = np.ascontiguousarray(values, dtype=float)
    mask = np.ascontiguousarray(np.broadcast_to(mask, values.shape), dtype=np.bool_)
    out = np.empty(values.shape[0])
    (_masked_means if stat == "mean" else _masked_medians)(values, mask, out)
    return out


@compiled
def _grade_counts(grades, mask, graded, s_code, c_code, counts):
    """Per simulation: the rep-reviews of the reps in ``mask`` that were ``graded``, and
    those graded S and those graded C (whole numbers: exact in any order)."""
    sims, reps, reviews = grades.shape
    for sim in range(sims):
        n = s = c = 0
        for rep in range(reps):
            if not mask[sim, rep]:
                continue
            for review in range(reviews):
                if graded[sim, rep, review]:
                    n += 1
                    grade = grades[sim, rep, review]
                    s += grade == s_code
                    c += grade == c_code
        counts[sim, 0] = n
        counts[sim, 1] = s
        counts[sim, 2] = c


def grade_counts(
    grades: np.ndarray, mask: np.ndarray, graded: np.ndarray | None, *, s_code: int, c_code: int
) -> np.ndarray:
    """(sims, 3): rep-reviews counted, of them graded S, graded C (see
    :func:`_grade_counts`; ``graded`` None: every seat-review)."""
    grades = np.ascontiguousarray(grades)
    if graded is None:
        graded = np.ones((1, 1, 1), dtype=np.bool_)
    graded = np.ascontiguousarray(np.broadcast_to(graded, grades.shape), dtype=np.bool_)
    mask = np.ascontiguousarray(np.broadcast_to(mask, grades.shape[:2]), dtype=np.bool_)
    counts = np.empty((grades.shape[0], 3), dtype=np.int64)
    _grade_counts(grades, mask, graded, s_code, c_code, counts)
    return counts


@compiled(error_model="numpy")  # a group without reps inside: 0 / 0, NaN as numpy gives
def _centred_within(values, inside, codes, groups, out):
    """``fairness_comparisons.skill_adjusted_gap``'s centring, row by row: per group, the
    weights ``inside`` x (code == group), the weighted mean (pairwise sums of value x
    weight, over the summed weights) taken off and the weighted deviations added to
    ``out`` (NaN as 0, infinities as the largest float: ``np.nan_to_num``)."""
    rows, columns = values.shape
    weighted = np.empty(columns)
    weights = np.empty(columns)
    largest = np.finfo(np.float64).max
    for row in range(rows):
        for column in range(columns):
            out[row, column] = 0.0
        for group in range(groups):
            for column in range(columns):
                w = inside[row, column] * (1.0 if codes[column] == group else 0.0)
                weights[column] = w
                weighted[column] = values[row, column] * w
            mean = (0.0 + pairwise_sum(weighted, 0, columns)) / (
                0.0 + pairwise_sum(weights, 0, columns)
            )
            for column in range(columns):
                deviation = (values[row, column] - mean) * weights[column]
                if np.isnan(deviation):
                    deviation = 0.0
                elif deviation > largest:
                    deviation = largest
                elif deviation < -largest:
                    deviation = -largest
                out[row, column] += deviation


def centred_within(
    values: np.ndarray, inside: np.ndarray, codes: np.ndarray, *, groups: int
) -> np.ndarray:
    """(rows, columns) ``values`` centred within groups among the columns ``inside``
    (0/1 weights), the rest 0: see :func:`_centred_within`."""
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty(values.shape)
    _centred_within(
        values,
        np.ascontiguousarray(np.broadcast_to(inside, values.shape), dtype=float),
        np.ascontiguousarray(codes, dtype=np.int64),
        groups,
        out,
    )
    return out


@compiled
def _centre_groups(out, codes, groups):
    rows, columns = out.shape
    members = np.empty(columns)
    for row in range(rows):
        for group in range(groups):
            count = 0
            for column in range(columns):
                if codes[column] == group:
                    members[count] = out[row, column]
                    count += 1
            if count == 0:
                continue
            mean = (0.0 + pairwise_sum(members, 0, count)) / count
            for column in range(columns):
                if codes[column] == group:
                    out[row, column] -= mean


def centre_groups(values: np.ndarray, codes: np.ndarray, groups: int) -> np.ndarray:
    """(sims, reps) ``values`` minus each group's row mean (``codes``: each column's
    group), as numpy takes the mean of a C-ordered copy of the group's columns."""
    out = np.array(values, dtype=float, order="C")  # a copy, as values.astype(float)
    _centre_groups(out, np.ascontiguousarray(codes, dtype=np.int64), groups)
    return out


@compiled
def _stable_order(keys):
    """``np.argsort(keys, kind="stable")`` of NaN-free keys: a quicksort, then each run
    of equal keys put back in index order (numba's own stable sort is slower)."""
    order = np.argsort(keys)
    start = 0
    for i in range(1, keys.size + 1):
        if i == keys.size or keys[order[i]] != keys[order[start]]:
            if i - start > 1:
                order[start:i] = np.sort(order[start:i])
            start = i
    return order


@compiled
def _ideal_grades(assigned, skill, ideal):
    """Per simulation and review: the reps ordered by skill, highest first (ties in seat
    order), handed out the assigned numbers of grades 0, 1, 2 and 3 in that order (3
    for any left over)."""
    sims, reps, reviews = assigned.shape
    keys = np.empty(reps)
    for sim in range(sims):
        for review in range(reviews):
            counts = np.zeros(4, np.int64)
            for rep in range(reps):
                grade = assigned[sim, rep, review]
                if 0 <= grade <= 3:
                    counts[grade] += 1
                keys[rep] = -skill[sim, rep, review]
            order = _stable_order(keys)
            grade = 0
            bound = counts[0]
            for position in range(reps):
                while grade < 3 and position >= bound:
                    grade += 1
                    bound += counts[grade]
                ideal[sim, order[position], review] = grade


def ideal_grades(assigned: np.ndarray, skill: np.ndarray) -> np.ndarray | None:
    """``grade_accuracy._ideal_grades`` in one compiled pass; None where the loop does
    not apply (NaN skill, whose place in numpy's order the loop does not copy)."""
    skill = np.ascontiguousarray(skill, dtype=float)
    if np.isnan(skill).any() or assigned.shape != skill.shape:
        return None
    ideal = np.empty(assigned.shape, dtype=np.int64)
    _ideal_grades(np.ascontiguousarray(assigned), skill, ideal)
    return ideal


@compiled
def _group_percentiles(values, codes, groups, out):
    """Per row and group: each member's mid-rank (ties sharing the mean of their
    positions 1..n) less 0.5, over the group's size; NaN for a row of the group with
    a NaN (``statistics.within_role_percentile``)."""
    rows, columns = values.shape
    members = np.empty(columns, np.int64)
    keys = np.empty(columns)
    for group in range(groups):
        size = 0
        for column in range(columns):
            if codes[column] == group:
                members[size] = column
                size += 1
        if size == 0:
            continue
        for row in range(rows):
            has_nan = False
            for i in range(size):
                keys[i] = values[row, members[i]]
                has_nan = has_nan or np.isnan(keys[i])
            if has_nan:
                for i in range(size):
                    out[row, members[i]] = np.nan
                continue
            order = np.argsort(keys[:size])  # ties share a rank: their order is moot
            start = 0
            for i in range(1, size + 1):
                if i == size or keys[order[i]] != keys[order[start]]:
                    positions = 0.0
                    for j in range(start, i):
                        positions += j + 1.0
                    rank = positions / (i - start)
                    for j in range(start, i):
                        out[row, members[order[j]]] = (rank - 0.5) / size
                    start = i


def group_percentiles(values: np.ndarray, codes: np.ndarray, groups: int) -> np.ndarray:
    """Mid-rank percentile of each (rows, columns) value within its column's group, per
    row: see :func:`_group_percentiles`."""
    values = np.ascontiguousarray(values, dtype=float)
    out = np.empty(values.shape)
    _group_percentiles(values, np.ascontiguousarray(codes, dtype=np.int64), groups, out)
    return out


@compiled(error_model="numpy")  # a simulation whose pay does not vary: 0 / 0, NaN
def _subset_r_squared(inverses, subsets, sizes, xty, yy, out):
    """R² of each subset's fit per simulation from its x'x pseudo-inverse (padded to p x
    p) and x'y: beta = inverse @ x'y and explained = beta . x'y, each summed from 0 in
    index order, over y'y (``merit._fit_r_squared``)."""
    for s in range(subsets.shape[0]):
        k = sizes[s]
        for sim in range(yy.size):
            explained = 0.0
            for i in range(k):
                beta = 0.0
                for j in range(k):
                    beta = beta + inverses[s, sim, i, j] * xty[sim, subsets[s, j]]
                explained = explained + beta * xty[sim, subsets[s, i]]
            out[s, sim] = explained / yy[sim]


@compiled
def _shapley_parts(r2, with_index, without_index, weights, starts, out):
    """Each regressor's weighted R² gains summed from 0 in order of entry
    (``merit.shapley_r_squared``): gains ``starts[j]`` to ``starts[j + 1]`` are its own."""
    for j in range(out.shape[0]):
        for sim in range(out.shape[1]):
            total = 0.0
            for g in range(starts[j], starts[j + 1]):
                total = total + weights[g] * (r2[with_index[g], sim] - r2[without_index[g], sim])
            out[j, sim] = total


def subset_r_squared(
    inverses: dict[tuple[int, ...], np.ndarray], xty: np.ndarray, yy: np.ndarray
) -> np.ndarray:
    """(subsets, sims) R² of every subset in ``inverses`` (subset -> (sims, k, k)
    pseudo-inverse of its x'x), in their order."""
    sims, p = xty.shape
    padded = np.zeros((len(inverses), sims, p, p))
    subsets = np.zeros((len(inverses), p), dtype=np.int64)
    sizes = np.zeros(len(inverses), dtype=np.int64)
    for s, (subset, inverse) in enumerate(inverses.items()):
        k = len(subset)
        padded[s, :, :k, :k] = inverse
        subsets[s, :k] = subset
        sizes[s] = k
    out = np.empty((len(inverses), sims))
    _subset_r_squared(
        padded, subsets, sizes, np.ascontiguousarray(xty, dtype=float), yy.astype(float), out
    )
    return out


def shapley_parts(r2: np.ndarray, gains: list[list[tuple[int, int, float]]]) -> np.ndarray:
    """(regressors, sims): per regressor, the sum from 0 of ``weight x (r2[with] -
    r2[without])`` over its ``gains`` (rows of ``r2``), in order."""
    flat = [gain for own in gains for gain in own]
    starts = np.cumsum([0, *(len(own) for own in gains)])
    out = np.empty((len(gains), r2.shape[1]))
    _shapley_parts(
        np.ascontiguousarray(r2),
        np.array([g[0] for g in flat], dtype=np.int64),
        np.array([g[1] for g in flat], dtype=np.int64),
        np.array([g[2] for g in flat], dtype=float),
        starts.astype(np.int64),
        out,
    )
    return out
