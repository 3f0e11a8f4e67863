"""Every broken scenario in tests/bad_scenarios is refused with the message its file expects.

The expectations live in each file's `# expect` comments (see tests/bad_scenarios/README.md);
checks that do not fit the folder (overrides, the CLI, every valid role) follow below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from salesperf_model.cli import main
from salesperf_model.loading import Problem, ScenarioError, load_scenario
from salesperf_model.outcomes import ROLES

BAD = Path(__file__).parent / "bad_scenarios"
BASELINE = Path(__file__).parents[1] / "scenarios" / "baseline.yaml"
FILES = sorted(BAD.glob("*.yaml"))
_EXPECT = re.compile(r"^# expect(?: (?P<key>\w+))?: (?P<text>.+)$")
TOP_LEVEL = "<top level>"  #: `# expect path: <top level>`: a problem of the file itself
_KEYS = {"path", "line", "message", "expected", "value", "suggestion", "problems"}


@dataclass
class Expectation:
    """What a bad file says its error must contain."""

    path: str = ""
    line: int = 0
    fragments: list[str] = field(default_factory=list)
    message: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    values: list[object] = field(default_factory=list)
    suggestion: str | None = None
    problems: int | None = None


def expectation_of(path: Path) -> Expectation:
    """Parse the `# expect` comment lines; fail the test when they are missing or unknown."""
    found = Expectation()
    has_path = False
    # errors="replace": some files hold bytes that are not UTF-8 on purpose
    for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not text.startswith("# expect"):
            continue
        match = _EXPECT.match(text)
        key = match["key"] if match else None
        if not match or (key is not None and key not in _KEYS):
            pytest.fail(f"{path.name}: cannot read expectation {text!r}", pytrace=False)
        value = match["text"].strip()
        if key is None:
            found.fragments.append(value)
        elif key in ("message", "expected"):
            getattr(found, key).append(value)
        elif key == "value":
            found.values.append(yaml.safe_load(value))
        elif key in ("line", "problems"):
            setattr(found, key, int(value))
        elif key == "path":
            has_path = True
            found.path = "" if value == TOP_LEVEL else value
        else:
            setattr(found, key, value)
    if not (has_path and found.line and found.fragments):
        pytest.fail(
            f"{path.name} states no expectation: it needs '# expect path:', '# expect line:'"
            " and at least one '# expect:' line (see tests/bad_scenarios/README.md)",
            pytrace=False,
        )
    return found


def unmet(problem: Problem, expect: Expectation, file: Path) -> list[str]:
    """The expectations one problem does not meet (empty: it meets them all)."""
    text = str(problem)
    missing = [f"text contains {f!r}" for f in [file.name, *expect.fragments] if f not in text]
    missing += [f"message contains {f!r}" for f in expect.message if f not in problem.message]
    missing += [f"expected contains {f!r}" for f in expect.expected if f not in problem.expected]
    missing += [f"value == {v!r}" for v in expect.values if problem.value != v]
    if expect.suggestion is not None and problem.suggestion != expect.suggestion:
        missing.append(f"suggestion == {expect.suggestion!r}")
    named = (f"{file.name}:{expect.line}", f"{file.name}, line {expect.line}")
    if not any(where in text for where in named) or problem.line not in (None, expect.line):
        missing.append(f"names {file.name} line {expect.line}")
    return missing


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.name)
def test_bad_file_is_refused_with_the_message_it_expects(file):
    expect = expectation_of(file)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(file)
    problems = caught.value.problems
    if expect.problems is not None:
        assert len(problems) == expect.problems, str(caught.value)
    at_path = [p for p in problems if p.path == expect.path]
    assert at_path, f"a problem at {expect.path} expected, got:\n{caught.value}"
    report = {str(p): unmet(p, expect, file) for p in at_path}
    assert any(not missing for missing in report.values()), "\n".join(
        f"{text}\n  misses: {'; '.join(missing)}" for text, missing in report.items()
    )


def test_the_folder_holds_every_broken_file():
    assert len(FILES) >= 85, [p.name for p in FILES]


def test_a_file_without_expectations_fails_the_suite(tmp_path):
    silent = tmp_path / "silent.yaml"
    silent.write_text("# Broken, but says nothing about how.\npay: {}\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="states no expectation"):
        expectation_of(silent)
    typo = tmp_path / "typo.yaml"
    typo.write_text("# expect pth: pay\n# expect line: 2\n# expect: x\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="cannot read expectation"):
        expectation_of(typo)


# ---------------------------------------------------------------- beyond one file each


def test_brief_example_weights_add_to_120_percent():
    (weights,) = expectation_of(BAD / "kpi_weights_120.yaml").values
    assert len(weights) == 11 and sum(weights.values()) == 120  # the brief's example


def test_unknown_role_is_refused_listing_every_valid_role():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD / "unknown_role.yaml")
    (problem,) = caught.value.problems
    text = str(problem)
    assert all(role in text for role in ROLES), f"say which roles are expected: {text}"


def test_misspelt_override_key_is_refused_with_the_nearest_valid_key():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, ["pay.comission.base=booked"])
    assert len(caught.value.problems) == 1, str(caught.value)
    problem = caught.value.problems[0]
    text = str(problem)
    assert "baseline.yaml" in text
    assert problem.path == "pay.comission.base"
    assert problem.value == "booked"
    assert "override pay.comission.base=booked" in text, f"say the value came from: {text}"
    assert "does not exist" in text
    assert problem.suggestion == "pay.commission"
    assert "did you mean 'pay.commission'?" in text


def test_override_list_index_out_of_range_is_refused_naming_the_valid_indices():
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, {"pay.commission.tiers.3.rate": 0.06})
    problem = caught.value.problems[0]
    assert problem.path == "pay.commission.tiers.3.rate"
    assert "a list of 3 items" in problem.message
    assert problem.expected == "an index from 0 to 2 (or -1 to -3, counted from the end)"


def test_every_bad_override_is_reported_together_with_validation_errors():
    overrides = [
        "pay.commission.tiers.1.rat=0.05",  # misspelt leaf
        "grading.methd=forced",  # misspelt key
        "pay.commission.tiers.0.rate=-0.01",  # exists, but invalid
    ]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BASELINE, overrides)
    by_path = {p.path: p for p in caught.value.problems}
    assert set(by_path) == {
        "pay.commission.tiers.1.rat",
        "grading.methd",
        "pay.commission.tiers.0.rate",
    }, str(caught.value)
    assert by_path["pay.commission.tiers.1.rat"].suggestion == "pay.commission.tiers.1.rate"
    assert by_path["grading.methd"].suggestion == "grading.method"
    assert by_path["pay.commission.tiers.0.rate"].value == -0.01


def test_cli_refuses_a_bad_override_path_and_exits_non_zero(capsys):
    code = main(["validate", str(BASELINE), "--set", "pay.comission.base=booked"])
    out = capsys.readouterr().out
    assert code == 1
    assert "pay.comission.base" in out and "did you mean 'pay.commission'?" in out
