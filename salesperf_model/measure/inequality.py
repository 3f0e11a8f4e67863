"""Inequality of pay: Gini coefficient, top-decile share, and the pay spread among reps of
like skill and role (horizontal equity)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def gini(values: np.ndarray) -> np.ndarray:
    """Gini coefficient of each row (sims, reps): 0 equal pay, (n-1)/n one rep takes all."""
    x = np.sort(values, axis=1)
    n = x.shape[1]
    rank = np.arange(1, n + 1)
    total = x.sum(axis=1)
    with np.errstate(all="ignore"):
        return np.where(total > 0, 2.0 * (x * rank).sum(axis=1) / (n * total) - (n + 1) / n, np.nan)


def top_share(values: np.ndarray, top: float = 0.10) -> np.ndarray:
    """Share (%) of each row's total going to the ceil(top x n) best-paid reps."""
    k = max(1, math.ceil(top * values.shape[1] - 1e-9))
    x = np.sort(values, axis=1)[:, ::-1]
    total = x.sum(axis=1)
    with np.errstate(all="ignore"):
        return np.where(total > 0, 100.0 * x[:, :k].sum(axis=1) / total, np.nan)


def horizontal_equity(pay: np.ndarray, skill_rank: np.ndarray, roles: np.ndarray) -> np.ndarray:
    """Headcount-weighted mean coefficient of variation of pay within cells of reps with
    the same role and true-skill quintile (quintiles of the within-role skill percentile),
    per simulation. Cells with fewer than two reps are left out."""
    sims = pay.shape[0]
    role_codes = pd.factorize(roles, sort=True)[0]
    quintile = np.minimum((skill_rank * 5).astype(int), 4)
    n_cells = (role_codes.max() + 1) * 5
    cell = (role_codes[None, :] * 5 + quintile) + (np.arange(sims) * n_cells)[:, None]
    count = np.bincount(cell.ravel(), minlength=sims * n_cells).reshape(sims, n_cells)
    total = np.bincount(cell.ravel(), weights=pay.ravel(), minlength=sims * n_cells)
    squares = np.bincount(cell.ravel(), weights=(pay**2).ravel(), minlength=sims * n_cells)
    total, squares = total.reshape(sims, n_cells), squares.reshape(sims, n_cells)
    with np.errstate(all="ignore"):
        mean = total / count
        std = np.sqrt(np.maximum(squares / count - mean**2, 0.0))
        cv = np.where((count >= 2) & (mean > 0), std / mean, 0.0)
        weight = np.where((count >= 2) & (mean > 0), count, 0)
        return (cv * weight).sum(axis=1) / weight.sum(axis=1)
