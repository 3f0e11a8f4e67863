"""The pay-mix warnings (base salary outside the recommended share of on-target pay, the
variable share that follows from it) reached the comparison summary as one line, "for 5
roles; each plan's report names them". A reader of the summary now sees which plans and
which roles they concern, in a sentence per group of plans alike, never more than one per
plan."""

from __future__ import annotations

from salesperf_model.present.warning_words import base_shares, pay_mix_lines


def _line(role: str, shown: str, outside: int = 10, seats: int = 10) -> str:
    return (
        f"pay.base_salary: base is {shown} of on-target total pay for {role} "
        f"({outside} of {seats} seats outside the recommended 30%-40%)"
    )


def test_the_summary_names_the_plans_and_roles_of_each_pay_mix_warning():
    current = base_shares(
        [_line("account_manager", "43%-53%"), _line("regional_manager", "60%-67%")]
    )
    steep = base_shares([_line("account_manager", "49%-58%"), _line("regional_manager", "60%-67%")])
    lower = base_shares([_line("new_business", "22%-28%", 5, 9)])
    lines = pay_mix_lines(
        {"Current plan": current, "Steep accelerator": steep, "Lower base": lower, "Other": []}
    )
    assert lines == [
        "Pay mix: under Current plan and Steep accelerator, base salary is above the "
        "recommended 30%-40% of on-target total pay for account managers and regional "
        "managers (43%-67%), so variable pay is a smaller share of pay than recommended",
        "Pay mix: under Lower base, base salary is below the recommended 30%-40% of "
        "on-target total pay for new business reps (22%-28%), so variable pay is a larger "
        "share of pay than recommended",
    ]


def test_a_warning_every_plan_shares_says_every_plan_not_a_list_of_all_of_them():
    shares = base_shares([_line("account_manager", "43%-53%")])
    titles = ["Current plan", "Steep accelerator", "Flat 3.3% commission", "Double credit"]
    assert pay_mix_lines({title: shares for title in titles}) == [
        "Pay mix: under every plan compared (Current plan included), base salary is above "
        "the recommended 30%-40% of on-target total pay for account managers (43%-53%), so "
        "variable pay is a smaller share of pay than recommended"
    ]


def test_the_summary_of_a_real_comparison_has_a_line_per_plan_at_most():
    from salesperf_model import pipeline, present

    run = pipeline.run_comparison(
        ["scenarios/steep_accelerator.yaml", "scenarios/differentiated_rates.yaml"],
        "scenarios/baseline.yaml",
        reps=60,
        simulations=2,
        variants=False,
    )
    titles = present.plan_titles(run.scenarios)
    pay_mix = [w for w in present.summary_warnings(run) if w.startswith("Pay mix: ")]
    assert 1 <= len(pay_mix) <= len(run.scenarios)
    named = [t for t in titles.values() if any(f" {t}" in line for line in pay_mix)]
    # every plan breaks the band here: each is named, or one line says every plan does
    every = [line for line in pay_mix if line.startswith("Pay mix: under every plan compared")]
    assert len(named) == len(titles) or (every and len(pay_mix) == 1)
    for line in pay_mix:
        assert "role" not in line.split("for ", 1)[1]  # the roles by name, not a count
        assert "_" not in line
