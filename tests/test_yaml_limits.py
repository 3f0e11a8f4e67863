"""The YAML reader's limits and the messages of extends and overrides, where one bad file cannot show them.

The one-file cases (NUL bytes, billion laughs, deep nesting, extends to a directory or
/dev/zero...) are in tests/bad_scenarios; here: timing, FIFOs, sizes, what is never
echoed, overrides and the merge rule for empty mappings.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from salesperf_model.loading import ScenarioError, load_model, load_scenario, yaml_problem
from salesperf_model.loading.file_guard import MAX_FILE_BYTES
from salesperf_model.schema import Scenario

ROOT = Path(__file__).parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
BAD = ROOT / "tests" / "bad_scenarios"


def _problems(path, overrides=()):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, overrides)
    return caught.value.problems


def test_a_billion_laughs_file_is_refused_in_well_under_a_second():
    started = time.perf_counter()
    (problem,) = _problems(BAD / "billion_laughs.yaml")
    assert time.perf_counter() - started < 1.0
    # a list of 9 aliases to a value of n values holds 1 + 9n: a = 10, b = 91, ... h =
    # 48,427,561, i = 435,848,050; the root adds itself and 9 keys: 490,329,064 in all
    sizes = [10]
    for _ in range(8):
        sizes.append(1 + 9 * sizes[-1])
    assert sizes[7] == 48_427_561 and 1 + 9 + sum(sizes) == 490_329_064
    assert "expand the document to 490,329,064 values" in problem.message
    assert "alias *h alone stands for 48,427,561" in problem.message


def test_a_deeply_nested_file_is_refused_without_a_recursion_error(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (problem,) = _problems(deep)
    assert "nesting deeper than 32 levels" in problem.message and problem.line == 1
    # the batch's own check (yaml_problem) takes the same reader: a message, not a crash
    assert "nesting deeper than 32 levels" in yaml_problem(deep)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("description: '" + "x" * MAX_FILE_BYTES + "'\n", encoding="utf-8")
    (problem,) = _problems(big)
    assert f"more than the limit of {MAX_FILE_BYTES:,} bytes" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_extends_to_a_fifo_is_refused_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would block forever
    child = tmp_path / "child.yaml"
    child.write_text("# a plan\nextends: pipe.yaml\n", encoding="utf-8")
    started = time.perf_counter()
    problems = _problems(child)
    assert time.perf_counter() - started < 2.0
    (extends,) = [p for p in problems if p.path == "extends"]
    assert "named pipe (FIFO), not a regular file" in extends.message
    assert extends.line == 2 and f"{child}:2" in str(extends)


def test_nothing_of_an_extended_file_is_echoed(tmp_path):
    secret = "SECRET-TOKEN-1234567890"
    (tmp_path / "notes.yaml").write_text(f"{secret} and more text\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text(f"pay: {secret}\n", encoding="utf-8")
    for target in ("notes.yaml", "notes.txt"):
        child = tmp_path / f"extends_{target.replace('.', '_')}.yaml"
        child.write_text(f"extends: {target}\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(child)
        assert secret not in str(caught.value), str(caught.value)
        (extends,) = [p for p in caught.value.problems if p.path == "extends"]
        assert extends.line == 1


def test_a_nan_grade_band_is_called_not_finite_and_never_an_overlap():
    problems = _problems(BAD / "grade_band_nan.yaml")
    text = "\n".join(map(str, problems))
    assert "finite number" in text and "overlap" not in text


def test_mappings_take_the_same_hardened_reader(tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("name: crm\x00\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_model(mapping, Scenario)
    (problem,) = caught.value.problems
    assert "NUL U+0000 at line 1, column 10" in problem.message
    assert "1 problem in mapping" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [("2026-13-45", "month must be in 1..12"), ("!!float ''", "string index out of range")],
)
def test_a_scalar_pyyaml_cannot_build_is_a_message_not_a_crash(tmp_path, value, reason):
    # PyYAML raises ValueError / IndexError (not YAMLError) for these; found by fuzzing
    bad = tmp_path / "when.yaml"
    bad.write_text(f"extends: {BASELINE}\nsimulation:\n  start_period: {value}\n")
    (problem,) = _problems(bad)
    assert f"a value cannot be read ({reason})" in problem.message


# ---------------------------------------------------------------- overrides


def test_set_extends_is_refused_not_ignored():
    (problem,) = _problems(BASELINE, ["extends=flat_commission.yaml"])
    assert problem.path == "extends" and problem.value == "flat_commission.yaml"
    assert "cannot be overridden" in problem.message
    assert problem.source == "override extends=flat_commission.yaml"


def test_an_unreadable_override_names_the_override_not_just_the_baseline():
    (problem,) = _problems(BASELINE, ["pay.commission.cap_amount"])
    assert problem.source == "override pay.commission.cap_amount"
    assert "(value from override pay.commission.cap_amount)" in str(problem)


def test_an_override_that_breaks_a_cross_field_rule_is_named_before_the_file():
    (problem,) = _problems(BASELINE, ["pay.commission.tiers=[]"])
    assert problem.path == "pay.commission"
    where = str(problem).split("): ")[0]
    assert where.index("override pay.commission.tiers=[]") < where.index("baseline.yaml, line")


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("name=&a [*a]", "recursive alias"),
        ("name=" + "[" * 50 + "]" * 50, "nesting deeper than 32"),
        ("pay.commission.tiers.0.rate=.inf", "finite number"),
        ("pay.commission.tiers.0.rate=3", "did you mean 0.03?"),
    ],
)
def test_override_values_meet_the_same_limits_and_bounds(override, fragment):
    problems = _problems(BASELINE, [override])
    assert any(fragment in str(p) for p in problems), "\n".join(map(str, problems))


# ---------------------------------------------------------------- merge rule


def test_an_empty_mapping_clears_what_it_extends(tmp_path):
    child = tmp_path / "no_allowances.yaml"
    child.write_text(f"extends: {BASELINE}\npay:\n  allowances: {{}}\n", encoding="utf-8")
    assert load_scenario(BASELINE).pay.allowances  # the baseline pays transport and phone
    assert load_scenario(child).pay.allowances == {}


def test_a_file_with_only_extends_is_its_parent(tmp_path):
    child = tmp_path / "same.yaml"
    child.write_text(f"extends: {BASELINE}\n", encoding="utf-8")
    assert load_scenario(child).pay == load_scenario(BASELINE).pay
