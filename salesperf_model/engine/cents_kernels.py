"""Money to whole cents in one compiled pass: half a cent rounds away from zero, as a
spreadsheet's ROUND(x, 2) does, judged on the decimal amount.

3.5% of 10,005 is 350.175, but in binary floating point 9,000 + 350.175 is
9,350.17499999..., and rounding that to the cent gives 9,350.17 where a reader's
spreadsheet gives 9,350.18. Cents within ``TIE`` of a half are taken as the half that
the decimal amount is (floating-point error on money stays far below a millionth of a
cent up to amounts of about 10^7 in one cell).
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled

#: Cents this close below a half are a half: floating-point error, not a real amount.
TIE = 1e-6


@compiled
def whole_cents(cents):
    """Cents (a float) to whole cents, a half (within ``TIE``) away from zero."""
    size = abs(cents)
    whole = np.floor(size)
    if size - whole >= 0.5 - TIE:
        whole += 1.0
    return np.copysign(whole, cents)


@compiled
def _to_cents(values, out):
    for i in range(values.size):
        out[i] = whole_cents(values[i] * 100.0)


def to_cents(values: np.ndarray) -> np.ndarray:
    """``values`` (money) as whole cents in a new float array of the same shape."""
    values = np.ascontiguousarray(values, dtype=np.float64)
    out = np.empty(values.shape)
    _to_cents(values.reshape(-1), out.reshape(-1))
    return out
