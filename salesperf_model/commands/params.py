"""`salesperf params [--out FILE]`: print or write the parameter reference."""

from __future__ import annotations

import argparse

from salesperf_model.commands._reference import register_reference
from salesperf_model.schema import render_markdown


def register(subparsers: argparse._SubParsersAction) -> None:
    register_reference(
        subparsers,
        "params",
        render_markdown,
        help="parameter reference generated from the scenario models",
        description="Every scenario key with its type, default, unit, allowed range and meaning.",
        doc="docs/parameters.md",
    )
