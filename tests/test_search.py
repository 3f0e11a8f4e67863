"""Sweeps and the constrained optimizer (issue 13): hand-checkable sweep values, bad GRID and
SEARCH files refused with file, key and value, budgets, conflicts and the winner file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from salesperf_model.engine import run_plan
from salesperf_model.loading import ScenarioError, load_scenario
from salesperf_model.schema.search import Constraint, SearchSpec, SweepGrid
from salesperf_model.search import design_points, load_spec, optimize, sweep
from salesperf_model.search.constraints import conflicts
from salesperf_model.search.evaluate import Evaluator
from salesperf_model.search.points import point_loader, round_to_step, simulation_reason
from salesperf_model.search.report import write_search_outputs

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
SMALL = {"simulations": 4, "reps": 60, "periods": 6, "seed": 11}
RATE = "pay.commission.tiers.1.rate"


def _write(path: Path, document: dict) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rate_sweep(tmp_path_factory):
    grid = _write(
        tmp_path_factory.mktemp("grid") / "rates.yaml",
        {
            "fixed": {"behaviour.enabled": False},
            "parameters": {RATE: {"values": [0.03, 0.04, 0.05, 0.06]}},
            "sizes": SMALL,
        },
    )
    return sweep(BASELINE, grid), grid


def test_a_rate_sweep_costs_what_the_rate_adds_linearly(rate_sweep):
    result, _grid = rate_sweep
    table = result.table.set_index(RATE)
    assert list(table["evaluation"]) == ["re-paid"] * 4
    diff = table["total_pay_diff"]
    assert diff[0.04] == 0.0  # the baseline's own rate: no difference
    step = diff[0.05]
    assert step > 0
    # the 100-120% tier pays rate x the same revenue: each 1-point step costs the same,
    # up to a cent per rep, month and simulation of rounding
    cents = 0.01 * SMALL["reps"] * SMALL["periods"]
    assert abs(diff[0.03] + step) <= cents
    assert abs(diff[0.06] - 2 * step) <= cents
    # the paired interval holds the difference
    assert (table["total_pay_diff_low"] <= diff + 1e-9).all()
    assert (table["total_pay_diff_high"] >= diff - 1e-9).all()
    assert table["fixed_pay_diff"].abs().max() == 0.0  # the rate moves no base pay


def test_a_sweep_point_is_the_plan_set_through_the_loader(rate_sweep):
    result, _grid = rate_sweep
    baseline = load_scenario(BASELINE, ["behaviour.enabled=false"])
    evaluator = Evaluator(baseline, **SMALL)
    plan = load_scenario(BASELINE, ["behaviour.enabled=false", f"{RATE}=0.05"])
    direct = run_plan(evaluator.outcomes, plan).total_pay().sum(axis=(1, 2)).mean()
    row = result.table.set_index(RATE).loc[0.05]
    assert row["total_pay"] == pytest.approx(direct, rel=1e-12)
    assert row["share_losing_over_5pct"] == 0.0  # a higher rate moves nobody down


def test_a_swept_budget_is_the_plan_s_own_budget():
    # over-budget chance was measured against the baseline's 12% at every budget
    baseline = load_scenario(BASELINE, ["behaviour.enabled=false"])
    evaluator = Evaluator(baseline, **SMALL)
    ratio = evaluator.baseline_draws["cost_of_sales_collected"].to_numpy()
    middle = float(np.median(ratio))  # two of the four simulations above, two below
    over = {}
    for budget in (0.05, middle, 0.5):
        plan = load_scenario(
            BASELINE, ["behaviour.enabled=false", f"budget.cost_of_sales={budget}"]
        )
        draws = evaluator.evaluate(plan, simulate=False)
        over[budget] = draws["over_budget_cost_of_sales"].mean()
    assert over == {0.05: 1.0, middle: 0.5, 0.5: 0.0}


def test_which_points_are_re_paid_and_which_simulated():
    on = load_scenario(BASELINE)
    off = load_scenario(BASELINE, ["behaviour.enabled=false"])
    assert simulation_reason({RATE: 0.05}, off)[0] == "re-paid"
    assert simulation_reason({RATE: 0.05}, on)[0] == "simulated"
    how, why = simulation_reason({"population.big_account_share": 0.2}, off)
    assert how == "simulated" and "population" in why
    assert simulation_reason({"budget.cost_of_sales": 0.1}, on)[0] == "re-paid"


def test_an_unknown_path_is_refused_naming_grid_file_key_value_and_closest(tmp_path):
    grid = _write(
        tmp_path / "bad.yaml",
        {"parameters": {"pay.commision.tiers.1.rate": {"values": [0.05]}}},
    )
    with pytest.raises(ScenarioError) as caught:
        sweep(BASELINE, grid)
    text = str(caught.value)
    assert str(grid) in text
    assert "parameters.pay.commision.tiers.1.rate" in text
    assert "0.05" in text
    assert "did you mean 'parameters.pay.commission.tiers.1.rate'" in text
    assert f"{grid}:2" in text  # the line of the key in the GRID file


def test_a_value_outside_the_schema_is_refused_naming_key_and_value(tmp_path):
    grid = _write(
        tmp_path / "bad.yaml", {"parameters": {RATE: {"low": 0.04, "high": 1.5, "step": 0.5}}}
    )
    with pytest.raises(ScenarioError) as caught:
        sweep(BASELINE, grid)
    text = str(caught.value)
    assert f"parameters.{RATE}" in text and "1.5" in text and str(grid) in text


def test_a_malformed_grid_file_is_refused_with_file_line_and_key(tmp_path):
    grid = _write(
        tmp_path / "bad.yaml",
        {"design": "latin", "parameters": {RATE: {"values": [0.05]}}},
    )
    with pytest.raises(ScenarioError) as caught:
        load_spec(grid, SweepGrid)
    text = str(caught.value)
    assert f"{grid}:1" in text and "design" in text and "'latin'" in text


def test_a_latin_hypercube_stays_in_bounds_on_the_step_grid():
    grid = SweepGrid(
        design="latin_hypercube",
        samples=50,
        parameters={
            RATE: {"low": 0.03, "high": 0.08, "step": 0.005},
            "x.y": {"low": 1000, "high": 5000, "step": 500},
        },
    )
    points = design_points(grid)
    assert len(points) == 50
    rates = np.array([p[RATE] for p in points])
    assert rates.min() >= 0.03 and rates.max() <= 0.08
    assert np.allclose(np.round((rates - 0.03) / 0.005), (rates - 0.03) / 0.005)
    money = [p["x.y"] for p in points]
    assert all(isinstance(v, int) and v % 500 == 0 and 1000 <= v <= 5000 for v in money)
    # a latin hypercube: each fifth of the range holds a fifth of the points (+- rounding)
    counts = np.histogram(money, bins=[1000, 1800, 2600, 3400, 4200, 5001])[0]
    assert counts.min() >= 5


def test_money_is_rounded_to_the_step():
    spec = SweepGrid(parameters={"a": {"low": 1000, "high": 4000, "step": 500}}).parameters["a"]
    assert round_to_step(2740.0, spec) == 2500 and isinstance(round_to_step(2740.0, spec), int)
    assert round_to_step(9999.0, spec) == 4000


def test_whole_bounds_with_a_count_of_steps_keep_the_fractions():
    # steps: 5 from 1 to 2 gave 1, 1, 2, 2, 2 (whole bounds rounded every value)
    grid = SweepGrid(
        parameters={"pay.commission.cap_attainment": {"low": 1, "high": 2, "steps": 5}}
    )
    values = [p["pay.commission.cap_attainment"] for p in design_points(grid)]
    assert values == [1.0, 1.25, 1.5, 1.75, 2.0]


def test_a_latin_hypercube_without_a_step_draws_one_value_per_stratum():
    # from 1 to 3 it gave 1, 3, 1, 2, 2, 3: six draws rounded to three whole numbers
    grid = SweepGrid(
        design="latin_hypercube",
        samples=6,
        sample_seed=1,
        parameters={"pay.commission.cap_attainment": {"low": 1, "high": 3}},
    )
    values = sorted(p["pay.commission.cap_attainment"] for p in design_points(grid))
    strata = [int((v - 1) / (2 / 6)) for v in values]
    assert strata == [0, 1, 2, 3, 4, 5]  # one value in each sixth of 1..3


def test_a_whole_number_field_stays_whole_however_it_is_stepped():
    # top-N n is a count: 1 to 5 in 3 values is 1, 3, 5; 1 to 3 in 5 values is 1, 2, 3 once each
    n = "pay.bonuses.new_customer_award.n"
    values = [
        p[n] for p in design_points(SweepGrid(parameters={n: {"low": 1, "high": 5, "steps": 3}}))
    ]
    assert values == [1, 3, 5] and all(isinstance(v, int) for v in values)
    values = [
        p[n] for p in design_points(SweepGrid(parameters={n: {"low": 1, "high": 3, "steps": 5}}))
    ]
    assert values == [1, 2, 3]


def _search_file(tmp_path: Path, **changes) -> Path:
    document = {
        "objective": {"metric": "merit_alignment_pay"},
        "constraints": [{"metric": "share_losing_over_5pct", "at_most": 0.5}],
        "parameters": {
            "pay.commission.tiers.0.rate": {"low": 0.02, "high": 0.04, "step": 0.005},
            "pay.bonuses.target_bonus.target_amount.default": {
                "low": 1000,
                "high": 3000,
                "step": 1000,
            },
        },
        "fixed": {"behaviour.enabled": False},
        "budget": {"evaluations": 6},
        "fit": {**SMALL, "seed": 5},
        "check": {**SMALL, "seed": 6},
        **changes,
    }
    return _write(tmp_path / "search.yaml", document)


@pytest.fixture(scope="module")
def small_search(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    search = _search_file(folder)
    return optimize(BASELINE, search), search, folder


def test_a_budget_limited_search_returns_the_best_feasible_plan_so_far(small_search):
    result, _search, _folder = small_search
    table = result.evaluations
    assert len(table) == 6 and result.stopped == "evaluation budget reached (6 plans)"
    feasible = table[table["feasible"]]
    assert result.winner == feasible["objective"].idxmax()
    assert result.winner is not None
    assert table.loc[result.winner, "objective"] == feasible["objective"].max()
    assert not result.behaviour and "re-paid" in result.how
    # reported on fresh simulations: the check's baseline is not the fit's
    fit = Evaluator(result.loader.baseline, **{**SMALL, "seed": 5}).baseline_draws
    assert result.check.loc["baseline", "total_pay"] != pytest.approx(fit["total_pay"].mean())


def test_the_winner_file_loads_and_reproduces_its_figures(small_search):
    result, search, folder = small_search
    out = folder / "out"
    path = write_search_outputs(result, out, scenario=BASELINE, search=search)
    assert path is not None
    text = path.read_text()
    assert text.startswith("# Found by `salesperf optimize") and "What changed" in text
    winner = load_scenario(path)
    assert winner.extends is None or "baseline.yaml" in str(winner.extends)
    baseline = result.loader.baseline
    evaluator = Evaluator(baseline, **{**SMALL, "seed": 6})
    draws = evaluator.evaluate(winner, simulate=False)
    check = pd.read_csv(out / "check.csv", index_col="plan")
    assert draws["total_pay"].mean() == pytest.approx(check.loc["winner", "total_pay"], rel=1e-12)
    assert draws["merit_alignment_pay"].mean() == pytest.approx(
        check.loc["winner", "merit_alignment_pay"], rel=1e-12
    )
    assert len(pd.read_csv(out / "evaluations.csv")) == len(result.evaluations)


def test_a_search_without_a_winner_leaves_no_earlier_check_or_winner(small_search):
    # the earlier run's check.csv (baseline, winner, runner-up rows) stayed beside a
    # search.json saying "winner": null
    result, search, folder = small_search
    out = folder / "stale"
    write_search_outputs(result, out, scenario=BASELINE, search=search)
    assert (out / "check.csv").exists() and (out / "winner.yaml").exists()
    none = dataclasses.replace(result, winner=None, runner_up=None, check=pd.DataFrame())
    assert write_search_outputs(none, out, scenario=BASELINE, search=search) is None
    assert sorted(p.name for p in out.iterdir()) == ["evaluations.csv", "search.json"]


def _failing_on_check(result):
    """The search's result with its winner over the constraint on the check simulations:
    share losing over 5% 0.62 there, against at most 0.5."""
    check = result.check.copy()
    check.loc["winner", ["c0_value", "c0_met"]] = [0.62, False]
    return dataclasses.replace(result, check=check)


def test_a_winner_failing_a_constraint_on_the_check_is_said_loudly(
    small_search, monkeypatch, capsys
):
    # the command printed the winner and exited 0; search.json had no word of the check
    import salesperf_model.search
    from salesperf_model import cli

    result, search, folder = small_search
    monkeypatch.setattr(
        salesperf_model.search, "optimize", lambda *a, **k: _failing_on_check(result)
    )
    out = folder / "failing"
    assert cli.main(["optimize", str(BASELINE), str(search), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert (
        "the winner fails share_losing_over_5pct <= 0.5 on average on the fresh check simulations: 0.62"
        in err
    )
    assert "only on the simulations it was found on" in err
    summary = json.loads((out / "search.json").read_text())
    assert summary["check"]["winner"] == [
        {"constraint": "share_losing_over_5pct <= 0.5 on average", "value": 0.62, "met": False}
    ]
    assert summary["winner_meets_constraints_on_check"] is False
    assert "only on the simulations it was found on" in (out / "winner.yaml").read_text()


AWARD = "pay.bonuses.satisfaction_award.amount"


@pytest.fixture(scope="module")
def tied_search(tmp_path_factory):
    # satisfaction awards of 4,000 to 5,500 CNY give the same merit alignment (0.3418) on
    # these simulations: the search started at 5,500 and named it, the dearest of four ties
    folder = tmp_path_factory.mktemp("tied")
    small = {"simulations": 3, "reps": 60, "periods": 6}
    search = _search_file(
        folder,
        constraints=[{"metric": "cost_of_sales_collected", "at_most": 0.2}],
        parameters={AWARD: {"low": 4000, "high": 5500, "step": 500}},
        fixed={"behaviour.enabled": False, AWARD: 5500},
        budget={"evaluations": 20},
        fit={**small, "seed": 5},
        check={**small, "seed": 6},
    )
    return optimize(BASELINE, search), search, folder


def test_exact_ties_on_the_objective_go_to_the_plan_that_costs_less(tied_search):
    result, _search, _folder = tied_search
    table = result.evaluations
    assert (table["objective"] == table["objective"].max()).sum() == 4
    assert result.point(result.winner) == {AWARD: 4000}
    assert result.point(result.runner_up) == {AWARD: 4500}


def test_a_winner_tied_with_the_runner_up_on_the_check_is_said_to_be_tied(
    tied_search, monkeypatch, capsys
):
    # nothing said the winner and the runner-up were indistinguishable on fresh simulations
    import salesperf_model.search
    from salesperf_model import cli

    result, search, folder = tied_search
    gap = result.runner_up_gap  # winner minus runner-up, paired on the check simulations
    assert gap["merit_alignment_pay"] == 0.0  # the same ranks in every simulation
    assert gap["merit_alignment_pay_low"] == 0.0 == gap["merit_alignment_pay_high"]
    check = result.check
    assert gap["total_pay"] == pytest.approx(
        check.loc["winner", "total_pay"] - check.loc["runner-up", "total_pay"], rel=1e-12
    )
    assert gap["total_pay"] < 0  # 500 CNY less per award paid
    assert result.tied_with_runner_up
    monkeypatch.setattr(salesperf_model.search, "optimize", lambda *a, **k: result)
    out = folder / "out"
    assert cli.main(["optimize", str(BASELINE), str(search), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert (
        "tied: the winner and the runner-up are tied on merit_alignment_pay on the fresh "
        "check simulations (winner minus runner-up +0, 95% interval +0 to +0); the winner "
        f"costs {-gap['total_pay']:,.0f} less in total pay" in printed
    )
    summary = json.loads((out / "search.json").read_text())
    assert summary["tied_with_runner_up"] is True
    assert summary["runner_up_gap"]["merit_alignment_pay"] == 0.0


def test_an_unmeetable_constraint_is_named(tmp_path):
    search = _search_file(
        tmp_path,
        constraints=[{"metric": "total_pay", "at_most": 1.0}],
        budget={"evaluations": 3},
    )
    result = optimize(BASELINE, search)
    assert result.winner is None
    assert result.conflicts[0].startswith("no evaluated plan met total_pay <= 1 on average")


def test_a_constraint_no_plan_met_says_how_close_the_best_came():
    # a probability constraint reads the share of simulations within the limit (higher is
    # closer); a band reads the mean nearest it, from either side
    constraints = [
        Constraint(metric="cost_of_sales_collected", at_most=0.12, probability=0.8),
        Constraint(metric="gender_pay_gap_mean", at_least=-5, at_most=5),
        Constraint(metric="total_pay", at_most=100.0),
    ]
    table = pd.DataFrame(
        {
            "c0_value": [0.1, 0.6, np.nan],
            "c0_met": [False, False, False],
            "c1_value": [-9.0, -6.0, 7.5],
            "c1_met": [False, False, False],
            "c2_value": [130.0, 120.0, 150.0],
            "c2_met": [False, False, False],
        }
    )
    assert conflicts(table, constraints) == [
        "no evaluated plan met cost_of_sales_collected <= 0.12 in 80% of simulations "
        "(at best met in 60% of simulations)",
        "no evaluated plan met gender_pay_gap_mean between -5 and 5 on average (closest: -6)",
        "no evaluated plan met total_pay <= 100 on average (closest: 120)",
    ]


def test_conflicting_constraints_are_named_in_pairs():
    constraints = [
        Constraint(metric="total_pay", at_most=100.0),
        Constraint(metric="merit_alignment_pay", at_least=0.5),
    ]
    table = pd.DataFrame(
        {
            "c0_value": [90.0, 120.0],
            "c0_met": [True, False],
            "c1_value": [0.4, 0.6],
            "c1_met": [False, True],
        }
    )
    found = conflicts(table, constraints)
    assert found == [
        "total_pay <= 100 on average (1 plans) and merit_alignment_pay >= 0.5 on average "
        "(1 plans) were never met together"
    ]


def test_a_time_budget_still_evaluates_one_plan(tmp_path):
    search = _search_file(tmp_path, budget={"evaluations": 50, "seconds": 0.001})
    result = optimize(BASELINE, search)
    assert len(result.evaluations) == 1 and result.stopped.startswith("time budget reached")


def test_a_search_file_naming_an_unknown_metric_is_refused(tmp_path):
    search = _search_file(tmp_path, objective={"metric": "merit_alignment_pya"})
    with pytest.raises(ScenarioError) as caught:
        optimize(BASELINE, search)
    text = str(caught.value)
    assert str(search) in text and "objective.metric" in text
    assert "'merit_alignment_pya'" in text and "merit_alignment_pay" in text


def test_a_search_parameter_without_a_step_is_refused(tmp_path):
    search = _search_file(tmp_path, parameters={RATE: {"low": 0.03, "high": 0.05}})
    with pytest.raises(ScenarioError) as caught:
        load_spec(search, SearchSpec)
    assert "need a step" in str(caught.value) and str(search) in str(caught.value)


def test_under_behaviour_every_candidate_is_simulated_and_said_so(tmp_path):
    search = _search_file(tmp_path, fixed={}, budget={"evaluations": 2})
    result = optimize(BASELINE, search)
    assert result.behaviour and "under the behaviour model" in result.how
    loader = point_loader(BASELINE, search, load_spec(search, SearchSpec))
    assert all(
        simulation_reason(result.point(i), loader.baseline)[0] == "simulated"
        for i in result.evaluations.index
    )


def test_forked_processes_give_the_same_rows(rate_sweep):
    result, grid = rate_sweep
    parallel = sweep(BASELINE, grid, workers=2)
    pd.testing.assert_frame_equal(parallel.table, result.table)


def test_the_sweep_command_writes_the_table_and_charts(rate_sweep, tmp_path, capsys):
    from salesperf_model import cli

    _result, grid = rate_sweep
    out = tmp_path / "out"
    assert cli.main(["sweep", str(BASELINE), str(grid), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["frontier.png", "parameter_0.png", "sweep.csv"]
    table = pd.read_csv(out / "sweep.csv")
    assert len(table) == 4 and {"total_pay_diff_low", "why"} <= set(table.columns)
    assert "4 points (4 re-paid)" in capsys.readouterr().out


def test_the_sweep_command_refuses_a_bad_grid_with_exit_1(tmp_path, capsys):
    from salesperf_model import cli

    grid = _write(tmp_path / "bad.yaml", {"parameters": {"pay.nope": {"values": [1]}}})
    assert cli.main(["sweep", str(BASELINE), str(grid), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert f"FAIL {grid}" in err and "parameters.pay.nope" in err
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_search_figures_never_read_minus_zero():
    from salesperf_model.present.search_words import _number

    assert _number("total_pay", -0.3, signed=True) == "0"
    assert _number("share_losing_over_5pct", -0.0001, signed=True) == "0.0 points"
    assert _number("share_losing_over_5pct", 0.2, signed=True) == "+20.0 points"
    assert _number("merit_alignment_pay", -0.0004, signed=True) == "0.000"
    assert _number("base_pay_share", 0.381) == "38.1%"


def test_an_oversized_grid_is_refused_from_its_counts_before_it_is_built(
    tmp_path, capsys, monkeypatch
):
    # three rates in steps of 0.00001 over 0.02: 2,001 values each, 2,001^3 = 8,012,006,001
    # points; the whole product was listed first and ran out of memory
    from salesperf_model import cli
    from salesperf_model.search import points

    def never(*_args):
        raise AssertionError("the product of the values was built")

    monkeypatch.setattr(points.itertools, "product", never)
    rates = {
        f"pay.commission.tiers.{i}.rate": {"low": low, "high": low + 0.02, "step": 0.00001}
        for i, low in enumerate((0.02, 0.03, 0.04))
    }
    grid = _write(tmp_path / "huge.yaml", {"parameters": rates, "sizes": SMALL})
    assert cli.main(["sweep", str(BASELINE), str(grid), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert f"FAIL {grid}" in err and "max_points" in err
    assert "8,012,006,001 points" in err and "more than max_points 5,000" in err
    assert "2,001 values of pay.commission.tiers.0.rate" in err
    assert "2,001 of pay.commission.tiers.2.rate" in err
