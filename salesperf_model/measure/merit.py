"""Merit against luck: how closely pay and grades follow true skill (within-role rank
correlation), and how much of the pay spread territory and big accounts explain (LMG /
Shapley decomposition of R²). Every figure needs the simulation's hidden truth."""

from __future__ import annotations

import functools
import hashlib
import itertools
import math

import numpy as np

from salesperf_model.compiled import on_first_use
from salesperf_model.measure.metric import MetricInputs
from salesperf_model.measure.statistics import group_codes, row_correlation, within_role_percentile

#: compiled loops, loaded on first use (numba: the text commands never run them)
centre_groups = on_first_use("salesperf_model.measure.stat_kernels", "centre_groups")
shapley_parts = on_first_use("salesperf_model.measure.stat_kernels", "shapley_parts")
subset_r_squared = on_first_use("salesperf_model.measure.stat_kernels", "subset_r_squared")


def skill_rank(m: MetricInputs) -> np.ndarray:
    """Each rep's within-role percentile of mean true skill over the horizon, (sims, reps)."""

    def compute() -> np.ndarray:
        assert m.outcomes.truth is not None  # truth metrics only
        return within_role_percentile(m.truth_mean("skill"), m.roles)

    return m.of_outcomes("skill_rank", compute)


def merit_alignment(m: MetricInputs, values: np.ndarray) -> np.ndarray:
    """Spearman correlation of ``values`` (sims, reps) with true skill, both ranked within
    role and pooled over roles, per simulation."""
    return row_correlation(within_role_percentile(values, m.roles), skill_rank(m))


def mean_grade_points(m: MetricInputs) -> np.ndarray:
    """Each rep's mean grade over the reviews, higher is better (S best)."""
    return -np.asarray(m.result.grades, dtype=float).mean(axis=2)


def _fit_r_squared(
    xtx: np.ndarray, xty: np.ndarray, yy: np.ndarray, inverse: np.ndarray | None = None
) -> np.ndarray:
    """R² per simulation of a least-squares fit from its cross-products: ``xtx`` (sims,
    k, k), ``xty`` (sims, k) and ``yy`` (sims,), the sum of squares of y; ``inverse``:
    the pseudo-inverse of ``xtx`` when already known."""
    # Element by element over the simulations, in a fixed order: a stacked einsum or a row
    # sum picks its summation order by the arrays' shapes and strides, and a simulation's
    # figures must not depend on how many simulations are computed beside it (chunks).
    if inverse is None:
        inverse = np.linalg.pinv(xtx)
    k = xty.shape[1]
    explained = np.zeros(yy.shape)
    for i in range(k):
        beta = np.zeros(yy.shape)
        for j in range(k):
            beta = beta + inverse[:, i, j] * xty[:, j]
        explained = explained + beta * xty[:, i]
    with np.errstate(all="ignore"):
        return explained / yy


def _cross_products(y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x'x (sims, k, k), x'y (sims, k)) summed over reps, one simulation at a time: a
    stacked einsum may order its sums by the array's shape, and a simulation's figures
    must not depend on how many simulations are computed beside it (chunks)."""
    x = np.ascontiguousarray(x)
    y = np.ascontiguousarray(y)
    xtx = np.stack([np.einsum("rk,rl->kl", xs, xs) for xs in x])
    xty = np.stack([np.einsum("rk,r->k", xs, ys) for xs, ys in zip(x, y)])
    return xtx, xty


#: The regressors' own cross-products and each subset's pseudo-inverse, by the regressors'
#: bytes: a sweep re-pays many plans on one sales force, whose drivers stay the same while
#: pay changes (the same numbers, computed once; the last few regressor sets kept).
_REGRESSOR_FITS: dict[str, tuple[np.ndarray, np.ndarray, dict[tuple[int, ...], np.ndarray]]] = {}
_FITS_KEPT = 4
#: The same fits by the identity of read-only regressor arrays (held here with them).
_SAME_ARRAYS: list[tuple[tuple[np.ndarray, ...], tuple[object, ...], tuple]] = []


def _regressor_fits(
    regressors: dict[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, dict[tuple[int, ...], np.ndarray]]:
    """(x (sims, reps, k) stacked, x'x (sims, k, k), subset -> pseudo-inverse of its x'x)
    of the regressors: what a least-squares fit needs that does not depend on y. Kept by
    the regressors' bytes; read-only regressors owning their data (that cannot change)
    are also recognised as the same arrays without reading them again."""
    arrays = tuple(regressors.values())
    same = (*regressors, *(id(a) for a in arrays))
    fixed = all(not a.flags.writeable and a.flags.owndata for a in arrays)
    if fixed:
        for _arrays, kept_same, fits in _SAME_ARRAYS:
            if kept_same == same:
                return fits
    x = np.ascontiguousarray(np.stack(arrays, axis=2))
    digest = hashlib.blake2b(x.view(np.uint8), digest_size=16)
    digest.update(repr(x.shape).encode())
    key = digest.hexdigest()
    kept = _REGRESSOR_FITS.get(key)
    if kept is None:
        xtx = np.stack([np.einsum("rk,rl->kl", xs, xs) for xs in x])
        inverses = {}
        for size in range(1, x.shape[2] + 1):
            # every subset of this size in one call: the same pseudo-inverse per matrix
            subsets = list(itertools.combinations(range(x.shape[2]), size))
            rows = np.asarray(subsets)
            blocks = xtx[:, rows[:, :, None], rows[:, None, :]].transpose(1, 0, 2, 3)
            stacked = np.linalg.pinv(np.ascontiguousarray(blocks))  # (subsets, sims, k, k)
            inverses.update(zip(subsets, stacked))
        if len(_REGRESSOR_FITS) >= _FITS_KEPT:
            _REGRESSOR_FITS.pop(next(iter(_REGRESSOR_FITS), ""), None)  # the oldest
        kept = _REGRESSOR_FITS[key] = (x, xtx, inverses)
    if fixed:
        # the arrays are held with their ids, so no other array can take those ids
        _SAME_ARRAYS.append((arrays, same, kept))
        del _SAME_ARRAYS[:-_FITS_KEPT]
    return kept


def _r_squared(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """R² of a no-intercept least-squares fit of centred y (sims, reps) on centred x
    (sims, reps, k), per simulation."""
    if x.shape[2] == 0:
        return np.zeros(y.shape[0])
    xtx, xty = _cross_products(y, x)
    return _fit_r_squared(xtx, xty, (y**2).sum(axis=1))


def shapley_r_squared(y: np.ndarray, regressors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """LMG / Shapley decomposition of R²: each regressor's average gain in R² over all
    orders of entry. The parts add up to the full model's R². Inputs must be centred.

    The cross-products of all regressors are summed over reps once; each of the 2^p
    subsets' fits reads its rows and columns (the sums over reps are the same numbers).
    What does not depend on y (x'x, each subset's pseudo-inverse) is kept for the next
    call with the same regressors (:func:`_regressor_fits`)."""
    names = list(regressors)
    p = len(names)
    r2 = np.zeros((1, y.shape[0]))  # the empty subset explains nothing
    row_of: dict[tuple[int, ...], int] = {(): 0}
    if p:
        x, _, inverses = _regressor_fits(regressors)
        ys = np.ascontiguousarray(y)
        xty = np.stack([np.einsum("rk,r->k", xs, yr) for xs, yr in zip(x, ys)])
        yy = (y**2).sum(axis=1)
        # every subset's fit in one compiled pass (``_fit_r_squared``'s sums, in its order)
        r2 = np.concatenate([r2, subset_r_squared(inverses, xty, yy)])
        row_of.update({subset: i + 1 for i, subset in enumerate(inverses)})
    gains = [
        [(row_of[with_j], row_of[without], weight) for with_j, without, weight in own]
        for own in _entry_gains(p)
    ]
    parts = shapley_parts(r2, gains)
    return {name: parts[j] for j, name in enumerate(names)}


@functools.cache
def _entry_gains(p: int) -> tuple[tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...], ...]:
    """Per regressor j of p, in order: (the subset with j, the same without, the Shapley
    weight of entering there) over every size and subset of the others."""
    gains = []
    for j in range(p):
        others = [i for i in range(p) if i != j]
        own = []
        for size in range(p):
            weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for subset in itertools.combinations(others, size):
                own.append((tuple(sorted((*subset, j))), subset, weight))
        gains.append(tuple(own))
    return tuple(gains)


def _read_only(values: np.ndarray) -> np.ndarray:
    """``values``, never to be written again (kept for every plan of a sweep)."""
    values.flags.writeable = False
    return values


def _centre_within(values: np.ndarray, roles: np.ndarray) -> np.ndarray:
    # each simulation's row of a role's seats summed alone, as a C-ordered copy of them
    # (a boolean-masked copy is column-major: its row mean would sum in an order that
    # depends on how many simulations share the array): results identical whatever the
    # chunking
    return centre_groups(values, *group_codes(roles))


def luck_parts(m: MetricInputs) -> dict[str, np.ndarray]:
    """Shapley shares of within-role total-pay variance of true ``skill``,
    ``territory_potential`` and ``big_account_share`` (each a per-rep mean over the
    horizon, centred within role), per simulation."""

    def regressors() -> dict[str, np.ndarray]:
        truth = m.outcomes.truth
        assert truth is not None  # truth metrics only
        return {
            name: _read_only(_centre_within(m.truth_mean(name), m.roles))
            for name in ("skill", "territory_potential", "big_account_share")
        }

    def compute() -> dict[str, np.ndarray]:
        return shapley_r_squared(
            _centre_within(m.totals["total"], m.roles), m.of_outcomes("luck_drivers", regressors)
        )

    return m.shared("luck_parts", compute)


def luck_share(m: MetricInputs) -> np.ndarray:
    """Territory and big-account share of the explained within-role pay variance, %."""
    luck = luck_parts(m)
    luck_part = luck["territory_potential"] + luck["big_account_share"]
    explained = luck_part + luck["skill"]
    with np.errstate(all="ignore"):
        return np.where(explained > 0, 100.0 * luck_part / explained, np.nan)


def luck_variance_share(m: MetricInputs) -> np.ndarray:
    """Territory and big-account share of all within-role pay variance, %."""
    luck = luck_parts(m)
    return 100.0 * (luck["territory_potential"] + luck["big_account_share"])


def skill_variance_share(m: MetricInputs) -> np.ndarray:
    """True skill's share of all within-role pay variance, %."""
    return 100.0 * luck_parts(m)["skill"]
