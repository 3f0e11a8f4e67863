"""The mapping reference is generated from the mapping models and committed up to date."""

import difflib
from pathlib import Path

import pytest

from salesperf_model.actuals.mapping_doc import (
    REGENERATE_MAPPINGS_COMMAND,
    render_mapping_markdown,
)
from salesperf_model.cli import main

DOC = Path(__file__).parents[1] / "docs" / "mappings.md"


def test_committed_mapping_reference_matches_the_models():
    assert DOC.exists(), f"docs/mappings.md is missing: run `{REGENERATE_MAPPINGS_COMMAND}`"
    committed = DOC.read_text(encoding="utf-8")
    generated = render_mapping_markdown()
    if committed != generated:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "committed", "generated", lineterm=""
        )
        shown = "\n".join(line[:200] for line in list(diff)[:30])
        pytest.fail(
            "docs/mappings.md is out of date with the mapping models:"
            f" run `{REGENERATE_MAPPINGS_COMMAND}` and commit the result.\n{shown}",
            pytrace=False,
        )


def test_reference_lists_nested_mapping_keys_with_type_default_and_range():
    text = render_mapping_markdown()
    assert "| `currency` | str | required | matches `^[A-Z]{3}$` |" in text
    assert "| `rates` | mapping str → float | `{}` |" in text
    assert "| `opportunities.columns.opportunity_id` | str or null | `null` |" in text
    assert "| `revenue.columns.new_amount` | str or null | `null` |" in text
    assert "## `roster.columns`" in text
    assert "| `quota.lookback_months` | int | `3` | >= 1; <= 24 |" in text
    assert "## `opportunities.stages`" in text


def test_mappings_command_writes_the_reference(tmp_path, capsys):
    out = tmp_path / "mappings.md"
    assert main(["mappings", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_mapping_markdown()
    assert main(["mappings"]) == 0
    assert "| `rates` |" in capsys.readouterr().out
