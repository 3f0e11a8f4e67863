"""Test-wide settings: hypothesis runs derandomized under CI so a red build is reproducible,
and numpy and OpenBLAS take the same floating-point paths on every x86-64 machine
(``golden/float_paths.py``: before anything imports numpy)."""

import os

from golden import float_paths

float_paths.pin()

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
