"""`salesperf params [--out FILE]`: print or write the parameter reference."""

from __future__ import annotations

import argparse
from pathlib import Path

from salesperf_model.schema import render_markdown


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "params",
        help="parameter reference generated from the scenario models",
        description="Every scenario key with its type, default, unit, allowed range and meaning.",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write Markdown here (e.g. docs/parameters.md)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = render_markdown()
    if args.out is None:
        print(text, end="")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
