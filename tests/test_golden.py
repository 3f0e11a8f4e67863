"""Golden tables: results recorded in tests/golden/expected/ must not change.

Every table is rebuilt by tests/golden/tables.py, the module the recorder
(``python tests/golden/record.py``) writes them with, and compared with the recorded one:
money to the cent, other floats to 1e-9 relative, counts, flags and labels exactly, same
columns and same row order. What each group pins is in tests/golden/README.md.
"""

from __future__ import annotations

import os

import pytest
from golden import float_paths, tables


def test_the_package_under_test_is_this_checkout():
    """Otherwise the golden tables would be compared with another copy of the code."""
    tables.check_checkout()


def test_numpy_runs_the_floating_point_paths_the_tables_were_recorded_on():
    """Without AVX-512 (and OpenBLAS on its Haswell kernels) on any x86-64 machine: a
    machine with AVX-512 would round exp and log its own way, and the simulated
    tables differ (``golden/float_paths.py``)."""
    if not float_paths.on_x86():
        pytest.skip("the pinned paths are x86-64's")
    assert os.environ.get("OPENBLAS_CORETYPE") == "Haswell"
    if not float_paths.numpy_pinned():
        pytest.skip("numpy before 2.4 names its targets otherwise")
    from numpy._core._multiarray_umath import __cpu_features__

    assert not __cpu_features__["X86_V4"]
    assert not any(__cpu_features__.get(name) for name in ("AVX512_ICL", "AVX512_SPR"))


@pytest.mark.parametrize("group", list(tables.GROUPS))
def test_results_match_the_recorded_golden_tables(group, tmp_path):
    built = tables.GROUPS[group](tmp_path)
    problems = tables.compare_group(group, built)
    if problems:
        shown = "\n\n".join(problems[:10])
        more = f"\n\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        pytest.fail(
            f"golden group {group!r}: {len(problems)} difference(s) with "
            f"tests/golden/expected/{group}/\n\n{shown}{more}\n\n{tables.REGENERATE}",
            pytrace=False,
        )
