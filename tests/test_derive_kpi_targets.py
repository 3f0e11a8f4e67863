"""The target derivation's bounds (tools/derive_kpi_targets.py), worked by hand: every
target reachable by some reps and not by most, and no KPI scoring more than about half
of a role's rep-quarters at its floor or cap."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

TOOL = Path(__file__).parents[1] / "tools" / "derive_kpi_targets.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("derive_kpi_targets", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_bounds_of_a_lumpy_count_kpi_by_hand(tool):
    """Ten rep-quarters: five at 0 (no deal), two at 1, one each at 2, 3 and 4 times the
    current target. A level L scores ratio r as r / L."""
    assert tool.REACH == (0.07, 0.5) and tool.AT_LIMIT == 0.53 and tool.MARGIN == 0.01
    ratios = np.array([0, 0, 0, 0, 0, 1, 1, 2, 3, 4], dtype=float)
    bounds = tool.Bounds.of(ratios, (0.0, np.inf))
    # at most 50% reach: L above 0 (the five zeros); halfway to the next ratio, 1
    # at least 7% reach: L at most just below 4 (1% short of it; the 4 alone is 10%)
    assert bounds.reach == (0.5, pytest.approx(3.96))
    # at most 53% at a floor f: only the zeros may sit at it, r <= f L for r = 0 alone,
    # so f L stays just below 1; at most 53% at a cap c: c L stays above 0
    assert bounds.below_floor == pytest.approx(0.99) and bounds.above_cap == 0.5
    low, high, note = bounds.edges(0.5, 1.2)
    assert (low, high, note) == (0.5, pytest.approx(1.98), "")
    at_floor = np.mean(ratios / high <= 0.5)
    reached = np.mean(ratios / low >= 1.0), np.mean(ratios / high >= 1.0)
    assert at_floor == 0.5 and reached == (0.5, 0.3)  # at 1.98: the 2, 3 and 4


def test_a_span_gives_way_to_the_reach_bounds_and_says_so(tool):
    """A behaviour target the span would keep below every ratio reached by 7%: the reach
    wins, and the edges say the span gave way."""
    ratios = np.linspace(1.0, 2.0, 101)
    bounds = tool.Bounds.of(ratios, (0.1, 0.2))
    low, high, note = bounds.edges(0.5, 1.2)
    assert low >= bounds.reach[0] and high <= bounds.reach[1] and low <= high
    assert note == "span gives way to reach"
    reached = np.mean(ratios / high >= 1.0)
    assert 0.07 <= reached <= 0.5
