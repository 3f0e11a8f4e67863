"""The parameter reference is generated from the models and committed up to date."""

import difflib
from pathlib import Path

import pytest

from salesperf_model.cli import main
from salesperf_model.schema import REGENERATE_COMMAND, Scenario, parameter_rows, render_markdown

DOC = Path(__file__).parents[1] / "docs" / "parameters.md"


def test_committed_parameter_reference_matches_the_models():
    assert DOC.exists(), f"docs/parameters.md is missing: run `{REGENERATE_COMMAND}`"
    committed = DOC.read_text(encoding="utf-8")
    generated = render_markdown()
    if committed != generated:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "committed", "generated", lineterm=""
        )
        shown = "\n".join(line[:200] for line in list(diff)[:30])
        pytest.fail(
            "docs/parameters.md is out of date with the scenario models:"
            f" run `{REGENERATE_COMMAND}` and commit the result.\n{shown}",
            pytrace=False,
        )


def test_every_scenario_field_has_a_description():
    undocumented = sorted({row.key for row in parameter_rows(Scenario) if not row.description})
    assert not undocumented, (
        "every scenario parameter needs a description (Field(description=...)) so that the"
        f" generated reference explains it; missing for: {undocumented}"
    )


def test_reference_lists_nested_keys_with_type_default_unit_and_range():
    rows = {row.key: row for row in parameter_rows(Scenario)}
    rate = rows["pay.commission.tiers.N.rate"]
    assert (rate.type, rate.default, rate.unit, rate.allowed) == (
        "float",
        "required",
        "share of revenue",
        ">= 0; <= 0.5",
    )
    # the range of each value of a mapping, and of an optional value, is shown too
    assert rows["pay.bonuses.N.grade_multipliers"].allowed == "each >= 0; <= 10"
    assert rows["pay.commission.cap_amount"].allowed == "> 0; <= 1e+12"
    assert rows["grading.bands.N.min_points"].allowed == ">= 0; <= 100"
    assert rows["grading.method"].default == '`"absolute"`'
    assert "`forced`" in rows["grading.method"].allowed
    assert "pay.bonuses.N.above_attainment" in rows  # a member of the bonus union
    assert any(key.startswith("population.") for key in rows)


def test_params_command_writes_the_reference(tmp_path, capsys):
    out = tmp_path / "parameters.md"
    assert main(["params", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_markdown()
    assert main(["params"]) == 0
    assert "| `pay.commission.tiers.N.rate` |" in capsys.readouterr().out
