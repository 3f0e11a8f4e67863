"""Luck's share of pay differences (e.g. 44.4) and pay differences due to luck (e.g. 17.9)
share one numerator and differ in what they divide by: the glossary says so, and the
arithmetic it states holds on a hand case where a fourth of pay varies with neither."""

from __future__ import annotations

import numpy as np
import pytest
from test_fairness import truth_case

from salesperf_model.measure import METRICS
from salesperf_model.present.glossary import metric_entry

#: Orthogonal, centred columns (a Hadamard matrix of order 8): pay = 100 + 3 skill +
#: 1 territory + 1 big accounts + 2 x a pattern none of the three explains.
SKILL = np.array([1, -1, 1, -1, 1, -1, 1, -1], dtype=float)
TERRITORY = np.array([1, 1, -1, -1, 1, 1, -1, -1], dtype=float)
BIG = np.array([1, -1, -1, 1, 1, -1, -1, 1], dtype=float)
UNEXPLAINED = np.array([1, 1, 1, 1, -1, -1, -1, -1], dtype=float)


def test_luck_share_is_luck_over_luck_and_skill_as_the_glossary_says():
    # variance parts 9 (skill) : 1 (territory) : 1 (big accounts) : 4 (neither), of 15
    pay = 100 + 3 * SKILL + TERRITORY + BIG + 2 * UNEXPLAINED
    metrics, *_ = truth_case(SKILL, pay, territory=TERRITORY + 10, big=(BIG + 1) / 4)
    luck, skill = metrics["luck_variance_share"][0], metrics["skill_variance_share"][0]
    assert luck == pytest.approx(100 * 2 / 15)  # 13.3% of all pay differences
    assert skill == pytest.approx(100 * 9 / 15)  # 60%
    assert metrics["luck_share"][0] == pytest.approx(100 * 2 / 11)  # 18.2% of the explained
    assert metrics["luck_share"][0] == pytest.approx(100 * luck / (luck + skill))


def test_the_two_luck_figures_say_what_they_divide_by_and_why_they_differ():
    share = metric_entry(METRICS["luck_share"])
    due = metric_entry(METRICS["luck_variance_share"])
    # each names the other by the label the reader sees beside it
    assert METRICS["luck_variance_share"].label in share
    assert METRICS["luck_share"].label in due
    assert "only the pay differences that skill, territory and big accounts explain" in share
    assert "luck ÷ (luck + skill)" in share
    assert "17.9 ÷ (17.9 + 22.4) = 44.4%" in share  # the reader's two figures, worked
    assert "all pay differences between reps of a role" in due
    assert "so it is the smaller figure" in due and "so it is the larger figure" in share
    # luck here is the territory and accounts a rep was handed, not deal-by-deal luck
    for words in (share, due):
        assert "deal-by-deal luck" in words
    skill = metric_entry(METRICS["skill_variance_share"])
    assert "add up to 100%" in skill


def test_pay_follows_true_skill_says_it_is_a_correlation_not_a_share():
    words = metric_entry(METRICS["merit_alignment_pay"])
    assert "a rank correlation, not a share of pay differences" in words
