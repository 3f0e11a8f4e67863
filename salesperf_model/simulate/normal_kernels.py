"""The normal quantile of scipy's ``special.ndtri`` in about half its time: every keyed
normal draw (a quarter of the draws' time) is one.

:func:`ndtri` is Cephes' algorithm as scipy computes it (the same rational functions,
Horner's rule in the same order, C's ``log`` and ``sqrt``, which numba calls from the
same C library; no fast-math, no fused multiply-adds), so it returns scipy's value bit for
bit (``tests/test_perf2_draws.py`` compares the two on millions of uniforms, the tails
included, and on every uniform the keyed hash gives within 2**-31 of 0 or 1; 384 million
values were compared when it was written). :func:`normals` is faster than a plain loop
only in its order of work: the central branch (three quarters of the values) on vectors,
then the tails in stages, whose branch and long chains (two logs) stalled the loop.
"""

from __future__ import annotations

import math

import numpy as np

from salesperf_model.compiled import compiled

_EXP_MINUS_2 = 0.13533528323661269189  # exp(-2): the central part ends here
_SQRT_2PI = 2.50662827463100050242


@compiled(inline="always")
def _central(y2):
    """y2 P0(y2) / Q0(y2) for |y - 1/2| <= 3/8 (Q0 monic)."""
    p = -5.99633501014107895267e1
    p = p * y2 + 9.80010754185999661536e1
    p = p * y2 + -5.66762857469070293439e1
    p = p * y2 + 1.39312609387279679503e1
    p = p * y2 + -1.23916583867381258016e0
    q = y2 + 1.95448858338141759834e0
    q = q * y2 + 4.67627912898881538453e0
    q = q * y2 + 8.63602421390890590575e1
    q = q * y2 + -2.25462687854119370527e2
    q = q * y2 + 2.00260212380060660359e2
    q = q * y2 + -8.20372256168333339912e1
    q = q * y2 + 1.59056225126211695515e1
    q = q * y2 + -1.18331621121330003142e0
    return y2 * p / q


@compiled(inline="always")
def _tail_near(z):
    """z P1(z) / Q1(z), for z = 1 / sqrt(-2 log y) between 1/8 and 1/2."""
    p = 4.05544892305962419923e0
    p = p * z + 3.15251094599893866154e1
    p = p * z + 5.71628192246421288162e1
    p = p * z + 4.40805073893200834700e1
    p = p * z + 1.46849561928858024014e1
    p = p * z + 2.18663306850790267539e0
    p = p * z + -1.40256079171354495875e-1
    p = p * z + -3.50424626827848203418e-2
    p = p * z + -8.57456785154685413611e-4
    q = z + 1.57799883256466749731e1
    q = q * z + 4.53907635128879210584e1
    q = q * z + 4.13172038254672030440e1
    q = q * z + 1.50425385692907503408e1
    q = q * z + 2.50464946208309415979e0
    q = q * z + -1.42182922854787788574e-1
    q = q * z + -3.80806407691578277194e-2
    q = q * z + -9.33259480895457427372e-4
    return z * p / q


@compiled(inline="always")
def _tail_far(z):
    """z P2(z) / Q2(z), for z = 1 / sqrt(-2 log y) below 1/8."""
    p = 3.23774891776946035970e0
    p = p * z + 6.91522889068984211695e0
    p = p * z + 3.93881025292474443415e0
    p = p * z + 1.33303460815807542389e0
    p = p * z + 2.01485389549179081538e-1
    p = p * z + 1.23716634817820021358e-2
    p = p * z + 3.01581553508235416007e-4
    p = p * z + 2.65806974686737550832e-6
    p = p * z + 6.23974539184983293730e-9
    q = z + 6.02427039364742014255e0
    q = q * z + 3.67983563856160859403e0
    q = q * z + 1.37702099489081330271e0
    q = q * z + 2.16236993594496635890e-1
    q = q * z + 1.34204006088543189037e-2
    q = q * z + 3.28014464682127739104e-4
    q = q * z + 2.89247864745380683936e-6
    q = q * z + 6.79019408009981274425e-9
    return z * p / q


@compiled(inline="always")
def ndtri(y0):
    """The standard normal quantile of ``y0``, as scipy's ``special.ndtri``."""
    if y0 == 0.0:
        return -np.inf
    if y0 == 1.0:
        return np.inf
    if not (0.0 < y0 < 1.0):
        return np.nan
    upper = y0 > 1.0 - _EXP_MINUS_2
    y = 1.0 - y0 if upper else y0
    if y > _EXP_MINUS_2:
        y = y - 0.5
        x = y + y * _central(y * y)
        return x * _SQRT_2PI
    x = math.sqrt(-2.0 * math.log(y))
    x0 = x - math.log(x) / x
    z = 1.0 / x
    x1 = _tail_near(z) if x < 8.0 else _tail_far(z)
    x = x0 - x1
    return x if upper else -x


@compiled(inline="always")
def _is_central(y0):
    """Whether :func:`ndtri` takes its central branch at ``y0`` (false for nan)."""
    return (y0 > _EXP_MINUS_2) & (y0 <= 1.0 - _EXP_MINUS_2)


@compiled(inline="always")
def _tail_root(y0):
    """The first stage of a tail value: ``sqrt(-2 log y)``, ``y`` the tail's side of ``y0``."""
    y = 1.0 - y0 if y0 > 1.0 - _EXP_MINUS_2 else y0
    return math.sqrt(-2.0 * math.log(y))


@compiled(inline="always")
def _tail_value(y0, x):
    """The tail value of ``y0`` from its root ``x`` (:func:`_tail_root`), signed."""
    x0 = x - math.log(x) / x
    z = 1.0 / x
    tail = x0 - (_tail_near(z) if x < 8.0 else _tail_far(z))
    return tail if y0 > 1.0 - _EXP_MINUS_2 else -tail


@compiled(error_model="numpy")
def normals(u: np.ndarray) -> np.ndarray:
    """:func:`ndtri` of each of ``u`` (any shape), as ``special.ndtri(u)``: the central
    branch for every value first (a loop without branches, on vectors), then the tails
    (a quarter of the values), whose branch would otherwise be mispredicted."""
    flat = u.ravel()
    out = np.empty(flat.size)
    for i in range(flat.size):
        y = flat[i] - 0.5
        out[i] = (y + y * _central(y * y)) * _SQRT_2PI
    n_tails = 0
    for i in range(flat.size):  # counted first: memory of the size used is reused
        n_tails += not _is_central(flat[i])
    tails = np.empty(n_tails + 1, np.int64)
    n_tails = 0
    for i in range(flat.size):
        tails[n_tails] = i
        n_tails += not _is_central(flat[i])
    x = np.empty(n_tails)
    for j in range(n_tails):  # the tails in stages: short chains, overlapped
        x[j] = _tail_root(flat[tails[j]])
    for j in range(n_tails):
        out[tails[j]] = _tail_value(flat[tails[j]], x[j])
    for j in range(n_tails):  # 0, 1 and outside [0, 1]
        y0 = flat[tails[j]]
        if not (0.0 < y0 < 1.0):
            out[tails[j]] = ndtri(y0)
    return out.reshape(u.shape)
