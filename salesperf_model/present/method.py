"""How a comparison's figures were made, in words for the method appendix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from salesperf_model.formatting import title_words
from salesperf_model.measure.statistics import half_width_factor
from salesperf_model.present.cost_drivers import never_paid_notes
from salesperf_model.present.fairness_verdict import smallest_changes, smallest_changes_words

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run
    from salesperf_model.schema.pay_changes import PayChange


#: What the simulated reps respond to (engine/outlook.py, spif_outlook.py,
#: timing_outlook.py and the exit model), so that a plan whose changes lie elsewhere is read
#: as changing pay, not behaviour. The outlook reads the plan in force at the start of the
#: year: dated plan changes (``pay_changes``, engine/plan_changes.py) are paid only.
_RESPONDS_TO = (
    "What reps respond to in this model: their effort and deal timing follow the pay they "
    "expect from a little more revenue under the commission curve (tiers, threshold, caps, "
    "gates), over-achievement, threshold and profit-share bonuses and SPIFs, all as the "
    "plan stands at the start of the year; their leaving follows their expected pay "
    "against the baseline plan's, their results, their grades and any non-cash reward "
    "that keeps them. The other rules (credit splits, overlays and manager overrides, team "
    "pools, top-N awards, target bonuses by grade, clawbacks, holdbacks, windfall rules, "
    "modifiers, pay following the person, and dated plan changes) change what is paid, "
    "not what the simulated reps do. Dated plan changes (reps moved onto another plan from "
    "a month in the year) are paid but not simulated: the simulated reps respond all year "
    "to the plan in force at the start of the year, so a change that would move them, such "
    "as a steeper accelerator from July, shows in pay but not in revenue."
)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _change_words(change: PayChange) -> str:
    """'2026-07 (Steep accelerator, for new business reps in Beijing, Shanghai and Shenzhen)'."""
    who = []
    if change.roles:
        who.append(_and([r.replace("_", " ") for r in change.roles]) + " reps")
    if change.regions:
        who.append("in " + _and(list(change.regions)))
    if change.reps:
        who.append(f"{len(change.reps)} named reps")
    group = f", for {' '.join(who)}" if who else ""
    return f"{change.first} ({title_words(change.label)}{group})"


def dated_changes_words(run: Run, plan: str) -> str | None:
    """Why the simulated revenue of ``plan`` does not answer its dated plan changes, for
    the method section and the summary's revenue line; None for a plan without any."""
    scenario = (getattr(run, "scenarios", None) or {}).get(plan)
    changes = list(getattr(scenario, "pay_changes", None) or [])
    if not changes:
        return None
    many = len(changes) > 1
    return (
        "the simulated reps respond all year to the plan in force at the start of the year, "
        f"and this plan's dated change{'s' if many else ''} from "
        f"{_and([_change_words(c) for c in changes])} {'are' if many else 'is'} paid but not "
        f"simulated, so how reps would respond to {'them' if many else 'it'} is not measured"
    )


def _plan_notes(run: Run) -> list[str]:
    """Per plan: its dated changes (paid, not simulated) and any component that pays
    nothing in every simulation, with why."""
    scenarios = getattr(run, "scenarios", None) or {}
    notes = []
    for plan in scenarios:
        title = getattr(scenarios[plan], "display_title", plan)
        dated = dated_changes_words(run, plan)
        if dated and run.behaviour:
            notes.append(f"{title}: {dated}.")
        for note in never_paid_notes(run, plan):
            notes.append(f"{title}: {note[:1].lower()}{note[1:]}.")
    return notes


def _smallest_change_words(run: Run) -> str:
    """The fairness verdict's second bar, with the thresholds this comparison used; cost
    has none."""
    return (
        "A fairness component makes a plan fairer or less fair only when its change is also "
        "at least the smallest change that matters, a judgment set in the baseline's decision "
        f"rule (here: {smallest_changes_words(smallest_changes(run))}; the gender pay gap by "
        "the change in its size); a smaller change reads no change that matters. Cost has no "
        "such threshold: any clear change in pay counts."
    )


def run_settings_words(run: Run) -> list[str]:
    """How the figures were made, for the method appendix."""
    s = run.settings
    scenarios = getattr(run, "scenarios", None) or {}
    baseline = getattr(scenarios.get(run.baseline), "display_title", run.baseline)
    if s.source == "actuals":
        source = (
            f"real outcomes imported with {Path(str(s.actuals_mapping)).name} "
            "(one set of results, no Monte Carlo)"
        )
    else:
        source = (
            f"{s.simulations} Monte Carlo simulations of {s.reps} reps over {s.periods} "
            f"months (seed {s.seed}), the sales force described in {baseline}'s population section"
        )
    same = (
        "Each plan is simulated with the same people, markets and seed while reps respond "
        "to that plan's pay (effort, leaving; the behaviour section of "
        f"{baseline}), so differences between plans are the plans' own, reps' "
        "responses included, not luck (common random numbers)."
        if run.behaviour
        else "Every plan is paid on the very same outcomes (reps do not respond to pay), so "
        "differences between plans are differences of plan rules, not of luck (common "
        "random numbers)."
    )
    words = [
        f"Outcomes: {source}. {same}",
        *([_RESPONDS_TO] if run.behaviour and s.source != "actuals" else []),
        *_plan_notes(run),
        "Figures are the pay each plan gives on the actual results, one set of results: "
        "there is no simulation noise, so every difference is the plans' own."
        if s.source == "actuals"
        else "Figures are means over simulations; a difference is called clear, and a plan "
        "better or worse, only when its 95% Monte Carlo interval (paired over simulations: "
        f"{_half_width_words(s.simulations)}) excludes zero.",
        _smallest_change_words(run),
        "Every metric is explained in the glossary at the end of this report; the winners and losers bands "
        "compare each rep's total pay with what the same rep earned under the baseline.",
    ]
    if s.overrides:
        items = (
            [f"{key}={value}" for key, value in s.overrides.items()]
            if isinstance(s.overrides, dict)
            else [str(item) for item in s.overrides]
        )
        words.append(f"Overrides applied to the plans under study: {', '.join(items)}.")
    if s.reused:
        words.append(
            "Reused from the cache beside these reports (nothing they depend on has changed, "
            "so the figures are those of a fresh run): " + "; ".join(s.reused) + "."
        )
    return words


def _half_width_words(simulations: int) -> str:
    """'2.09 standard errors either side at 20 simulations (Student's t; 1.96 with many)'."""
    if simulations < 2:
        return "Student's t standard errors either side"
    factor = half_width_factor(simulations)
    return (
        f"{factor:.2f} standard errors either side at {simulations} simulations "
        "(Student's t; 1.96 with many)"
    )
