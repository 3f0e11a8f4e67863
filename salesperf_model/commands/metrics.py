"""`salesperf metrics [--out FILE]`: print or write the metrics reference."""

from __future__ import annotations

import argparse
from pathlib import Path

from salesperf_model.measure import render_metrics_markdown


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "metrics",
        help="metrics reference generated from the metric registry",
        description=(
            "Every cost and fairness metric with its label, unit, direction, truth needed "
            "and definition, and the columns of every comparison table."
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write Markdown here (e.g. docs/metrics.md)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = render_metrics_markdown()
    if args.out is None:
        print(text, end="")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0
