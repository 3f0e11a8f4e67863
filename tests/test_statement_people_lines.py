"""A statement under pay.people explains a joiner's award: the seat's amount x the share of
the period the person held (not "rounded to the cent"); a target bonus counts the months
held; the pay CSV writes no "-0.00"."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from salesperf_model.cli import main

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "example_outcomes.csv"
PEOPLE = ROOT / "scenarios" / "pay_follows_person.yaml"
LABELS = ("rep_id", "period", "role", "region", "region_tier", "team", "group", "person_id")


def hired_in_may(tmp_path: Path) -> tuple[Path, Path]:
    """E-NB1 hired on 10 May: nothing before May."""
    frame = pd.read_csv(EXAMPLE, dtype={"period": str, "region_tier": str})
    before = (frame["rep_id"] == "E-NB1") & (frame["period"] < "2026-05")
    frame.loc[before, [c for c in frame.columns if c not in LABELS]] = 0
    table = tmp_path / "hired.csv"
    frame.to_csv(table, index=False)
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,hire_date\nE-NB1,2026-05-10\n")
    return table, roster


def test_a_joiners_award_is_the_seats_amount_times_the_share_held(tmp_path) -> None:
    table, roster = hired_in_may(tmp_path)
    out = tmp_path / "statement"
    args = ["statement", str(PEOPLE), "--outcomes", str(table), "--roster", str(roster)]
    assert main([*args, "--rep", "E-NB1", "--period", "2026Q2", "--out", str(out)]) == 0
    lines = pd.read_csv(out / "E-NB1_2026-Q2.csv", header=None, dtype=str)
    award = lines[lines[1] == "bonus_new_customer_award"][[2, 3]].values.tolist()
    # 7 new customers in May and June: the 5,000 award, x 2 of the quarter's 3 months
    assert ["2026-Q2 =award", "5000.0"] in award
    assert ["2026-Q2 x share of the period the person in the seat held", str(2 / 3)] in award
    paid = dict(award)["2026-Q2 =paid to the person in the seat"]
    assert abs(float(paid) - 5000 * 2 / 3) < 1e-9
    # what is left is the month's total rounded to the cent, not the 1,666.67 not paid
    rounded = [float(v) for item, v in award if str(item).endswith("rounded to the cent")]
    assert all(abs(v) < 0.01 for v in rounded)


def test_a_target_bonus_counts_the_months_held(tmp_path) -> None:
    """N-AM1 moves to key account manager in May: its first seat holds April of Q2."""
    frame = pd.read_csv(EXAMPLE, dtype={"period": str, "region_tier": str})
    moved = (frame["rep_id"] == "N-AM1") & frame["period"].isin(["2026-05", "2026-06"])
    frame.loc[moved, "role"] = "key_account_manager"
    table = tmp_path / "move.csv"
    frame.to_csv(table, index=False)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "rep_id,effective_from,role\nN-AM1,,account_manager\nN-AM1,2026-05,key_account_manager\n"
    )
    out = tmp_path / "statement"
    baseline = ROOT / "scenarios" / "baseline.yaml"
    args = ["statement", str(baseline), "--outcomes", str(table), "--roster", str(roster)]
    assert main([*args, "--rep", "N-AM1", "--period", "2026Q2", "--out", str(out)]) == 0
    lines = pd.read_csv(out / "N-AM1_2026-Q2.csv", header=None, dtype=str)
    target = dict(lines[lines[1] == "bonus_target_bonus"][[2, 3]].values.tolist())
    assert float(target["2026-Q2 months accrued"]) == 1.0  # April, not 3
    multiplier = float(target["2026-Q2 mean grade multiplier"])
    assert float(target["2026-Q2 =bonus"]) == 2000.0 * multiplier


def test_the_pay_csv_writes_no_negative_zero(tmp_path) -> None:
    table, roster = hired_in_may(tmp_path)
    out = tmp_path / "pay.csv"
    args = ["pay", str(PEOPLE), "--outcomes", str(table), "--roster", str(roster)]
    assert main([*args, "--out", str(out)]) == 0
    assert "-0.00" not in out.read_text()


def test_a_roster_move_under_year_to_date_tiers_is_said(tmp_path, capsys) -> None:
    """Each seat is paid on its own: the pay command says so when the plan reads a year."""
    frame = pd.read_csv(EXAMPLE, dtype={"period": str, "region_tier": str})
    moved = (frame["rep_id"] == "N-AM1") & frame["period"].isin(["2026-05", "2026-06"])
    frame.loc[moved, "team"] = "north_b"
    table = tmp_path / "move.csv"
    frame.to_csv(table, index=False)
    roster = tmp_path / "roster.csv"
    roster.write_text("rep_id,effective_from,team\nN-AM1,,north\nN-AM1,2026-05,north_b\n")
    baseline = ROOT / "scenarios" / "baseline.yaml"
    out = tmp_path / "pay.csv"
    args = ["pay", str(baseline), "--outcomes", str(table), "--roster", str(roster)]
    ytd = ["--set", "pay.commission.basis=year_to_date"]
    assert main([*args, *ytd, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "N-AM1 is paid as separate seats from 2026-05 (a roster move)" in said
    assert "year-to-date tiers and top-N ranks count each seat on its own" in said
    assert main([*args, "--out", str(out)]) == 0  # period tiers: the baseline's top-3 award
    said = capsys.readouterr().out
    assert "pay: N-AM1 is paid as separate seats from 2026-05 (a roster move): top-N ranks" in said
