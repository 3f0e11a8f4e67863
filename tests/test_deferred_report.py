"""The plan report's deferred-pay schedule: rows by year past the horizon, the sentence's
figures, nothing for a plan without a deferred bonus."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from salesperf_model.present.deferred import vesting_html, vesting_rows, vesting_sentence


def _run() -> SimpleNamespace:
    """The hand-worked seat of test_long_term: 12,000 earned in 2026 and 2027, 18,000
    forfeited in 2027, 1,200 / 2,400 / 2,400 vesting in 2029-2031."""
    years = ["2026", "2027", "2028", "2029", "2030", "2031"]
    flows = {
        "earned": [12_000, 12_000, 0, 0, 0, 0],
        "forfeited": [0, 18_000, 0, 0, 0, 0],
        "vesting": [0, 0, 0, 1_200, 2_400, 2_400],
    }
    rows = [
        {
            "plan": "deferred",
            "component": "deferred_equity",
            "year": year,
            "after_horizon": i >= 2,
            "flow": flow,
            "mean": float(values[i]),
        }
        for flow, values in flows.items()
        for i, year in enumerate(years)
    ]
    return SimpleNamespace(tables={"deferred_vesting": pd.DataFrame(rows)})


def test_rows_by_year_mark_the_years_after_the_horizon():
    rows = vesting_rows(_run(), "deferred")
    assert rows["year"].tolist() == [
        "2026",
        "2027",
        "2028 (after the horizon)",
        "2029 (after the horizon)",
        "2030 (after the horizon)",
        "2031 (after the horizon)",
    ]
    assert rows["Forfeited on exit"].tolist() == [0, 18_000, 0, 0, 0, 0]
    assert rows["Vesting"].tolist() == [0, 0, 0, 1_200, 2_400, 2_400]


def test_sentence_and_html_name_earned_forfeited_and_vesting_later():
    rows = vesting_rows(_run(), "deferred")
    sentence = vesting_sentence(rows, "CNY")
    assert "earns 24,000 CNY" in sentence
    assert "18,000 CNY is forfeited" in sentence
    assert "6,000 CNY vests after the horizon" in sentence
    html = vesting_html(_run(), "deferred", "CNY", title="Deferred plan")
    assert "<h3>Deferred pay by year, Deferred plan" in html
    assert "2031 (after the horizon)" in html and "2,400" in html


def test_nothing_for_a_plan_without_a_deferred_bonus():
    assert vesting_html(_run(), "other", "CNY", title="Other") == ""
    assert vesting_html(SimpleNamespace(tables={}), "other", "CNY", title="Other") == ""


def test_elements_are_named_without_the_component_prefix():
    assert set(vesting_rows(_run(), "deferred")["element"]) == {"equity"}
