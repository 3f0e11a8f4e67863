"""`salesperf mappings [--out FILE]`: print or write the mapping reference."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "mappings",
        help="mapping reference generated from the mapping models (CRM imports)",
        description="Every key a CRM mapping file may contain, with type, default, range and meaning.",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write Markdown here (e.g. docs/mappings.md)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from salesperf_model.actuals.mapping_doc import render_mapping_markdown

    text = render_mapping_markdown()
    if args.out is None:
        print(text, end="")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
