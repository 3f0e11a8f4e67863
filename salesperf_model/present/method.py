"""How a comparison's figures were made, in words for the method appendix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salesperf_model.pipeline import Run


#: What the simulated reps respond to (engine/outlook.py, spif_outlook.py,
#: timing_outlook.py and the exit model), so that a plan whose changes lie elsewhere is read
#: as changing pay, not behaviour.
_RESPONDS_TO = (
    "What reps respond to in this model: their effort and deal timing follow the pay they "
    "expect from a little more revenue under the commission curve (tiers, threshold, caps, "
    "gates), over-achievement, threshold and profit-share bonuses and SPIFs; their leaving "
    "follows their expected pay against the baseline plan's, their results, their grades "
    "and any non-cash reward that keeps them. The other rules (credit splits, overlays and "
    "manager overrides, team pools, top-N awards, target bonuses by grade, clawbacks, "
    "holdbacks, windfall rules, modifiers, and pay following the person) change what is "
    "paid, not what the simulated reps do."
)


def run_settings_words(run: Run) -> list[str]:
    """How the figures were made, for the method appendix."""
    s = run.settings
    if s.source == "actuals":
        source = (
            f"real outcomes imported with {Path(str(s.actuals_mapping)).name} "
            "(one set of results, no Monte Carlo)"
        )
    else:
        source = (
            f"{s.simulations} Monte Carlo simulations of {s.reps} reps over {s.periods} "
            f"months (seed {s.seed}), the sales force described in {run.baseline}'s population section"
        )
    same = (
        "Each plan is simulated with the same people, markets and seed while reps respond "
        "to that plan's pay (effort, leaving; the behaviour section of "
        f"{run.baseline}), so differences between plans are the plans' own, reps' "
        "responses included, not luck (common random numbers)."
        if run.behaviour
        else "Every plan is paid on the very same outcomes (reps do not respond to pay), so "
        "differences between plans are differences of plan rules, not of luck (common "
        "random numbers)."
    )
    words = [
        f"Outcomes: {source}. {same}",
        *([_RESPONDS_TO] if run.behaviour and s.source != "actuals" else []),
        "Figures are the pay each plan gives on the actual results, one set of results: "
        "there is no simulation noise, so every difference is the plans' own."
        if s.source == "actuals"
        else "Figures are means over simulations; a difference is called clear, and a plan "
        "better or worse, only when its 95% Monte Carlo interval (1.96 standard errors, "
        "paired over simulations) excludes zero.",
        "Every metric is explained in the glossary at the end of this report; the winners and losers bands "
        "compare each rep's total pay with what the same rep earned under the baseline.",
    ]
    if s.overrides:
        words.append(f"Overrides applied to the plans under study: {s.overrides}.")
    if s.reused:
        words.append(
            "Reused from the cache beside these reports (nothing they depend on has changed, "
            "so the figures are those of a fresh run): " + "; ".join(s.reused) + "."
        )
    return words
