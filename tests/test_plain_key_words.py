"""Scenario keys in plain words: leadership read `pay.base_salary` and `grading.scope: role`
in the "Plan warnings" box and the "Scenario keys that differ" table of a plan's report.
Every key now reads as a label (a known key by its words, any other by a readable form of
its last parts, never the dotted path), the engine's warnings are rewritten at
presentation, and the keys themselves are left to the analysts' appendix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from salesperf_model.loading import load_scenario
from salesperf_model.pipeline import check_plan
from salesperf_model.present import plan_changes
from salesperf_model.present.key_labels import analyst_keys_html, key_label, setting_words
from salesperf_model.present.warning_words import BASE_SHARE, plain_warnings

ROOT = Path(__file__).resolve().parents[1]
#: A dotted scenario key (two or more words joined by dots), as the YAML spells it.
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_0-9]+(?:\.[a-z_0-9]+)*\b")
#: A snake_case identifier.
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")

#: The engine's warnings as it writes them (engine.pay, engine.checks, schema.scenario).
RAW = [
    "pay.base_salary: base is 49%-58% of on-target total pay for account_manager "
    "(149 of 149 seats outside the recommended 30%-40%)",
    "pay.base_salary: base is 37%-46% of on-target total pay for key_account_manager "
    "(44 of 61 seats outside the recommended 30%-40%)",
    "pay.base_salary: base is 53%-61% of on-target total pay for new_business "
    "(161 of 161 seats outside the recommended 30%-40%)",
    "scoring.kpis.new_customer_revenue: 100% of new_business's scores sit at its floor "
    "(65% of its weight): the target is out of reach for the role, so this 30-point KPI "
    "tells few reps apart; set a target the role's reps can reach and miss "
    "(scoring.kpis.new_customer_revenue.target.by_role.new_business)",
    "grading.bands: point bands alone grade regional_manager outside the grade shares "
    "(grading.shares): S 22% (range 10%-15%), A 57% (range 30%-40%); adjust the role's KPI "
    "targets or weights, or grade by forced distribution within role (grading.scope: role)",
    "grading.scope: ranking across roles grades new_business much harder than "
    "regional_manager (12% vs 1% get C): the roles' point scales differ; rank within role "
    "(grading.scope: role)",
    "pay.commission.base is 'booked' but the simulated quotas are set on 'collected' revenue "
    "(population.quota.basis): attainment mixes the two bases and reps meet quota more or "
    "less often than intended",
    "scoring.weights.new_business: result KPIs weigh 75%, outside the recommended 60-70%",
]


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("pay.base_salary", "Base salary"),
        ("grading.scope", "Where grades are shared out"),
        ("pay.commission.tiers.2.rate", "Commission rate of tier 3"),
        ("scoring.kpis.nps", "NPS KPI"),
        (
            "scoring.kpis.new_customer_revenue.target.by_role.new_business",
            "New customer revenue KPI target for new business reps",
        ),
        ("scoring.weights.channel_manager", "KPI points of channel managers"),
        ("pay.bonuses.target_bonus", "Target bonus"),
        ("pay.bonuses.team_award.settlement", "Team award settlement"),
        ("pay.spifs.q2_new_logos.window", "Q2 new logos SPIF window"),
        # keys the table does not know: after the longest known start, or a readable
        # form of their last parts
        ("pay.commission.negative_true_up", "Commission negative true up"),
        ("pay.some_future_thing", "Some future thing"),
        ("population.regions.3.market_share", "Region 4 market share"),
        ("grading.some_future_setting", "Some future setting"),
        ("simulation.seed", "Simulation seed"),
        # what a calibration sets: the simulated role named, the field in words
        (
            "population.roles.new_business.deal_size_sigma",
            "Spread of deal sizes of new business reps",
        ),
        ("population.roles.new_business.win_rate", "Win rate of new business reps"),
        ("population.roles.account_manager.some_new_field", "Some new field of account managers"),
        ("population.territory.potential_sigma", "Spread of territory potential"),
        ("population.collections.lag_shares", "Shares of cash collected on time and months late"),
    ],
)
def test_a_key_reads_as_a_label_never_as_its_dotted_path(key, label):
    assert key_label(key) == label
    assert "." not in key_label(key) and "_" not in key_label(key)


def test_a_setting_reads_as_what_it_does():
    assert setting_words("grading.scope", "role") == "grades are shared out within each role"
    assert setting_words("grading.scope", "company") == "grades are shared out across the company"
    assert setting_words("pay.commission.settlement", "quarterly") == (
        "how often commission is paid: quarterly"
    )


def test_the_engine_warnings_read_as_sentences_without_keys():
    words = plain_warnings(RAW)
    text = " ".join(words)
    assert not DOTTED.findall(text), DOTTED.findall(text)
    assert not SNAKE.findall(text), SNAKE.findall(text)
    # the base-salary lines of every role make one sentence, in the place of the first
    assert words[0] == (
        "Pay mix: base salary is above the recommended 30%-40% of on-target total pay for "
        "account managers (49%-58%), key account managers (37%-46%; 44 of 61 seats) and "
        "new business reps (53%-61%)."
    )
    assert len(words) == len(RAW) - 2
    assert words[1] == (
        "The new customer revenue KPI (30 points) tells few new business reps apart: 100% "
        "of their scores sit at its floor (65% of its weight), as its target is out of "
        "reach for them; a target they can reach and miss would tell them apart."
    )
    assert words[2] == (
        "Grades: the point bands alone would grade regional managers outside the plan's "
        "grade shares (S 22% against 10%-15%, A 57% against 30%-40%); adjust the role's "
        "KPI targets or weights, or share grades out by forced distribution within each role."
    )
    assert words[3] == (
        "Grades: ranking reps across roles grades new business reps much harder than "
        "regional managers (12% against 1% get a C), as the roles' point scales differ; "
        "grades would be fairer shared out within each role."
    )
    assert words[4] == (
        "Commission is paid on booked revenue but the simulated quotas are set on collected "
        "revenue: attainment mixes the two bases and reps meet quota more or less often "
        "than intended."
    )
    assert words[5] == (
        "KPI points of new business reps: result KPIs weigh 75%, outside the recommended 60-70%."
    )


def test_a_warning_the_rewrites_do_not_know_gets_its_keys_in_words():
    said = plain_warnings(
        [
            "pay.commission.settlement: monthly, but the outcomes are quarterly "
            "(2026Q1..2026Q4): settled per quarter (see pay.bonuses.team_award.settlement)",
            "steep_accelerator (scenarios/steep_accelerator.yaml) sets its own budget",
        ]
    )
    assert said == [
        "How often commission is paid: monthly, but the outcomes are quarterly "
        "(2026Q1..2026Q4): settled per quarter (see team award settlement).",
        "Steep accelerator (scenarios/steep_accelerator.yaml) sets its own budget.",
    ]


@pytest.mark.parametrize(
    "name", ["baseline", "booked_base", "forced_distribution", "role_weights", "plan_mechanics"]
)
def test_every_warning_of_a_shipped_scenario_reads_without_keys(name):
    """On the engine's own warnings (the scenario's sales force simulated twice): the
    base-salary lines are all recognised (one sentence), no key and no snake_case word is
    left."""
    raw = check_plan(load_scenario(ROOT / "scenarios" / f"{name}.yaml"), simulations=2)
    base_lines = [m for m in raw if m.startswith("pay.base_salary: base is")]
    assert base_lines and all(BASE_SHARE.match(m) for m in base_lines)
    words = plain_warnings(raw)
    assert len(words) == len(raw) - len(base_lines) + 1
    text = " ".join(words)
    assert not DOTTED.findall(text), DOTTED.findall(text)
    assert not SNAKE.findall(text), SNAKE.findall(text)


def test_the_analysts_appendix_shows_each_key_small_and_grey_beside_its_words():
    scenarios = {
        n: load_scenario(ROOT / "scenarios" / f"{n}.yaml")
        for n in ("baseline", "steep_accelerator")
    }
    changes = plan_changes(scenarios["steep_accelerator"], scenarios["baseline"])
    soup = BeautifulSoup(analyst_keys_html(changes, baseline="Current plan"), "html.parser")
    heads = [th.get_text() for th in soup("th")]
    assert heads == ["setting", "scenario key", "Current plan", "this plan"]
    first = soup("tr")[1]
    cells = first("td")
    assert cells[0].get_text() == "Commission rate in the tier (tier 1)"
    key = cells[1].find("small")
    assert key.get_text() == "pay.commission.tiers.0.rate" and "color" in key["style"]
    assert [c.get_text() for c in cells[2:]] == ["3%", "2%"]
    empty = plan_changes(scenarios["baseline"], scenarios["baseline"])
    assert "No setting differs" in analyst_keys_html(empty, baseline="Current plan")


def _cells(name: str) -> list[str]:
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"]]


def test_the_plan_report_shows_keys_only_in_the_analysts_appendix():
    cells = _cells("scenario_report.ipynb")
    appendix = next(i for i, c in enumerate(cells) if "<h2>Appendix for analysts" in c)
    glossary = next(i for i, c in enumerate(cells) if c.startswith("## Glossary"))
    assert appendix < glossary
    keyed = [i for i, c in enumerate(cells) if "analyst_keys_html" in c or '"key"' in c]
    assert keyed and all(appendix <= i < glossary for i in keyed)
    warnings = next(c for c in cells if "Plan warnings" in c)
    assert "plain_warnings(" in warnings
