"""The plan's warnings, produced once: valid plans outside the brief's (and their own) recommendations.

``salesperf validate``, ``salesperf run``, the report notebooks and the explorer all show
``plan_warnings`` (through ``run_plan``), so one plan gives the same warning text through
every door. Some checks read only the plan; the others need a sales force to measure
(``CHECKS`` says which), and ``validate`` simulates a small one for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesperf_model.engine.bonus_notes import partial_award_notes
from salesperf_model.engine.credit import credit_warnings
from salesperf_model.engine.curves import has_gate
from salesperf_model.engine.mechanics import mechanics_warnings
from salesperf_model.engine.pay import base_share_warnings, no_quota_warnings
from salesperf_model.engine.periods import fiscal_start, period_groups, settlement_warnings
from salesperf_model.engine.plan_changes import change_warnings
from salesperf_model.engine.products import product_line_warnings
from salesperf_model.engine.relief import relief_warnings
from salesperf_model.engine.scoring_setup import left_out_weights
from salesperf_model.outcomes import Outcomes
from salesperf_model.schema import GRADES, KPI_CATALOG, Commission, Grading, KpiRule, Scenario

#: Every plan-level check: name -> whether it needs a simulated (or imported) sales force,
#: and why.
CHECKS: dict[str, str | None] = {
    "KPI family weights per role": None,
    "named items an override dropped": None,
    "KPIs the outcomes cannot score": "which measures the outcomes carry",
    "fixed awards over partial settlement periods": "which months the outcomes cover",
    "annual quotas of a year the data covers in part": "which months the outcomes cover",
    "roster moves under year-to-date tiers, gates and ranks": "which reps a roster splits "
    "into seats",
    "base pay as a share of on-target pay": "on-target pay depends on each seat's role, "
    "region tier and quota",
    "revenue without a quota": "which rep-months have revenue and no quota",
    "product lines the data lacks": "which product lines imported data carries",
    "credit rules that credit no one": "which roles and teams the seats have",
    "modifier measures and SPIF windows the data lacks": "which measures and months the "
    "outcomes carry",
    "plan changes before the data, or from the same month for the same reps": "which "
    "periods the data has and which reps each change selects",
    "quota relief: whole quotas relieved, reps or regions the data lacks": "which "
    "rep-months are on leave or carved out, and which reps and regions the outcomes have",
    "KPIs that tell few reps apart": "scores come from the simulated reps' results (roles "
    "of 20 reps or more)",
    "reviews where a role scores the same points": "scores come from the reps' results "
    "(roles of 20 reps or more)",
    "grade mix per role": "grades come from the simulated reps' scores (roles of 20 reps or "
    "more; ranking across roles compared role by role)",
}


#: Roles with fewer reps are not checked for grade mix: with fewer than 20 reps a
#: 5-point share range (C 5-10%) holds no whole number of reps.
MIN_REPS_FOR_GRADE_MIX = 20

#: A role's grade share is called outside the plan's range when it misses it by more
#: than this (Monte Carlo noise and whole-rep rounding sit inside it).
MIX_MARGIN = 0.05

#: Ranking across roles is called uneven when the roles' C shares differ by more.
UNEVEN_C_GAP = 0.10


def role_grade_mix(grades: np.ndarray, roles: np.ndarray) -> dict[str, np.ndarray]:
    """Share of each grade (S, A, B, C) per role, over simulations, reps and reviews."""
    return {
        str(role): np.array([np.mean(grades[:, roles == role] == k) for k in range(len(GRADES))])
        for role in dict.fromkeys(roles.tolist())
    }


def _outside(mix: np.ndarray, grading: Grading) -> list[str]:
    """The grades whose share misses the plan's [min, max] by more than the margin."""
    return [
        f"{grade} {share:.0%} (range {grading.shares[grade].min:.0%}-"
        f"{grading.shares[grade].max:.0%})"
        for grade, share in zip(GRADES, mix)
        if not grading.shares[grade].min - MIX_MARGIN
        <= share
        <= grading.shares[grade].max + MIX_MARGIN
    ]


def grade_mix_warnings(
    scenario: Scenario, outcomes: Outcomes, *, band_grades: np.ndarray, grades: np.ndarray
) -> list[str]:
    """Point bands that put a role outside the plan's own ``grading.shares`` (the brief's
    S 10-15%, A 30-40%, B 30-40%, C 5-10%) where bands set grades (absolute and hybrid
    grading; roles of ``MIN_REPS_FOR_GRADE_MIX`` reps or more), and ranking across roles
    that grades one role much harder than another (their point scales differ)."""
    grading = scenario.grading
    roles = outcomes.reps["role"].astype(str).to_numpy()
    messages = []
    if grading.method != "forced":
        for role, mix in role_grade_mix(band_grades, roles).items():
            outside = _outside(mix, grading)
            if outside and (roles == role).sum() >= MIN_REPS_FOR_GRADE_MIX:
                messages.append(
                    f"grading.bands: point bands alone grade {role} outside the grade shares "
                    f"(grading.shares): {', '.join(outside)}; adjust the role's KPI targets "
                    "or weights, or grade by forced distribution within role "
                    "(grading.scope: role)"
                )
    if grading.method != "absolute" and grading.scope != "role" and len(set(roles)) > 1:
        c_share = {role: mix[-1] for role, mix in role_grade_mix(grades, roles).items()}
        hardest = max(c_share, key=c_share.__getitem__)
        softest = min(c_share, key=c_share.__getitem__)
        if c_share[hardest] - c_share[softest] > UNEVEN_C_GAP:
            messages.append(
                f"grading.scope: ranking across roles grades {hardest} much harder than "
                f"{softest} ({c_share[hardest]:.0%} vs {c_share[softest]:.0%} get C): the "
                "roles' point scales differ; rank within role (grading.scope: role)"
            )
    return messages


#: A ratio KPI that scores this share of a role's rep-reviews at its floor (or its cap)
#: tells few of them apart: its target is out of reach (or too easy) for the role.
FLAT_KPI_SHARE = 0.8


def flat_kpi_warnings(
    scenario: Scenario,
    outcomes: Outcomes,
    *,
    kpi_points: dict[str, np.ndarray],
    unscorable: dict[str, list[str]],
) -> list[str]:
    """Ratio KPIs that score ``FLAT_KPI_SHARE`` or more of a role's rep-reviews at their
    floor or cap (roles of ``MIN_REPS_FOR_GRADE_MIX`` reps or more whose every KPI can be
    scored: rescaled weights would blur where the floor sits)."""
    if unscorable:
        return []
    roles = outcomes.reps["role"].astype(str).to_numpy()
    scoring = scenario.scoring
    messages = []
    for role in dict.fromkeys(roles.tolist()):
        seats = roles == role
        if seats.sum() < MIN_REPS_FOR_GRADE_MIX:
            continue
        for name, weight in scoring.role_weights(role).items():
            rule = scoring.kpis.get(name, KpiRule())
            kpi = KPI_CATALOG[name]
            if rule.rule != "ratio" or kpi.aggregation == "growth" or weight <= 0:
                continue
            if name not in kpi_points:
                continue
            cap, floor = rule.role_limits(role, scoring.cap, scoring.floor)
            score = kpi_points[name][:, seats] / weight
            for edge, limit in (("floor", floor), ("cap", cap)):
                if limit is None or limit <= 0:  # no cap (the brief's rule), or no floor
                    continue
                at = score <= limit + 1e-9 if edge == "floor" else score >= limit - 1e-9
                share = float(np.mean(at))
                if share >= FLAT_KPI_SHARE:
                    messages.append(
                        f"scoring.kpis.{name}: {share:.0%} of {role}'s scores sit at its "
                        f"{edge} ({limit:.0%} of its weight): the target is "
                        f"{'out of reach' if edge == 'floor' else 'too easy'} for the role, "
                        f"so this {weight:g}-point KPI tells few reps apart; set a target "
                        f"the role's reps can reach and miss (scoring.kpis.{name}.target."
                        f"by_role.{role})"
                    )
    return messages


def unscorable_note(
    scenario: Scenario, outcomes: Outcomes, unscorable: dict[str, list[str]]
) -> list[str]:
    """One note for every KPI the outcomes cannot score (``unscorable``: KPI -> what the
    outcomes lack): which KPIs, for which roles with how many points, and how each role's
    other KPIs were rescaled to the same total (empty when every KPI can be scored)."""
    if not unscorable:
        return []
    parts = []
    named: set[str] = set()
    for role in sorted(set(outcomes.reps["role"].astype(str))):
        lost, total, kept = left_out_weights(scenario, role, unscorable)
        if not lost:
            continue
        named.update(lost)
        rescaled = (
            f"its other KPIs scaled x{total / kept:.2f}, from {kept:g} to {total:g} points"
            if kept > 0
            else "no KPI is left to score: its reps score 0 points"
        )
        kpis = ", ".join(f"{k} ({w:g} points)" for k, w in lost.items())
        parts.append(f"{role}: {kpis}; {rescaled}")
    if not parts:
        return []
    lacking = sorted({m for kpi in named for m in unscorable[kpi]})
    return [
        f"{len(named)} KPIs cannot be scored on these outcomes, which lack "
        f"{', '.join(lacking)}; they are left out, not scored 0. " + ". ".join(parts) + "."
    ]


def part_year_quota_notes(
    commission: Commission, periods: list[str], *, start: int = 1
) -> list[str]:
    """A sentence when year-to-date tiers or a gate read the annual quota of a year the
    data covers only in part: it is the sum of the months present (engine/commission.py),
    so the accelerators (or the gate) are reached against that part's quota."""
    reads = [
        words
        for words, used in (
            ("year-to-date tiers", commission.basis == "year_to_date"),
            ("the gate", has_gate(commission)),
        )
        if used
    ]
    if not reads:
        return []
    years = period_groups(periods, "annual", start=start)
    cut = [
        f"{label} ({n} of 12 months)"
        for label, n in zip(years.labels, years.months, strict=True)
        if n < 12
    ]
    if not cut:
        return []
    subject = " and ".join(reads)
    verb = "reads" if subject == "the gate" else "read"
    return [
        f"pay.commission: {subject} {verb} the annual quota as the sum of the quotas of the months in "
        f"the data, which covers part of {', '.join(cut)}: the accelerators are reached "
        "against that part's quota, not a full year's"
    ]


def split_seat_notes(scenario: Scenario, outcomes: Outcomes) -> list[str]:
    """A sentence when a roster splits a rep into seats (``N-AM1@2026-05``, one a row) and
    the plan reads a year or a rank: each seat is paid on its own, so the person's
    results before the move count neither in the later seat's year to date nor in its rank."""
    reads = [
        words
        for words, used in (
            ("year-to-date tiers", scenario.pay.commission.basis == "year_to_date"),
            ("the gate", has_gate(scenario.pay.commission)),
            ("top-N ranks", any(b.type == "top_n" for b in scenario.pay.bonuses)),
        )
        if used
    ]
    ids = [str(r) for r in outcomes.reps["rep_id"]]
    known = set(ids)
    moved = [i for i in ids if "@" in i and i.rsplit("@", 1)[0] in known]
    if not reads or not moved:
        return []
    person, start = moved[0].rsplit("@", 1)
    others = len({m.rsplit("@", 1)[0] for m in moved}) - 1
    also = f", as are {others} other rep{'s' if others != 1 else ''}" if others else ""
    return [
        f"pay: {person} is paid as separate seats from {start} (a roster move){also}: "
        f"{' and '.join(reads)} count each seat on its own, so the person's results "
        "before the move do not count after it"
    ]


def _alike(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(share, value) per (simulation, review): the largest share of the reps (axis 1)
    scoring exactly the same points, and those points."""
    ordered = np.sort(np.round(points, 6), axis=1)
    equal = ordered[:, 1:, :] == ordered[:, :-1, :]
    count = np.cumsum(equal, axis=1)
    run = count - np.maximum.accumulate(np.where(equal, 0, count), axis=1)
    longest = run.max(axis=1)
    where = run.argmax(axis=1) + (longest > 0)  # the last of the longest run of equals
    value = np.take_along_axis(ordered, where[:, None, :], axis=1)[:, 0, :]
    return (longest + 1) / points.shape[1], value


@dataclass(frozen=True)
class SamePoints:
    """A role that scores the same points in some reviews: which, and how alike."""

    role: str
    reviews: list[str]  #: the reviews where it does
    of: int  #: reviews in all
    low: float  #: the smallest share of the role's reps alike in those reviews
    high: float
    points: float  #: the points they share (median over simulations and reviews)

    @property
    def share_words(self) -> str:
        """'100%', or '93%-100%' where simulations differ."""
        low, high = f"{self.low:.0%}", f"{self.high:.0%}"
        return low if low == high else f"{low}-{high}"


def same_points(outcomes: Outcomes, *, points: np.ndarray, labels: list[str]) -> list[SamePoints]:
    """Roles of ``MIN_REPS_FOR_GRADE_MIX`` reps or more where, in some review, nearly the
    whole role (``FLAT_KPI_SHARE`` on average over simulations) scores exactly the same
    points (total points, (sims, reps, reviews)): grades that tell no one apart, whatever
    the cause (targets out of reach, or data that carries nothing the KPIs can tell
    apart, as a replay whose every scorable KPI sits at its floor)."""
    roles = outcomes.reps["role"].astype(str).to_numpy()
    points = np.asarray(points, dtype=float)
    found = []
    for role in dict.fromkeys(roles.tolist()):
        seats = roles == role
        if seats.sum() < MIN_REPS_FOR_GRADE_MIX or points.shape[2] == 0:
            continue
        share, value = _alike(points[:, seats, :])
        flagged = np.flatnonzero(share.mean(axis=0) >= FLAT_KPI_SHARE)
        if flagged.size:
            found.append(
                SamePoints(
                    role,
                    [labels[k] for k in flagged],
                    points.shape[2],
                    float(share[:, flagged].min()),
                    float(share[:, flagged].max()),
                    float(np.median(value[:, flagged])),
                )
            )
    return found


def same_points_warnings(
    scenario: Scenario, outcomes: Outcomes, *, points: np.ndarray, labels: list[str]
) -> list[str]:
    """:func:`same_points`, as the plan's warnings say it."""
    messages = []
    for found in same_points(outcomes, points=points, labels=labels):
        messages.append(
            f"grading: in {len(found.reviews)} of {found.of} reviews "
            f"({', '.join(found.reviews)}) {found.share_words} of "
            f"{found.role}'s reps score exactly the same points ({found.points:.3g}): every "
            "KPI the data can score sits at its floor or cap for them, so their grades follow "
            "the plan's floors and caps, not their results; set targets the role can reach "
            "and miss, or check the role's measures in the data"
        )
    return messages


def plan_warnings(
    scenario: Scenario,
    outcomes: Outcomes,
    *,
    band_grades: np.ndarray,
    grades: np.ndarray,
    unscorable: dict[str, list[str]],
    kpi_points: dict[str, np.ndarray] | None = None,
    points: np.ndarray | None = None,
    review_labels: list[str] | None = None,
) -> list[str]:
    """Every warning about ``scenario`` paid on ``outcomes`` (``grades`` as graded under
    it; ``unscorable``: KPI -> the measures the outcomes lack; ``points``: each rep's
    total points per review, labelled ``review_labels``), in ``CHECKS`` order."""
    return [
        *scenario.warnings(),
        *unscorable_note(scenario, outcomes, unscorable),
        *settlement_warnings(
            outcomes.periods,
            {
                "pay.commission.settlement": scenario.pay.commission.settlement,
                "review_cycle": scenario.review_cycle,
                **{
                    f"pay.bonuses.{b.name}.settlement": b.settlement
                    for b in scenario.pay.bonuses
                    if hasattr(b, "settlement")
                },
            },
        ),
        *partial_award_notes(
            scenario.pay.bonuses, list(outcomes.periods), start=fiscal_start(outcomes.meta)
        ),
        *part_year_quota_notes(
            scenario.pay.commission, list(outcomes.periods), start=fiscal_start(outcomes.meta)
        ),
        *split_seat_notes(scenario, outcomes),
        *base_share_warnings(scenario, outcomes),
        *no_quota_warnings(scenario.pay, outcomes),
        *product_line_warnings(scenario, outcomes),
        *credit_warnings(scenario, outcomes),
        *mechanics_warnings(scenario, outcomes),
        *change_warnings(scenario, outcomes),
        *relief_warnings(scenario, outcomes),
        *flat_kpi_warnings(scenario, outcomes, kpi_points=kpi_points or {}, unscorable=unscorable),
        *(
            same_points_warnings(scenario, outcomes, points=points, labels=review_labels)
            if points is not None and review_labels is not None
            else []
        ),
        *grade_mix_warnings(scenario, outcomes, band_grades=band_grades, grades=grades),
    ]
