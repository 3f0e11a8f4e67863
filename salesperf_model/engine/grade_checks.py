"""Warnings on a plan's grade mix: point bands that miss the brief's shares for a role, and
forced ranking across roles that grades one role much harder than another."""

from __future__ import annotations

import numpy as np

from salesperf_model.schema import GRADES, Grading

#: Forced ranking across roles is called uneven when the roles' C shares differ by more.
UNEVEN_C_GAP = 0.10

#: A role's band grade mix is called outside the shares when a share misses its range by more.
MIX_MARGIN = 0.05


def role_grade_mix(grades: np.ndarray, roles: np.ndarray) -> dict[str, np.ndarray]:
    """Share of each grade (S, A, B, C) per role over simulations and review periods."""
    return {
        str(role): np.array([np.mean(grades[:, roles == role] == k) for k in range(len(GRADES))])
        for role in dict.fromkeys(roles.tolist())
    }


def _outside(mix: np.ndarray, grading: Grading) -> list[str]:
    """The grades whose share lies outside the plan's [min, max]."""
    return [
        f"{grade} {share:.0%} (range {grading.shares[grade].min:.0%}-{grading.shares[grade].max:.0%})"
        for grade, share in zip(GRADES, mix)
        if not grading.shares[grade].min - MIX_MARGIN
        <= share
        <= grading.shares[grade].max + MIX_MARGIN
    ]


def grade_mix_warnings(
    band_grades: np.ndarray, grades: np.ndarray, roles: np.ndarray, *, grading: Grading
) -> list[str]:
    """Plain-words warnings on the grade mix by role (arrays (sims, reps, reviews))."""
    warnings = []
    for role, mix in role_grade_mix(band_grades, roles).items():
        outside = _outside(mix, grading)
        if outside:
            warnings.append(
                f"grading.bands: point bands alone grade {role} outside the grade shares "
                f"(grading.shares): {', '.join(outside)}; adjust the role's KPI targets or "
                "weights, or grade by forced distribution within role (grading.scope: role)"
            )
    if grading.method != "absolute" and grading.scope != "role":
        c_share = {role: mix[-1] for role, mix in role_grade_mix(grades, roles).items()}
        hardest = max(c_share, key=c_share.__getitem__)
        softest = min(c_share, key=c_share.__getitem__)
        if c_share[hardest] - c_share[softest] > UNEVEN_C_GAP:
            warnings.append(
                f"grading.scope: ranking across roles grades {hardest} much harder than "
                f"{softest} ({c_share[hardest]:.0%} vs {c_share[softest]:.0%} get C): the "
                "roles' point scales differ; rank within role (grading.scope: role)"
            )
    return warnings
