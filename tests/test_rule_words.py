"""The plan in plain words names the rules around the curve a plan turns on (issue 19):
leavers, guarantees, draws, windfalls, holdbacks, SPIFs, modifiers, relief and plan
changes, one sentence each; a plan without them reads as before."""

from __future__ import annotations

from pathlib import Path

from salesperf_model.loading import load_scenario
from salesperf_model.present.changes import _setting_words
from salesperf_model.present.rule_words import rule_words
from salesperf_model.present.words import plain_words

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_the_baseline_has_no_rule_sentence():
    assert rule_words(load_scenario(SCENARIOS / "baseline.yaml")) == []


def test_pay_follows_the_person_in_words():
    (words,) = rule_words(load_scenario(SCENARIOS / "pay_follows_person.yaml"))
    assert words == (
        "People: a person who leaves before a settlement period ends forfeits its commission"
        " and bonuses (employed on the payout date); a new person is paid on their own months"
        " only; their commission is topped up to 2,000 CNY a month for 3 months (never"
        " recovered); a recoverable draw of 1,500 CNY a month for 6 months is recovered from"
        " later commission, a balance at exit written off."
    )
    assert words in plain_words(load_scenario(SCENARIOS / "pay_follows_person.yaml"))


def test_relief_and_a_mid_year_change_in_words():
    words = rule_words(load_scenario(SCENARIOS / "mid_year_change.yaml"))
    assert words == [
        "Quota relief: a month's quota is reduced by the share spent on leave.",
        "Territory carve-outs reduce quota: 20% of Hangzhou from 2026-10.",
        "From 2026-07, new business reps in Beijing, Shanghai, Shenzhen are paid under"
        " the Steep accelerator plan (steep_accelerator.yaml; quota reset).",
    ]


def test_mechanics_in_words_without_the_statement_notes():
    words = rule_words(load_scenario(SCENARIOS / "plan_mechanics.yaml"))
    assert words[0] == (
        "Windfall deals: a deal above 25% of annual quota has the excess carved out of the"
        " tiers and paid at 3.00%."
    )
    assert words[-1] == (
        "Payout modifier: commission x 0.75 in a settlement where the mean of nps is not at"
        " least 20."
    )
    assert not any("this line" in w for w in words)


def test_a_setting_s_label_stops_before_its_example():
    label = _setting_words(("pay", "people", "ramp"), ("pay", "people", "ramp"))
    assert label == "Quota share for a new person's first months in the seat"
