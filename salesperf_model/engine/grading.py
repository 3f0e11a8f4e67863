"""Grading: points per review period become grades S/A/B/C, and grades raise flags.

Rules (stated once):

- ``absolute``: the point band containing the points (``min_points`` <= points <
  ``max_points``).
- ``forced``: within each unit (company, team, region or role: ``grading.scope``) reps are
  ranked by points, best first, and cut at the target shares. **Counts** are share x unit
  size rounded by largest remainder so they add to the unit size: ``nearest`` gives the
  leftover reps to the largest remainders (equal remainders: the worse grade first);
  ``floor`` gives them to the worst grades with a remainder, ``ceil`` to the best ones.
  **Ties** (equal points): ``rep_id`` ranks the smaller rep_id first; ``same_grade`` gives
  every tied rep the best grade any of them reaches, so a tie on a cut may overshoot it.
- ``hybrid``: grades from the bands, then each grade's count is brought within
  [ceil(min x n), floor(max x n)] (widened to include the forced count when a small unit
  leaves no whole number in range) by moving the fewest reps, keeping rank order (too
  many S: the lowest-scored S become A, and so on); found exactly by dynamic programming
  over the cut points. Among equally few moves, the fewest reps in better grades.
  ``moved`` says who moved.
- Consequences: ``improvement_flag`` when a rep's C run reaches
  ``improvement_after_consecutive_c`` review periods (raised in the period that completes
  the run and every further C period of it); ``promotion_flag`` on every S grade when
  ``promotion_on_s``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesperf_model.engine.records import GradeRecord
from salesperf_model.engine.vacancy import vacant_at_reviews
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, Grading
from salesperf_model.seat_labels import seat_labels

GRADE_CODE = {grade: code for code, grade in enumerate(GRADES)}


@dataclass(frozen=True)
class GradeResult:
    """Grades and flags, each (sims, reps, reviews)."""

    band_grades: np.ndarray
    grades: np.ndarray
    moved: np.ndarray
    improvement_flag: np.ndarray
    promotion_flag: np.ndarray
    record: GradeRecord | None = None  #: rank and quota of a ranking rule (None: absolute)


def band_grades(points: np.ndarray, grading: Grading) -> np.ndarray:
    """Grade codes (int8, 0=S .. 3=C) from the point bands alone (a later band wins
    where two overlap), in one compiled pass (``grade_kernels``)."""
    from salesperf_model.engine.grade_kernels import band_codes  # numba: on first use

    bands = grading.bands
    codes = np.empty(points.shape, dtype=np.int8)
    band_codes(
        np.ascontiguousarray(points, dtype=float).reshape(-1),
        low=np.array([b.min_points if b.min_points is not None else np.nan for b in bands]),
        high=np.array([b.max_points if b.max_points is not None else np.nan for b in bands]),
        grade=np.array([GRADE_CODE[b.grade] for b in bands], dtype=np.int8),
        fallback=GRADE_CODE["C"],
        codes=codes.reshape(-1),
    )
    return codes


def forced_counts(n: int, grading: Grading) -> np.ndarray:
    """Reps per grade (S, A, B, C) in a unit of ``n`` reps, adding to ``n``."""
    exact = np.array([grading.shares[g].target for g in GRADES]) * n
    counts = np.floor(exact + 1e-9).astype(int)
    remainder = np.where(exact - counts > 1e-9, exact - counts, 0.0)
    leftover = n - counts.sum()
    if leftover > 0:
        positions = np.arange(len(GRADES))
        if grading.rounding == "nearest":  # largest remainder; ties: worse grade first
            order = np.lexsort((-positions, -remainder))
        elif grading.rounding == "floor":  # worst grades with a remainder first
            order = np.lexsort((-positions, remainder <= 0))
        else:  # ceil: best grades with a remainder first
            order = np.lexsort((positions, remainder <= 0))
        counts[order[:leftover]] += 1
    return counts


def share_ranges(n: int, grading: Grading) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) whole count per grade allowed by the share ranges in a unit of n,
    widened to include the forced count where a small unit leaves no whole number."""
    low = np.ceil(np.array([grading.shares[g].min for g in GRADES]) * n - 1e-9).astype(int)
    high = np.floor(np.array([grading.shares[g].max for g in GRADES]) * n + 1e-9).astype(int)
    target = forced_counts(n, grading)
    return np.minimum(low, target), np.maximum(high, target)


def _hybrid_cuts(band_counts: np.ndarray, n: int, grading: Grading) -> np.ndarray:
    """Cut points (..., 3) -- reps graded S, S+A, S+A+B -- with every grade's count within
    its range, moving the fewest reps from their band grade (exact).

    Grades stay in rank order, so a rep keeps its band grade exactly when its rank lies in
    the overlap of its band interval and its new grade interval: maximise the summed
    overlaps by dynamic programming over the cut positions, grade by grade. Each cut can
    only lie in a narrow window (the share ranges), so the tables stay small; every
    simulation and review period is solved at once.
    """
    low, high = share_ranges(n, grading)
    shape = band_counts.shape[:-1]
    cells = int(np.prod(shape))
    band_edges = np.concatenate(
        [np.zeros((cells, 1), int), np.cumsum(band_counts.reshape(cells, 4), axis=-1)], axis=-1
    )
    windows = []
    for g in range(4):
        lowest = max(low[: g + 1].sum(), n - high[g + 1 :].sum())
        highest = min(high[: g + 1].sum(), n - low[g + 1 :].sum())
        windows.append(np.arange(lowest, highest + 1))
    previous_cuts = np.zeros(1, dtype=int)
    kept = np.zeros((cells, 1))
    choices = []
    for g in range(4):
        cuts = windows[g]
        start = np.maximum(previous_cuts[None, :, None], band_edges[:, g, None, None])
        stop = np.minimum(cuts[None, None, :], band_edges[:, g + 1, None, None])
        overlap = np.maximum(stop - start, 0)
        size = cuts[None, :] - previous_cuts[:, None]
        allowed = (size >= low[g]) & (size <= high[g])
        total = np.where(allowed[None], kept[:, :, None] + overlap, -1)
        choices.append(np.argmax(total, axis=1))  # first best: fewest reps in better grades
        kept = np.take_along_axis(total, choices[-1][:, None, :], axis=1)[:, 0, :]
        previous_cuts = cuts
    chosen = np.zeros((cells, 4), dtype=int)
    position = np.zeros(cells, dtype=int)  # the last window holds only n
    for g in range(3, -1, -1):
        chosen[:, g] = windows[g][position]
        if g:
            position = choices[g][np.arange(cells), position]
    return chosen[:, :3].reshape(*shape, 3)


def _grades_by_rank(sorted_points: np.ndarray, cuts: np.ndarray, tie_rule: str) -> np.ndarray:
    """Grade codes of reps in rank order (sims, n, reviews) from cut points (sims, reviews, 3)."""
    n = sorted_points.shape[1]
    rank = np.arange(n)[None, :, None, None]
    codes = (rank >= cuts[:, None, :, :]).sum(axis=-1).astype(np.int8)
    if tie_rule == "same_grade" and n > 1:
        # Tied reps take the grade of the first (best-graded) rep of their tie group.
        codes = np.take_along_axis(codes, _first_of_tie(sorted_points), axis=1)
    return codes


def _first_of_tie(sorted_points: np.ndarray) -> np.ndarray:
    """For reps in rank order (sims, n, reviews), the position of the first rep with the
    same points (their own position when untied)."""
    n = sorted_points.shape[1]
    new_group = np.ones(sorted_points.shape, dtype=bool)
    new_group[:, 1:, :] = sorted_points[:, 1:, :] != sorted_points[:, :-1, :]
    first = np.where(new_group, np.arange(n)[None, :, None], 0)
    return np.maximum.accumulate(first, axis=1)


def unit_codes(outcomes: Outcomes, scope: str) -> np.ndarray:
    """Unit index of each rep for a scope: company (all 0), team, region or role."""
    if scope == "company":
        return np.zeros(outcomes.n_reps, dtype=int)
    return seat_labels(outcomes.reps, scope).codes


def _held_cuts(unit_bands: np.ndarray, unit_vacant: np.ndarray, grading: Grading) -> np.ndarray:
    """Cut points (sims, reviews, 3) over each cell's held seats only (vacant ones rank
    last and take no place): the unit's size varies by simulation and review, so each
    distinct held count is cut on its own (a few counts per unit)."""
    held = (~unit_vacant).sum(axis=1)  # (sims, reviews)
    cuts = np.zeros((*held.shape, 3), dtype=int)
    band_counts = np.stack(
        [((unit_bands == code) & ~unit_vacant).sum(axis=1) for code in range(len(GRADES))],
        axis=-1,
    )
    for k in np.unique(held):
        cells = held == k
        if k == 0:
            continue
        if grading.method == "forced":
            cuts[cells] = np.cumsum(forced_counts(int(k), grading))[:3]
        else:
            cuts[cells] = _hybrid_cuts(band_counts[cells], int(k), grading)
    return cuts


def ranked_grades(
    points: np.ndarray,
    bands: np.ndarray,
    grading: Grading,
    *,
    units: np.ndarray,
    rep_ids: np.ndarray,
    ranks: np.ndarray | None = None,
    quota_counts: np.ndarray | None = None,
    vacant: np.ndarray | None = None,
) -> np.ndarray:
    """Forced or hybrid grades: rank within each unit, then cut (loop over units only).

    ``vacant`` (shaped like ``points``): seats nobody holds at the review's end take no
    place: they rank last, the counts are cut over the unit's held seats, and they keep
    their band grade (``engine.vacancy``).

    ``ranks`` (shaped like ``points``) and ``quota_counts`` (``points``' shape + (4,)), when
    given, receive each rep's rank in its unit (1 = best) and the unit's count per grade
    under the rule."""
    grades = bands.copy()
    for unit in np.unique(units):
        members = np.flatnonzero(units == unit)
        members = members[np.argsort(rep_ids[members], kind="stable")]  # rep_id tie order
        n = len(members)
        unit_points = points[:, members, :]
        unit_vacant = None if vacant is None else vacant[:, members, :]
        if unit_vacant is not None:
            unit_points = np.where(unit_vacant, -np.inf, unit_points)  # ranked last
        order = np.argsort(-unit_points, axis=1, kind="stable")
        sorted_points = np.take_along_axis(unit_points, order, axis=1)
        if unit_vacant is not None:
            cuts = _held_cuts(bands[:, members, :], unit_vacant, grading)
        elif grading.method == "forced":
            counts = forced_counts(n, grading)
            cuts = np.broadcast_to(np.cumsum(counts)[:3], (points.shape[0], points.shape[2], 3))
        else:
            unit_bands = bands[:, members, :]
            band_counts = np.stack(
                [(unit_bands == code).sum(axis=1) for code in range(len(GRADES))], axis=-1
            )
            cuts = _hybrid_cuts(band_counts, n, grading)
        codes = _grades_by_rank(sorted_points, cuts, grading.tie_rule)
        unit_grades = np.empty_like(codes)
        np.put_along_axis(unit_grades, order, codes, axis=1)
        if unit_vacant is not None:
            unit_grades = np.where(unit_vacant, bands[:, members, :], unit_grades)
        grades[:, members, :] = unit_grades
        if ranks is not None:
            unit_ranks = np.empty_like(order)
            positions = np.broadcast_to(np.arange(1, n + 1)[None, :, None], order.shape)
            if grading.tie_rule == "same_grade":  # tied reps share the first one's rank
                positions = _first_of_tie(sorted_points) + 1
            np.put_along_axis(unit_ranks, order, positions, axis=1)
            ranks[:, members, :] = unit_ranks
        if quota_counts is not None:
            size = n if unit_vacant is None else (~unit_vacant).sum(axis=1)  # held seats
            last = np.broadcast_to(size, cuts.shape[:2])[..., None]
            edges = np.concatenate([np.zeros((*cuts.shape[:2], 1), int), cuts, last], -1)
            quota_counts[:, members, :, :] = np.diff(edges, axis=-1)[:, None, :, :]
    return grades


def consequence_flags(
    grades: np.ndarray, grading: Grading, person: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(improvement_flag, promotion_flag) from grades over consecutive review periods.

    A run of C grades belongs to the person, not the seat: when ``person`` (who holds the
    seat at the end of each review period, (sims, reps, reviews)) changes, the run starts
    again, so a new hire never inherits a predecessor's C.
    """
    is_c = grades == GRADE_CODE["C"]
    run = np.zeros(grades.shape, dtype=int)
    for review in range(grades.shape[-1]):  # few review periods; state carries forward
        before = run[..., review - 1] if review else 0
        if review and person is not None:
            before = np.where(person[..., review] == person[..., review - 1], before, 0)
        run[..., review] = np.where(is_c[..., review], before + 1, 0)
    improvement = run >= grading.consequences.improvement_after_consecutive_c
    promotion = (grades == GRADE_CODE["S"]) & grading.consequences.promotion_on_s
    return improvement, promotion


def grade(
    points: np.ndarray,
    grading: Grading,
    outcomes: Outcomes,
    *,
    review_ends: np.ndarray | None = None,
) -> GradeResult:
    """Grade every rep in every review period by the plan's method.

    ``review_ends`` (last month of each review period) lets the consequence flags follow
    the person in the seat (``person_id``); without it they follow the seat.
    """
    bands = band_grades(points, grading)
    if grading.method == "absolute":
        grades = bands
    else:
        units = unit_codes(outcomes, grading.scope)
        rep_ids = outcomes.reps["rep_id"].astype(str).to_numpy()
        ranks = np.zeros(points.shape, dtype=np.int32)
        counts = np.zeros((*points.shape, len(GRADES)), dtype=np.int32)
        grades = ranked_grades(
            points,
            bands,
            grading,
            units=units,
            rep_ids=rep_ids,
            ranks=ranks,
            quota_counts=counts,
            vacant=vacant_at_reviews(outcomes, review_ends),
        )
        names = (
            ["company"] * len(units)
            if grading.scope == "company"
            else outcomes.reps[grading.scope].astype(str).tolist()
        )
        record = GradeRecord(grading.scope, names, np.bincount(units)[units], ranks, counts)
    person = None
    if review_ends is not None and "person_id" in outcomes.measures:
        person = outcomes.measures["person_id"][..., np.asarray(review_ends, dtype=int)]
    improvement, promotion = consequence_flags(grades, grading, person)
    if grading.method == "absolute":
        return GradeResult(bands, grades, grades != bands, improvement, promotion)
    return GradeResult(bands, grades, grades != bands, improvement, promotion, record)
