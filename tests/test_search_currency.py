"""Sweeps and searches speak the plan's currency: their charts and words said CNY
whatever the baseline's `currency` (a EUR plan's sweep read 'total_pay rises by 697,153 CNY')."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import yaml

from salesperf_model.present import search_words
from salesperf_model.present.charts.search import sweep_frontier_chart, sweep_parameter_chart
from salesperf_model.search import optimize, sweep

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"simulations": 3, "reps": 40, "periods": 6, "seed": 11}
RATE = "pay.commission.tiers.0.rate"


def _euro_plan(folder: Path) -> Path:
    plan = folder / "euro.yaml"
    baseline = ROOT / "scenarios" / "baseline.yaml"
    plan.write_text(f"extends: {baseline}\nname: Euro plan\ncurrency: EUR\n", encoding="utf-8")
    return plan


def _texts(figure) -> str:
    texts = [figure._suptitle.get_text()] if figure._suptitle else []
    for ax in figure.axes:
        texts += [ax.get_xlabel(), ax.get_ylabel()]
    plt.close(figure)
    return " ".join(" | ".join(texts).split())  # the headline is wrapped over lines


def test_a_euro_sweep_draws_its_charts_in_euros(tmp_path):
    grid = tmp_path / "grid.yaml"
    document = {
        "parameters": {RATE: {"values": [0.03, 0.06]}},
        "fixed": {"behaviour.enabled": False},
        "sizes": SMALL,
    }
    grid.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = sweep(_euro_plan(tmp_path), grid)
    assert result.currency == "EUR"
    line = result.table.groupby(RATE)["total_pay_diff"].mean()
    rise = f"{line.iloc[-1] - line.iloc[0]:,.0f} EUR"
    words = _texts(sweep_parameter_chart(result.table, RATE, currency=result.currency))
    assert f"total_pay rises by {rise}" in words and "Total pay vs baseline (EUR)" in words
    words = _texts(sweep_frontier_chart(result.table, currency=result.currency))
    assert "(EUR)" in words and "CNY" not in words


def test_a_euro_search_reports_its_money_in_euros(tmp_path):
    search = tmp_path / "search.yaml"
    document = {
        "objective": {"metric": "merit_alignment_pay"},
        "parameters": {RATE: {"low": 0.02, "high": 0.04, "step": 0.01}},
        "fixed": {"behaviour.enabled": False},
        "budget": {"evaluations": 3},
        "fit": SMALL,
        "check": {**SMALL, "seed": 12},
    }
    search.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = optimize(_euro_plan(tmp_path), search)
    assert result.currency == "EUR"
    table = search_words.winner_table(result)
    assert "Total pay (EUR)" in list(table["Figure"])
    sentences = " ".join(search_words.search_sentences(result))
    assert "CNY" not in sentences and "CNY" not in table.to_string()
