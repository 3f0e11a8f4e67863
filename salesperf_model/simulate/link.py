"""The logistic link: skill moves a chance on the log-odds scale, never past 0 or 1."""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Chance from log-odds."""
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: float) -> float:
    """Log-odds of a chance in (0, 1)."""
    return float(np.log(p / (1 - p)))
