"""The sanity report: does a simulated sales force look like a real one?"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from salesperf_model.outcomes import ROLES, Outcomes


def _standardized(values: np.ndarray) -> np.ndarray:
    """Values centred and scaled across reps within each simulation and month."""
    centred = values - values.mean(axis=1, keepdims=True)
    scale = centred.std(axis=1, keepdims=True)
    return np.divide(centred, scale, out=np.zeros_like(centred), where=scale > 0)


def _rated(outcomes: Outcomes, name: str) -> np.ndarray:
    """A rater's ratings (``manager`` etc.) or the true skill (``skill``)."""
    return outcomes.truth["skill"] if name == "skill" else outcomes.get(f"rating_{name}")


def rating_agreement(outcomes: Outcomes, first: str, second: str) -> np.ndarray:
    """Correlation across reps between two raters' ratings (or a rater's and true
    ``skill``) in the same month, averaged over months: one figure per simulation."""
    a, b = _standardized(_rated(outcomes, first)), _standardized(_rated(outcomes, second))
    return (a * b).mean(axis=(1, 2))


def rating_reliability(
    outcomes: Outcomes, raters: Sequence[str] = ("manager", "peer", "customer")
) -> float:
    """Realised agreement between different raters: the correlation across reps between
    two raters' ratings in the same simulation and month, averaged over rater pairs,
    simulations and months."""
    pairs = [
        rating_agreement(outcomes, raters[i], raters[j])
        for i in range(len(raters))
        for j in range(i + 1, len(raters))
    ]
    return float(np.mean(pairs))


def rating_lines(outcomes: Outcomes) -> list[str]:
    """The realised rating correlations beside what the parameters say."""
    m_p = rating_agreement(outcomes, "manager", "peer").mean()
    s_m = rating_agreement(outcomes, "self", "manager").mean()
    validity = rating_agreement(outcomes, "manager", "skill").mean()
    return [
        f"Manager rating vs true skill: {validity:.2f} (Bommer et al. 1995: about .39)",
        f"Manager vs peer ratings: {m_p:.2f}; self vs manager: {s_m:.2f} "
        "(published: .27 observed from rho .62; .22)",
    ]


def quota_basis(outcomes: Outcomes) -> str:
    """The revenue the simulated quotas are set on: booked or collected."""
    return str(outcomes.meta.get("quota_basis", "booked"))


def _annual_attainment(outcomes: Outcomes) -> np.ndarray:
    """Revenue on the quota's basis / quota over the whole run, per simulation and seat."""
    result = outcomes.get(f"revenue_{quota_basis(outcomes)}").sum(axis=2)
    quota = outcomes.get("quota").sum(axis=2)
    return np.divide(result, quota, out=np.zeros_like(result), where=quota > 0)


def sanity_report(outcomes: Outcomes, grade_mix: dict[str, float] | None = None) -> str:
    """A plain-text check that a simulated sales force looks like a real one."""
    attainment = _annual_attainment(outcomes)
    q = np.percentile(attainment, [10, 25, 50, 75, 90])
    months = outcomes.n_periods
    roles = outcomes.reps["role"].to_numpy()
    lines = [
        f"Simulated {outcomes.n_simulations} simulations x {outcomes.n_reps} reps x {months} months "
        f"({outcomes.periods[0]}..{outcomes.periods[-1]})",
        "",
        f"Attainment over the run ({quota_basis(outcomes)} revenue / quota):",
        "  p10 {:.2f}  p25 {:.2f}  median {:.2f}  p75 {:.2f}  p90 {:.2f}".format(*q),
        f"  share of reps at or above quota: {np.mean(attainment >= 1):.1%} "
        "(surveys: 50-60%; CSO Insights 2018: 53%)",
        "",
        f"{'role':<22}{'seats':>6}{'quota/month':>14}{'revenue/month':>15}{'deals/month':>13}"
        f"{'cycle (months)':>16}",
    ]
    stages = outcomes.meta.get("realised_stage_months", {})
    quota = outcomes.get("quota")
    revenue = outcomes.get("revenue_booked")
    deals = outcomes.get("deals_won")
    for role in ROLES:
        mask = roles == role
        if not mask.any():
            continue
        cycle = stages.get(role)
        cycle_text = f"{cycle['prospecting'] + cycle['negotiation']:.1f}" if cycle else "-"
        lines.append(
            f"{role:<22}{int(mask.sum()):>6}{quota[:, mask].mean():>14,.0f}"
            f"{revenue[:, mask].mean():>15,.0f}{deals[:, mask].mean():>13.2f}{cycle_text:>16}"
        )
    receivable = outcomes.get("receivable").sum()
    collected = outcomes.get("revenue_collected").sum()
    nps = outcomes.get("nps")
    person = outcomes.get("person_id")
    # a change of holder, not the end of a vacancy (person -1: simulate.vacancy)
    changed = (person[:, :, 1:] != person[:, :, :-1]) & (person[:, :, :-1] != -1)
    exits = changed.sum() / outcomes.n_simulations
    lines += [
        "",
        f"Collection rate (collected / receivable): {collected / receivable:.3f}",
        *rating_lines(outcomes),
        f"NPS: mean {nps.mean():.1f}; rep-months with NPS >= 90: {np.mean(nps >= 90):.2%}",
        f"Mean response time: {outcomes.get('response_time_hours').mean():.2f} hours",
        f"Exits per simulation: {exits:.1f} ({exits / outcomes.n_reps * 12 / max(months - 1, 1):.1%} of seats a year)",
    ]
    consequences = outcomes.meta.get("consequences")
    if consequences:
        per_sim = {k: v.sum() / outcomes.n_simulations for k, v in consequences.items()}
        lines.append(
            f"Grade consequences per simulation: {per_sim['promotions']:.1f} promotions (the"
            f" seat refilled), {per_sim['trainings']:.1f} trainings"
            f" after a B, {per_sim['improvement_plans']:.1f} improvement plans after a C"
        )
    if grade_mix is not None:
        mix = "  ".join(f"{grade} {share:.1%}" for grade, share in grade_mix.items())
        lines += ["", f"Grade mix under the baseline plan: {mix}"]
    return "\n".join(lines)
