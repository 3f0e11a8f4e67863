"""The deal-timing experiments (Oyer 1998, Larkin 2014) as findings of the validation report."""

from __future__ import annotations

from salesperf_model.schema import Scenario
from salesperf_model.validation.experiment import (
    Chart,
    Check,
    Finding,
    FindingResult,
    Size,
    status_notes,
)
from salesperf_model.validation.timing import larkin_discounts, oyer_year_end
from salesperf_model.validation.verdicts import Published

OYER = "Oyer, Quarterly Journal of Economics 113(1), 1998"
LARKIN = "Larkin, Journal of Labor Economics 32(2), 2014"
LARKIN_SHARE = "Share of new-deal revenue given up in timing discounts (accelerator)"
LARKIN_DIFFERENCE = "Accelerator minus the linear plan"
LARKIN_TOLERANCE = "within a factor of two (3% to 16%)"

#: The figures the studies publish, finding -> check -> figure (Oyer: a direction only),
#: each in its check's unit: a difference of two shares in percentage points.
PUBLISHED = {
    "larkin": {
        LARKIN_SHARE: Published(0.06, 0.08, "6-8%", LARKIN_TOLERANCE),
        # 6-8% lost under the accelerator against under 1% under a linear plan
        LARKIN_DIFFERENCE: Published(
            0.05,
            0.08,
            "5-8 points (6-8% against under 1% for a linear plan)",
            "within a factor of two (3 to 16 points)",
        ),
    }
}


def oyer(baseline: Scenario, size: Size) -> FindingResult:
    """Year-end bunching under a quota plus annual bonus, against a linear plan."""
    found = oyer_year_end(baseline, reps=size.reps, simulations=size.simulations, seed=size.seed)
    detail = found.detail
    checks = [
        Check(
            "December's share of the year's bookings minus January's, against a linear plan",
            found.ours,
            found.standard_error,
            1,
            (0.002, 0.05),
            unit="points",
        ),
        Check(
            "January's share of the year's bookings, against a linear plan",
            detail["january_difference"],
            detail["january_difference_se"],
            -1,
            (-0.05, -0.001),
            unit="points",
        ),
    ]
    chart = Chart(
        kind="bars",
        title="Bookings under a quota plus annual bonus, against a linear plan of equal cost",
        y_label="Change in the month's share\n(percentage points)",
        labels=["December", "January"],
        values=[[detail["december_difference"]], [detail["january_difference"]]],
        errors=[[3 * detail["december_difference_se"]], [3 * detail["january_difference_se"]]],
        unit="points",
    )
    return FindingResult(
        key="oyer",
        title="Bookings bunch at the fiscal year's end under a quota and annual bonus",
        citation=OYER,
        claim=(
            "Under plans that pay a bonus for reaching an annual quota, sales are higher at "
            "the end of the fiscal year and lower at its start than under linear plans."
        ),
        published=found.published,
        design=(
            "A plan paying 1% of revenue up to the annual quota and 8% beyond it, "
            "settled once a year, against a one-rate plan of the same expected commission, "
            "on the same sales force; reps who control close dates pull deals into December "
            f"or push them into January. Rough size: {found.size_rule}."
        ),
        checks=checks,
        chart=chart,
        size=size,
    )


def larkin(baseline: Scenario, size: Size) -> FindingResult:
    """Revenue given up in timing discounts under quarterly accelerating commissions."""
    found = larkin_discounts(baseline, reps=size.reps, simulations=size.simulations, seed=size.seed)
    detail = found.detail
    published = PUBLISHED["larkin"]
    checks = [
        Check(
            LARKIN_SHARE,
            found.ours,
            found.standard_error,
            1,
            (0.03, 0.16),
            published=published[LARKIN_SHARE],
        ),
        Check(
            LARKIN_DIFFERENCE,
            detail["difference"],
            detail["difference_se"],
            1,
            (0.03, 0.16),
            unit="points",
            published=published[LARKIN_DIFFERENCE],
        ),
    ]
    chart = Chart(
        kind="bars",
        title="Revenue lost to discounts on deals timed for a quarter's accelerator",
        y_label="Share of new-deal revenue",
        labels=["Published (field)", "Our model"],
        values=[[0.07], [found.ours]],
        errors=[[0.0], [3 * found.standard_error]],
    )
    notes = status_notes(checks)
    if found.size_matches and found.ours < published[LARKIN_SHARE].low:
        notes.append(
            f"Why ours is lower than the published 6-8% ({found.ours:.1%}): our reps time "
            "deals only where the plan pays for it and many push rather than pull; at the "
            "study's vendor three quarters of transactions closed on a quarter's last day."
        )
    elif not found.size_matches:
        notes.append(
            f"Direction reproduced, size not: our reps give up {found.ours:.2%} of new-deal "
            "revenue, the field study about 6-8%. Reps here weigh the whole batch of deals "
            "they can reach (two quarters ahead) across the accelerator's edge at a 14% "
            "discount; reps far below the quarter's quota push deals into the next quarter "
            "instead, undiscounted."
        )
    return FindingResult(
        key="larkin",
        title="Accelerating quarterly commissions cost revenue in timed, discounted deals",
        citation=LARKIN,
        claim=(
            "Reps paid accelerating commissions at quarter ends pull and push deals across "
            "quarters and grant discounts to close them, costing revenue; linear plans do not."
        ),
        published=found.published,
        design=(
            "An enterprise sales force (new business and key accounts, 80% of close dates in "
            "the reps' hands, reaching two quarters ahead) paid 2% up to the quarter's quota and 6% above "
            "it on bookings, against a one-rate plan of the same expected commission. Rough "
            f"size: {found.size_rule}."
        ),
        checks=checks,
        chart=chart,
        size=size,
        notes=notes,
    )


FINDINGS = (
    Finding("oyer", "Year-end bunching", OYER, oyer, Size(reps=200, simulations=24)),
    Finding("larkin", "Timing discounts", LARKIN, larkin, Size(reps=200, simulations=16)),
)
