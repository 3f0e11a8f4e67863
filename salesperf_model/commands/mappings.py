"""`salesperf mappings [--out FILE]`: print or write the mapping reference."""

from __future__ import annotations

import argparse

from salesperf_model.commands._reference import register_reference


def _render() -> str:
    from salesperf_model.actuals.mapping_doc import render_mapping_markdown

    return render_mapping_markdown()


def register(subparsers: argparse._SubParsersAction) -> None:
    register_reference(
        subparsers,
        "mappings",
        _render,
        help="mapping reference generated from the mapping models (CRM imports)",
        description="Every key a CRM mapping file may contain, with type, default, range and meaning.",
        doc="docs/mappings.md",
    )
