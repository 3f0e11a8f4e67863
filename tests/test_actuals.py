"""Tests for the CRM import: a hand-made export with one of each problem, and the Maven data."""

from __future__ import annotations

import typing
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from salesperf_model.actuals import (
    ActualsMapping,
    ActualsValidationError,
    kpi_coverage,
    load_actuals,
    load_mapping,
    resolve_data_dir,
)
from salesperf_model.loading import ScenarioError
from salesperf_model.measure import keep_whole, keep_whole_summary, pay_per_rep
from salesperf_model.outcomes import read_outcomes_csv

REPO = Path(__file__).resolve().parents[1]
MAVEN_MAPPING = REPO / "mappings" / "maven_crm.yaml"
MAVEN_DATA = REPO / "tests" / "data" / "maven_crm"

PIPELINE = """id,agent,product,account,stage,engage,close,value
1,Ann,Widget,Acme,Won,2024-01-05,2024-01-20,100
2,Ann,Widgt,Acme,Won,2024-01-10,2024-02-03,150
3,Bob,Gadget,Beta,Won,2024-02-01,2024-02-15,1000
4,Bob,Gadget,Acme,Lost,2024-02-01,2024-03-01,0
5,Cat,Gadget,,Engaging,2024-03-02,,
6,Cat,Widget,Gamma,Prospecting,,,
7,Eve,Widget,Gamma,Won,2024-02-10,2024-03-10,200
8,Ann,Widget,Acme,Won,2024-03-01,,
9,Bob,Widget,Beta,Won,2024-03-01,2024-03-05,-50
1,Ann,Widget,Acme,Won,2024-01-05,2024-01-20,999
10,Ann,Widget,Zeta,Won,2023-12-01,2024-03-20,300
11,Cat,Gizmo,Beta,Won,2024-03-25,2024-03-28,500
12,Ann,Widget,Acme,Won,2024-03-15,2024-03-30,120
13,Bob,Widget,Beta,Won,2024-02-01,2099-02-01,70
"""
TEAMS = "rep,manager,office\nAnn,Mia,North\nBob,Mia,North\nCat,Max,South\nDan,Max,South\n"
ACCOUNTS = (
    "account,sector,revenue,staff\nAcme,tech,1000,50\nBeta,retail,10,5\nGamma,tecnology,500,20\n"
)
PRODUCTS = "product,price\nWidget,100\nGadget,1000\n"


def tiny_mapping(**overrides) -> dict:
    mapping = {
        "name": "tiny",
        "opportunities": {
            "file": "pipeline.csv",
            "columns": {
                "opportunity_id": "id",
                "rep": "agent",
                "stage": "stage",
                "engage_date": "engage",
                "close_date": "close",
                "amount": "value",
                "account": "account",
                "product": "product",
            },
            "stages": {
                "won": ["Won"],
                "lost": ["Lost"],
                "negotiation": ["Engaging"],
                "prospecting": ["Prospecting"],
            },
        },
        "teams": {
            "file": "teams.csv",
            "columns": {"rep": "rep", "team": "manager", "region": "office"},
        },
        "accounts": {
            "file": "accounts.csv",
            "columns": {
                "account": "account",
                "sector": "sector",
                "revenue": "revenue",
                "employees": "staff",
            },
        },
        "products": {
            "file": "products.csv",
            "columns": {"product": "product", "list_price": "price"},
        },
        "aliases": {"product": {"Widgt": "Widget"}, "sector": {"tecnology": "tech"}},
        "big_account": {"by": "revenue", "threshold": 400},
        "region_tiers": {"South": 3},
        "quota": {"rule": "team_prior_share", "growth": 0.1, "lookback_months": 1},
        "valid_from": "2023-01-01",
        "valid_to": "2024-12-31",
        "currency": "CNY",
    }
    mapping.update(overrides)
    return mapping


@pytest.fixture
def tiny(tmp_path: Path):
    """Write the tiny export and return a function loading it with mapping overrides."""
    for name, text in {
        "pipeline.csv": PIPELINE,
        "teams.csv": TEAMS,
        "accounts.csv": ACCOUNTS,
        "products.csv": PRODUCTS,
    }.items():
        (tmp_path / name).write_text(text)

    def load(**kwargs):
        overrides = kwargs.pop("mapping", {})
        path = tmp_path / "tiny.yaml"
        path.write_text(yaml.safe_dump(tiny_mapping(**overrides)))
        # the tiny export leaves out won rows on purpose (one of each problem): read it
        # leniently unless a test asks for the default refusal
        kwargs.setdefault("lenient", True)
        return load_actuals(path, **kwargs)

    return load


def measure(outcomes, name: str) -> dict[str, list[float]]:
    values = outcomes.get(name)[0]
    return {rep: values[i].tolist() for i, rep in enumerate(outcomes.reps["rep_id"])}


def test_tiny_export_rep_table_keeps_reps_without_deals_and_flags_absent_ones(tiny):
    outcomes, _ = tiny()
    reps = outcomes.reps.set_index("rep_id")
    assert list(reps.index) == ["Ann", "Bob", "Cat", "Dan", "Eve"]
    assert reps.loc["Dan", "team"] == "Max" and reps.loc["Dan", "region"] == "South"
    assert reps.loc["Cat", "region_tier"] == 3 and reps.loc["Ann", "region_tier"] == 1
    assert reps.loc["Eve", "team"] == "(unassigned)"
    assert set(reps["role"]) == {"new_business"} and set(reps["group"]) == {""}
    assert outcomes.periods == ["2024-01", "2024-02", "2024-03"]
    assert outcomes.shape == (1, 5, 3) and outcomes.truth is None and outcomes.source == "actuals"


def test_tiny_export_hand_computed_outcomes(tiny):
    outcomes, _ = tiny()
    zero = [0.0, 0.0, 0.0]
    assert measure(outcomes, "deals_won") == {
        "Ann": [1, 1, 2],
        "Bob": [0, 1, 0],
        "Cat": [0, 0, 1],
        "Dan": zero,
        "Eve": [0, 0, 1],
    }
    assert measure(outcomes, "deals_lost")["Bob"] == [0, 0, 1]
    # Company scope: Acme (Ann, Jan), Beta (Bob, Feb), Gamma (Eve, Mar), Zeta (Ann, Mar).
    assert measure(outcomes, "revenue_booked_new") == {
        "Ann": [100, 0, 300],
        "Bob": [0, 1000, 0],
        "Cat": zero,
        "Dan": zero,
        "Eve": [0, 0, 200],
    }
    assert measure(outcomes, "revenue_booked_existing")["Ann"] == [0, 150, 120]
    assert measure(outcomes, "revenue_booked_existing")["Cat"] == [0, 0, 500]
    assert measure(outcomes, "new_customers")["Ann"] == [1, 0, 1]
    # Big = revenue >= 400: Acme and Gamma; Zeta is unknown, so not big.
    assert measure(outcomes, "revenue_booked_big")["Ann"] == [100, 150, 120]
    assert measure(outcomes, "revenue_booked_big")["Eve"] == [0, 0, 200]
    assert measure(outcomes, "existing_customers")["Ann"] == [0, 1, 1]
    assert measure(outcomes, "existing_customers")["Bob"] == [0, 0, 1]
    assert measure(outcomes, "repeat_customers")["Ann"] == [0, 1, 1]
    assert measure(outcomes, "new_segments")["Eve"] == [0, 0, 1]  # Gamma's 'tecnology' = tech
    assert measure(outcomes, "leads_negotiation") == {
        "Ann": [2, 0, 1],
        "Bob": [0, 2, 0],
        "Cat": [0, 0, 2],
        "Dan": zero,
        "Eve": [0, 1, 0],
    }
    assert measure(outcomes, "leads_prospecting")["Cat"] == [0, 0, 3]  # + the undated prospect
    np.testing.assert_array_equal(outcomes.get("revenue_collected"), outcomes.get("revenue_booked"))


def test_tiny_export_quota_is_team_prior_share_with_growth(tiny):
    outcomes, report = tiny()
    # Team Mia (Ann, Bob) books 100, 1150, 420: per head 50, 575, 210. Lookback 1 month;
    # the first month has no prior and uses itself. Growth 10%.
    np.testing.assert_allclose(measure(outcomes, "quota")["Bob"], [55, 55, 632.5])
    assert measure(outcomes, "quota")["Dan"] == [0, 0, 0]
    assert any("Quota is zero for" in a for a in report.assumptions)


def test_tiny_export_collection_lag_shifts_cash(tiny):
    outcomes, _ = tiny(mapping={"collection_lag_months": 1})
    assert measure(outcomes, "revenue_collected_new")["Bob"] == [0, 0, 1000]
    assert measure(outcomes, "receivable")["Ann"] == [0, 100, 150]


@pytest.mark.parametrize("lag", [3, 4, 12])
def test_collection_lag_past_the_window_collects_nothing_inside_it(tiny, lag):
    outcomes, _ = tiny(mapping={"collection_lag_months": lag})  # the window is 3 months
    assert outcomes.get("receivable").sum() == 0
    assert outcomes.get("revenue_booked_new").sum() > 0


def test_tiny_export_rep_scope_new_business(tiny):
    outcomes, _ = tiny(mapping={"new_customer_scope": "rep"})
    # Cat's first win with Beta is new for Cat under rep scope.
    assert measure(outcomes, "revenue_booked_new")["Cat"] == [0, 0, 500]
    assert measure(outcomes, "new_customers")["Cat"] == [0, 0, 1]


def test_tiny_export_reports_every_problem_with_rows(tiny):
    _, report = tiny()
    found = {row.problem: (row.rows, row.severity) for row in report.problems.itertuples()}
    expected = {
        "opportunity id repeated with other values than the row kept (line 11, dropped, "
        "differs from line 2, kept, on value ('999' vs '100'))": ([9], "error"),
        "product 'Widgt' is a declared variant of 'Widget'": ([1], "fixed"),
        "product not in the product table": ([11], "warning"),
        "blank account on an open deal": ([4], "note"),
        "account not in the account table": ([10], "warning"),
        "won or lost deal without a close date": ([7], "error"),
        "won deal without a value": ([7], "error"),
        "negative amount": ([8], "error"),
        "rep absent from the team table": ([6], "warning"),
        "engaged before the first period 2024-01": ([10], "note"),
        "open prospecting deal without any date": ([5], "note"),
        "rep with no deals at all": ([3], "note"),
        "sector 'tecnology' is a declared variant of 'tech'": ([2], "fixed"),
        "date outside the valid range 2023-01-01..2024-12-31": ([13], "error"),
    }
    assert found == expected
    assert report.counts["deals_kept"] == 10 and report.counts["opportunity_rows"] == 14
    assert list(report.problems.columns[:6]) == [
        "table",
        "problem",
        "severity",
        "column",
        "count",
        "rows",
    ]


def test_strict_mode_refuses_and_carries_the_report(tiny):
    with pytest.raises(ActualsValidationError, match="negative amount") as caught:
        tiny(strict=True)
    assert caught.value.report.problems["problem"].str.startswith("opportunity id repeated").any()


def test_quota_override_file_and_number(tiny, tmp_path):
    outcomes, _ = tiny(quotas=250.0)
    assert np.all(outcomes.get("quota") == 250.0)
    rows = [
        (rep, month, 100.0 * (i + 1))
        for i, rep in enumerate(["Ann", "Bob", "Cat", "Dan", "Eve"])
        for month in ["2024-01", "2024-02", "2024-03"]
    ]
    pd.DataFrame(rows, columns=["rep_id", "period", "quota"]).to_csv(
        tmp_path / "q.csv", index=False
    )
    outcomes, _ = tiny(quotas=tmp_path / "q.csv")
    assert measure(outcomes, "quota")["Cat"] == [300, 300, 300]
    pd.DataFrame(rows[:-1], columns=["rep_id", "period", "quota"]).to_csv(
        tmp_path / "q.csv", index=False
    )
    with pytest.raises(
        ValueError, match=r"no quota for 1 rep-periods, e.g. rep 'Eve' period '2024-03'"
    ):
        tiny(quotas=tmp_path / "q.csv")


def test_a_quota_file_that_repeats_a_row_or_names_others_says_so(tiny, tmp_path):
    """A repeated (rep, period) row was added up (5,000 + 1,000 + 2,000 = 8,000: a lower
    attainment, less commission) and rows for reps or periods outside the import were
    dropped, neither with a word; `--quotas inf` blamed the export."""
    rows = [
        (rep, month, 100.0)
        for rep in ["Ann", "Bob", "Cat", "Dan", "Eve"]
        for month in ["2024-01", "2024-02", "2024-03"]
    ]
    table = pd.DataFrame(rows, columns=["rep_id", "period", "quota"])
    path = tmp_path / "q.csv"
    pd.concat([table, table.iloc[[4]]]).to_csv(path, index=False)
    with pytest.raises(
        ValueError, match=r"rep 'Bob' period '2024-02' has a quota on lines 6, 17; expected one"
    ):
        tiny(quotas=path)
    extra = pd.DataFrame([("Nobody", "2024-01", 5.0)], columns=table.columns)
    pd.concat([table, extra]).to_csv(path, index=False)
    outcomes, report = tiny(quotas=path)
    assert measure(outcomes, "quota")["Bob"] == [100, 100, 100]
    said = " ".join(report.assumptions)
    assert "1 quota rows name a rep or period the import does not hold" in said
    assert "rep 'Nobody' period '2024-01', line 17" in said
    for bad in (float("inf"), float("nan")):
        with pytest.raises(ValueError, match=r"--quotas .*: expected a positive amount"):
            tiny(quotas=bad)
    table.assign(quota=["inf"] + [100.0] * 14).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"q.csv: line 2 .*quota 'inf'; expected a positive"):
        tiny(quotas=path)


def test_mapping_refuses_unknown_keys_and_roles(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(tiny_mapping(quotas={"rule": "fixed"})))
    with pytest.raises(ScenarioError, match=r"bad.yaml:\d+: quotas: unknown key 'quotas'"):
        load_mapping(path)
    path.write_text(yaml.safe_dump(tiny_mapping(role="hunter")))
    with pytest.raises(ScenarioError, match=r"bad.yaml:\d+: role: unknown role 'hunter'"):
        load_mapping(path)
    with pytest.raises(ValueError, match=r"quota\.rule 'fixed' needs quota\.amount"):
        ActualsMapping.model_validate(tiny_mapping(quota={"rule": "fixed"}))
    model = ActualsMapping.model_validate(tiny_mapping())
    with pytest.raises(Exception, match="frozen"):
        model.name = "other"  # type: ignore[misc]


def test_mapping_with_a_duplicate_key_is_refused_naming_both_lines(tmp_path):
    path = tmp_path / "twice.yaml"
    lines = yaml.safe_dump(tiny_mapping(), sort_keys=False).splitlines()
    lines = [line for line in lines if not line.startswith("currency:")]
    lines.insert(1, "currency: EUR")  # line 2
    lines.append("currency: CNY")  # the last line repeats it
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError) as refused:
        load_mapping(path)
    (problem,) = refused.value.problems
    assert problem.path == "currency" and problem.line == len(lines)
    assert f"duplicate key 'currency' (line {len(lines)}; first written on line 2)" in str(
        refused.value
    )
    assert f"twice.yaml:{len(lines)}" in str(refused.value)


def test_misspelt_mapping_key_names_the_closest_key_and_its_line(tmp_path):
    path = tmp_path / "typo.yaml"
    text = yaml.safe_dump(tiny_mapping(), sort_keys=False)
    assert "\n  stages:\n" in text
    path.write_text(text.replace("\n  stages:\n", "\n  stagse:\n"))
    line = text.splitlines().index("  stages:") + 1
    with pytest.raises(ScenarioError) as refused:
        load_mapping(path)
    problems = {p.path: p for p in refused.value.problems}
    typo = problems["opportunities.stagse"]
    assert typo.suggestion == "stages" and typo.line == line
    assert f"typo.yaml:{line}: opportunities.stagse: unknown key 'stagse'" in str(refused.value)
    assert "did you mean 'stages'?" in str(refused.value)


def test_cli_import_reports_a_bad_mapping_with_its_line(tmp_path, capsys):
    from salesperf_model.cli import main

    path = tmp_path / "typo.yaml"
    text = yaml.safe_dump(tiny_mapping(), sort_keys=False)
    path.write_text(text + "rloe: new_business\n")
    line = len(text.splitlines()) + 1
    assert main(["import", str(path), "--out", str(tmp_path / "x.csv")]) == 2
    out = capsys.readouterr().out
    assert f"typo.yaml:{line}: rloe: unknown key 'rloe'" in out and "did you mean 'role'?" in out
    assert not (tmp_path / "x.csv").exists()


def test_every_mapping_field_is_described():
    undescribed = []

    def walk(model):
        for name, info in model.model_fields.items():
            if not info.description:
                undescribed.append(f"{model.__name__}.{name}")
            for inner in (info.annotation, *typing.get_args(info.annotation)):
                if hasattr(inner, "model_fields"):
                    walk(inner)

    walk(ActualsMapping)
    assert undescribed == []


def test_maven_mapping_default_data_dir_is_shared_beside_the_repo():
    mapping = load_mapping(MAVEN_MAPPING)
    expected = (REPO.parent / "shared" / "data" / "maven_crm").resolve()
    assert resolve_data_dir(mapping, MAVEN_MAPPING).resolve() == expected
    assert resolve_data_dir(mapping, MAVEN_MAPPING, MAVEN_DATA) == MAVEN_DATA


@pytest.fixture(scope="module")
def maven():
    return load_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")


def test_maven_counts_match_the_source_notes(maven):
    outcomes, report = maven
    assert report.counts["opportunity_rows"] == 8800
    assert report.counts["open_without_close_date"] == 2089
    assert report.counts["won"] == 4238 and report.counts["lost"] == 2473
    assert outcomes.n_reps == 35 and report.counts["reps_without_deals"] == 5
    assert outcomes.reps["region"].value_counts().to_dict() == {
        "East": 12,
        "West": 12,
        "Central": 11,
    }
    assert outcomes.reps["team"].nunique() == 6
    assert outcomes.periods[0] == "2017-03" and outcomes.periods[-1] == "2017-12"
    problems = report.problems.set_index("problem")["count"]
    assert problems["blank account on an open deal"] == 1425
    assert problems["product 'GTXPro' is a declared variant of 'GTX Pro'"] == 1480
    assert problems["sector 'technolgy' is a declared variant of 'technology'"] == 12
    assert problems["open prospecting deal without any date"] == 500


def test_maven_outcomes_conserve_deals_and_revenue(maven):
    outcomes, _ = maven
    pipeline = pd.read_csv(MAVEN_DATA / "sales_pipeline.csv")
    won = pipeline[pipeline["deal_stage"] == "Won"]
    assert outcomes.get("deals_won").sum() == 4238
    scale = load_mapping(MAVEN_MAPPING).rates["CNY"]
    assert outcomes.get("revenue_booked").sum() == pytest.approx(won["close_value"].sum() * scale)
    assert outcomes.get("new_customers").sum() == won["account"].nunique() == 85
    per_rep = outcomes.get("deals_won")[0].sum(axis=1)
    assert (per_rep == 0).sum() == 5
    big_accounts = pd.read_csv(MAVEN_DATA / "accounts.csv").nlargest(22, "revenue")["account"]
    assert outcomes.get("revenue_booked_big").sum() == pytest.approx(
        won.loc[won["account"].isin(big_accounts), "close_value"].sum() * scale
    )


def test_maven_strict_refuses_the_possible_duplicates(maven):
    with pytest.raises(ActualsValidationError, match="possible duplicate"):
        load_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, strict=True)


def test_maven_measures_present_and_absent(maven):
    outcomes, report = maven
    assert "nps" in report.measures_absent and "visits" in report.measures_absent
    assert "revenue_booked_new" in report.measures_present
    assert "revenue_collected_new" in report.measures_assumed
    assert set(report.measures_present).isdisjoint(report.measures_absent)
    assert np.all(outcomes.get("nps") == 0)
    assert outcomes.meta["measures_absent"] == report.measures_absent


def test_maven_quarterly_periods_sum_the_months(maven):
    monthly, _ = maven
    quarterly, _ = load_actuals(
        MAVEN_MAPPING, data_dir=MAVEN_DATA, period="quarter", currency="CNY"
    )
    assert quarterly.periods == ["2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"]
    np.testing.assert_allclose(
        quarterly.get("revenue_booked")[0].sum(axis=1), monthly.get("revenue_booked")[0].sum(axis=1)
    )
    assert quarterly.get("deals_won")[0, :, 0].sum() == 531  # March 2017 only
    assert any("2017-Q1 holds only 1 of 3 months" in a for a in quarterly.meta["assumptions"])


def test_maven_tidy_csv_round_trips(maven, tmp_path):
    outcomes, _ = maven
    outcomes.to_long().to_csv(tmp_path / "actuals.csv", index=False)
    back = read_outcomes_csv(tmp_path / "actuals.csv")
    assert back.periods == outcomes.periods
    for name, values in outcomes.measures.items():
        np.testing.assert_allclose(back.get(name), values, err_msg=name)


def test_keep_whole_hand_computed():
    table = keep_whole({"A": 1000, "B": 2000, "C": 500}, {"A": 1100, "B": 1880, "C": 480})
    assert table["change"].tolist() == [100, -120, -20]
    np.testing.assert_allclose(table["pct_change"], [10.0, -6.0, -4.0])
    assert table["loses_more_than_5pct"].tolist() == [False, True, False]
    summary = keep_whole_summary(table)
    assert summary["reps_losing"] == 2 and summary["reps_losing_over_threshold"] == 1
    assert summary["loss_of_reps_over_threshold"] == 120 and summary["keep_whole_cost"] == 140
    assert summary["total_change"] == -40
    with pytest.raises(ValueError, match=r"reps \['D'\] appear in one pay table only"):
        keep_whole({"A": 1.0}, {"A": 1.0, "D": 2.0})


deal = st.tuples(
    st.sampled_from(["Ann", "Bob", "Cat"]),
    st.sampled_from(["A1", "A2", "A3", "A4"]),
    st.integers(1, 12),
    st.integers(1, 10_000),
)


@settings(max_examples=15, deadline=None)
@given(st.lists(deal, min_size=1, max_size=30))
def test_random_won_deals_conserve_revenue_and_count_each_account_new_once(tmp_path_factory, deals):
    folder = tmp_path_factory.mktemp("random")
    lines = ["id,agent,product,account,stage,engage,close,value"]
    lines += [
        f"{i},{rep},Widget,{acc},Won,2024-01-01,2024-{m:02d}-15,{v}"
        for i, (rep, acc, m, v) in enumerate(deals)
    ]
    (folder / "pipeline.csv").write_text("\n".join(lines) + "\n")
    (folder / "teams.csv").write_text(TEAMS)
    (folder / "accounts.csv").write_text(ACCOUNTS)
    (folder / "products.csv").write_text(PRODUCTS)
    path = folder / "m.yaml"
    path.write_text(yaml.safe_dump(tiny_mapping(first_period="2024-01", last_period="2024-12")))
    outcomes, _ = load_actuals(path)
    assert outcomes.get("revenue_booked").sum() == sum(v for *_, v in deals)
    assert outcomes.get("deals_won").sum() == len(deals)
    assert outcomes.get("new_customers").sum() == len({acc for _, acc, _, _ in deals})
    book = outcomes.get("existing_customers")[0]
    assert np.all(np.diff(book, axis=1) >= 0)  # books only grow: no churn in the export


def test_cli_import_writes_a_tidy_csv_that_reads_back(tmp_path, capsys):
    from salesperf_model.cli import main

    out = tmp_path / "maven.csv"
    code = main(["import", str(MAVEN_MAPPING), "--data-dir", str(MAVEN_DATA), "--out", str(out)])
    assert code == 0
    back = read_outcomes_csv(out)
    assert back.n_reps == 35 and back.periods[0] == "2017-03"
    problems = pd.read_csv(tmp_path / "maven_problems.csv")
    assert (
        problems.loc[problems["problem"] == "blank account on an open deal", "count"].item() == 1425
    )
    assert "Measures absent" in capsys.readouterr().out
    code = main(
        [
            "import",
            str(MAVEN_MAPPING),
            "--data-dir",
            str(MAVEN_DATA),
            "--strict",
            "--out",
            str(tmp_path / "x.csv"),
        ]
    )
    assert code == 1 and not (tmp_path / "x.csv").exists()
    assert "REFUSED (--strict)" in capsys.readouterr().out


def test_kpi_coverage_names_the_kpis_actuals_cannot_score(maven):
    outcomes, _ = maven
    weights = {
        "new_business": {"new_customer_revenue": 30, "new_customer_conversion": 15, "compliance": 5}
    }
    table = kpi_coverage(outcomes, weights).set_index("kpi")
    assert table["scorable"].to_dict() == {
        "new_customer_revenue": True,
        "new_customer_conversion": False,
        "compliance": False,
    }
    assert table.loc["new_customer_conversion", "missing"] == "visits"
    assert "lower-is-better" in table.loc["compliance", "if_absent"]
    everything = kpi_coverage(outcomes)
    assert everything.loc[everything["kpi"] == "collection_rate", "assumed"].item() != ""


def test_sector_outside_the_declared_list_is_reported_not_fixed(tiny):
    accounts = {
        "file": "accounts.csv",
        "columns": {"account": "account", "sector": "sector", "revenue": "revenue"},
        "sectors": ["tech", "retail"],
    }
    _, report = tiny(mapping={"accounts": accounts, "aliases": {}})
    row = report.problems.set_index("problem").loc[
        "sector not in the declared list (possible misspelling)"
    ]
    assert row["rows"] == [2] and row["severity"] == "warning" and "tecnology" in row["examples"]


@pytest.mark.skipif(
    not (REPO.parent / "shared" / "data" / "maven_crm").exists(),
    reason="no shared/ folder beside this checkout",
)
def test_maven_mapping_reads_shared_beside_the_repo_by_default():
    outcomes, report = load_actuals(MAVEN_MAPPING)
    assert report.counts["opportunity_rows"] == 8800 and outcomes.n_reps == 35


def test_missing_data_folder_names_the_path_and_the_way_out(tmp_path):
    with pytest.raises(
        FileNotFoundError,
        match=r"opportunities\.file: .*sales_pipeline\.csv does not exist.*--data-dir",
    ):
        load_actuals(MAVEN_MAPPING, data_dir=tmp_path)


def test_team_mean_share_and_fixed_quota_rules(tiny):
    outcomes, _ = tiny(mapping={"quota": {"rule": "team_mean_share", "growth": 0.0}})
    # Team Mia per head 50, 575, 210: mean 835 / 3, flat.
    np.testing.assert_allclose(measure(outcomes, "quota")["Ann"], [835 / 3] * 3)
    outcomes, _ = tiny(mapping={"quota": {"rule": "fixed", "amount": 400}})
    assert measure(outcomes, "quota")["Dan"] == [400, 400, 400]
    quarterly, _ = tiny(mapping={"quota": {"rule": "fixed", "amount": 400}}, period="quarter")
    assert quarterly.periods == ["2024-Q1"] and measure(quarterly, "quota")["Dan"] == [1200]


def test_keep_whole_on_replayed_plans(maven):
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario

    outcomes, _ = maven
    current = run_plan(outcomes, load_scenario(REPO / "scenarios" / "baseline.yaml"))
    flat = run_plan(outcomes, load_scenario(REPO / "scenarios" / "flat_commission.yaml"))
    table = keep_whole(pay_per_rep(current), pay_per_rep(flat))
    assert len(table) == 35
    assert table["current"].sum() == pytest.approx(current.total_pay().sum())
    # Reps with no deals earn base and allowances under both plans: no change.
    idle = outcomes.get("deals_won")[0].sum(axis=1) == 0
    assert np.allclose(table.loc[idle, "change"], 0)


def test_a_quarter_the_export_covers_in_part_pays_base_for_its_months_only():
    """Imported by quarter, the Maven export's first quarter holds one month (March);
    pay paid it three months' base (35 reps x 2 months x 8,000 CNY more than the same
    export imported by month). The quarter's seats now count as held for its one month."""
    from salesperf_model.engine import run_plan
    from salesperf_model.loading import load_scenario

    mapping = Path(__file__).parents[1] / "mappings" / "maven_crm.yaml"
    data = Path(__file__).parent / "data" / "maven_crm"
    kept = {"currency": "CNY", "lenient": True, "data_dir": data}
    quarters, report = load_actuals(mapping, period="quarter", **kept)
    months, _ = load_actuals(mapping, **kept)
    assert quarters.periods[0] == "2017-Q1" and months.periods[0] == "2017-03"
    np.testing.assert_allclose(quarters.meta["in_seat"][:, 0], 1 / 3)
    np.testing.assert_allclose(quarters.meta["in_seat"][:, 1:], 1.0)
    assert any("holds only 1 of 3 months" in a and "in_seat 1/3" in a for a in report.assumptions)
    plan = load_scenario(Path(__file__).parents[1] / "scenarios" / "baseline.yaml")
    base = {
        name: run_plan(outcomes, plan).payouts["base_salary"].sum()
        for name, outcomes in (("quarters", quarters), ("months", months))
    }
    assert base["quarters"] == pytest.approx(base["months"])
