"""`salesperf validate`: every error in every file, warnings, exit code."""

from pathlib import Path

from salesperf_model.cli import main

ROOT = Path(__file__).parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
BAD = ROOT / "tests" / "bad_scenarios"


def test_valid_files_exit_zero(capsys):
    assert main(["validate", str(BASELINE), str(ROOT / "scenarios" / "flat_commission.yaml")]) == 0
    out = capsys.readouterr().out
    assert "2 of 2 files valid" in out


def test_every_error_in_every_file_is_printed_and_the_exit_code_is_one(capsys):
    files = [BAD / "negative_rate.yaml", BASELINE, BAD / "forced_shares_maxima_under_100.yaml"]
    assert main(["validate", *map(str, files)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "negative_rate.yaml" in out
    assert "pay.commission.tiers.1.rate" in out and "-0.03" in out
    # both problems of the second bad file, not just the first
    assert "maximum shares add to 85%" in out and "target shares add to 85.0%" in out
    assert "1 of 3 files valid" in out


def test_warnings_are_printed_and_fail_only_with_strict(tmp_path, capsys):
    # result 60 / behaviour 20 / capability 20 for new_business is inside every band;
    # moving 5 points from behaviour to result makes result 65 and behaviour 15 (< 20).
    lopsided = tmp_path / "lopsided.yaml"
    lopsided.write_text(
        f"extends: {BASELINE}\n"
        "scoring:\n  weights:\n    new_business:\n"
        "      new_customer_revenue: 35\n      customer_visits: 2\n",
        encoding="utf-8",
    )
    assert main(["validate", str(lopsided)]) == 0
    out = capsys.readouterr().out
    assert "warning" in out and "scoring.weights.new_business: behaviour KPIs weigh 15%" in out
    assert main(["validate", "--strict", str(lopsided)]) == 1


def test_a_folder_stands_for_every_scenario_in_it(capsys):
    assert main(["validate", str(ROOT / "scenarios")]) == 0
    out = capsys.readouterr().out
    count = len(list((ROOT / "scenarios").glob("*.yaml")))
    assert f"{count} of {count} files valid" in out
    assert main(["validate", str(BAD)]) == 1
    out = capsys.readouterr().out
    assert "0 of" in out and out.count("FAIL") == len(list(BAD.glob("*.yaml")))
