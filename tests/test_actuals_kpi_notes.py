"""KPIs the data cannot measure: one grouped note per plan, and an export without accounts
names the new-business KPIs as unscorable instead of scoring them 0."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from salesperf_model.actuals import load_actuals
from salesperf_model.engine import run_plan
from salesperf_model.engine.pay import base_share_warnings
from salesperf_model.engine.scoring import UnscoredRoleError
from salesperf_model.loading import load_scenario
from salesperf_model.outcomes import Outcomes

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
MAVEN_MAPPING = ROOT / "mappings" / "maven_crm.yaml"
MAVEN_DATA = ROOT / "tests" / "data" / "maven_crm"

# Won deals without any account column: new and existing customers cannot be told apart.
PIPELINE = """id,agent,stage,close,value
1,Ann,Won,2024-01-10,100
2,Ann,Won,2024-02-20,200
3,Bob,Won,2024-02-05,300
4,Bob,Lost,2024-03-25,0
5,Bob,Won,2024-03-26,50
"""
TEAMS = "rep,manager,office\nAnn,Mia,North\nBob,Mia,North\n"
MAPPING = {
    "name": "no_accounts",
    "opportunities": {
        "file": "pipeline.csv",
        "columns": {
            "opportunity_id": "id",
            "rep": "agent",
            "stage": "stage",
            "close_date": "close",
            "amount": "value",
        },
        "stages": {"won": ["Won"], "lost": ["Lost"], "negotiation": [], "prospecting": []},
    },
    "teams": {
        "file": "teams.csv",
        "columns": {"rep": "rep", "team": "manager", "region": "office"},
    },
    "currency": "CNY",
    "quota": {"rule": "fixed", "amount": 100},
}


@pytest.fixture
def no_accounts(tmp_path: Path):
    (tmp_path / "pipeline.csv").write_text(PIPELINE)
    (tmp_path / "teams.csv").write_text(TEAMS)
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(MAPPING))
    return load_actuals(path)


def _plan(weights: dict[str, float]):
    return load_scenario(BASELINE, {"scoring.weights.new_business": weights})


def test_without_accounts_customer_measures_are_absent_and_revenue_unsplit(no_accounts):
    outcomes, _report = no_accounts
    assert outcomes.get("revenue_booked").sum() == 650
    for name in ("new_customers", "existing_customers", "repeat_customers"):
        assert name in outcomes.meta["measures_absent"]
    assert ["revenue_booked_new", "revenue_booked_existing"] in outcomes.meta["measures_unsplit"]
    assert any("no account column" in a for a in outcomes.meta["assumptions"])


def test_new_business_kpis_are_named_unscorable_and_the_rest_rescaled(no_accounts):
    outcomes, _ = no_accounts
    mixed = run_plan(outcomes, _plan({"new_customer_revenue": 30, "new_customer_count": 10, "revenue": 60}))  # fmt: skip
    alone = run_plan(outcomes, _plan({"revenue": 100}))
    # new-customer revenue and count are left out, not scored 0: revenue's 60 points are
    # scaled x100/60, so every rep scores exactly what a plan weighting revenue alone gives
    assert set(mixed.kpi_points) == {"revenue"}
    np.testing.assert_allclose(mixed.points, alone.points)
    notes = [w for w in mixed.warnings if "cannot be scored" in w]
    assert notes == [
        "2 KPIs cannot be scored on these outcomes, which lack new_customers, "
        "revenue_booked_new apart from revenue_booked_existing; they are left out, not "
        "scored 0. new_business: new_customer_revenue (30 points), new_customer_count (10 "
        "points); its other KPIs scaled x1.67, from 60 to 100 points."
    ]


def test_a_role_with_no_scorable_kpi_is_refused_not_graded_c(no_accounts):
    outcomes, _ = no_accounts
    with pytest.raises(UnscoredRoleError, match=r"none of the KPIs .* new_business \(2 seats\)"):
        run_plan(outcomes, load_scenario(BASELINE))


def test_maven_replay_groups_its_unscorable_kpis_into_one_note():
    outcomes, _ = load_actuals(MAVEN_MAPPING, data_dir=MAVEN_DATA, currency="CNY")
    result = run_plan(outcomes, load_scenario(BASELINE))
    notes = [w for w in result.warnings if "cannot be scored" in w]
    assert len(notes) == 1
    assert "new_customer_revenue" not in notes[0]  # Maven has accounts: scorable
    assert "customer_visits (7 points)" in notes[0]
    # new_customer_revenue 30 + count 25 are scored: 55 of 100 points kept
    assert "its other KPIs scaled x1.82, from 55 to 100 points" in notes[0]


def test_base_share_of_one_value_is_not_written_as_a_range():
    rows = [
        {"rep_id": rep, "period": "2026-01", "role": "new_business", "quota": 100_000.0}
        for rep in ("a", "b")
    ]  # two identical seats: one base share
    outcomes = Outcomes.from_long(pd.DataFrame(rows), source="actuals")
    scenario = load_scenario(BASELINE, {"pay.base_share_band": [0.0, 0.01]})
    (message,) = base_share_warnings(scenario, outcomes)
    share = message.split("base is ")[1].split(" of on-target")[0]
    assert share.endswith("%") and "-" not in share, message


def test_kpi_coverage_names_new_business_kpis_unscorable_without_accounts(no_accounts):
    from salesperf_model.actuals import kpi_coverage

    outcomes, _ = no_accounts
    table = kpi_coverage(outcomes).set_index("kpi")
    assert not table.loc["new_customer_revenue", "scorable"]
    assert table.loc["new_customer_revenue", "missing"] == "revenue_booked_new (not told apart)"
    assert table.loc["revenue", "scorable"]
