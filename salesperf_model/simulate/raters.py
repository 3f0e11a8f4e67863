"""The raters of the 360 ratings: how much each sees of skill, of an impression, of noise."""

from __future__ import annotations

import numpy as np

from salesperf_model.schema.ratings import RatingsSection
from salesperf_model.simulate.environment import RATERS


def rater_loadings(ratings: RatingsSection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per rater (``RATERS`` order): loading on skill, on the impression, on own noise."""
    reliable = ratings.rater_reliability()
    r = np.array([reliable[k] for k in RATERS])
    cos = ratings.skill_cosine()
    return np.sqrt(r) * cos, np.sqrt(r * (1 - cos**2)), np.sqrt(1 - r)


def lasting_rater_noise(
    ratings: RatingsSection, impression: np.ndarray, bond: np.ndarray
) -> np.ndarray:
    """Each rater's lasting view of a rep that is not skill (sims, raters, reps): the rater
    type's impression (a common part shared across types, from ``impression[:, 0]``, and the
    type's own, ``impression[:, 1:]``) plus the rater-ratee component ``bond``."""
    _, h, u = rater_loadings(ratings)
    rho = min(max(ratings.impression_correlation(), 0.0), 1.0)
    seen = np.sqrt(rho) * impression[:, :1] + np.sqrt(1 - rho) * impression[:, 1:]
    return h[:, None] * seen + (u * np.sqrt(ratings.persistent_share))[:, None] * bond
