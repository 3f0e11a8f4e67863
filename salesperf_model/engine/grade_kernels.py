"""Point bands to grade codes in one compiled pass.

``grading.band_grades`` compared the points with each band's bounds and overwrote the
codes band by band: two comparisons, an AND and a masked write per band over every
(simulation, rep, review) cell. This loop asks the same comparisons of each cell, bands
in the same order (a later band wins where two overlap), so the codes are the same.
"""

from __future__ import annotations

import numpy as np

from salesperf_model.compiled import compiled
from salesperf_model.engine.edges import EDGE_WITHIN


@compiled
def band_codes(points, *, low, high, grade, fallback, codes):
    """``codes[i]``: the grade of the last band with ``low <= points[i] < high`` (a NaN
    bound: open on that side), else ``fallback``. Points within ``EDGE_WITHIN`` below a
    bound are on it (a sum of points a hair short: ``engine.edges``)."""
    for i in range(points.size):
        value = points[i]
        code = fallback
        for b in range(grade.size):
            if not np.isnan(low[b]) and not value >= low[b] - EDGE_WITHIN * abs(low[b]):
                continue
            if not np.isnan(high[b]) and not value < high[b] - EDGE_WITHIN * abs(high[b]):
                continue
            code = grade[b]
        codes[i] = code
