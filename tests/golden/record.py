"""Record the golden tables tests/test_golden.py compares against.

    python tests/golden/record.py            # every group
    python tests/golden/record.py engine     # only the groups named

Each group's folder expected/<group>/ is emptied and rewritten from the code of this
checkout (tables.py builds every table; the test builds them the same way). A
regeneration changes pinned results: say in the commit message which figures changed
and why.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
# Import this checkout's package and tests/golden as the package ``golden`` (not the
# folder itself: a module named ``tables`` must not shadow anything).
sys.path[:1] = [str(ROOT), str(TESTS)]

from golden import float_paths  # noqa: E402

float_paths.pin()  # before numpy is imported, as the tests do (conftest.py)

from golden import tables  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "groups", nargs="*", metavar="GROUP", help=f"any of {', '.join(tables.GROUPS)}"
    )
    args = parser.parse_args(argv)
    unknown = [g for g in args.groups if g not in tables.GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(tables.GROUPS)}")
    groups = args.groups or list(tables.GROUPS)
    where = tables.check_checkout()
    print(f"salesperf_model from {where.parent}")
    total = 0
    for group in groups:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"golden-{group}-") as workdir:
            built = tables.GROUPS[group](Path(workdir))
        folder = tables.EXPECTED / group
        shutil.rmtree(folder, ignore_errors=True)
        written = tables.write_group(group, built)
        size = sum(p.stat().st_size for p in written)
        total += size
        print(
            f"{group:<12} {len(written):>3} files {size / 1024:>8.1f} KiB "
            f"{time.perf_counter() - started:>6.1f} s"
        )
    print(f"{'written':<12} {total / 1024:>22.1f} KiB in {tables.EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
