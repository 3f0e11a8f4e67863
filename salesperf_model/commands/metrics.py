"""`salesperf metrics [--out FILE]`: print or write the metrics reference."""

from __future__ import annotations

import argparse

from salesperf_model.commands._reference import register_reference
from salesperf_model.measure import render_metrics_markdown


def register(subparsers: argparse._SubParsersAction) -> None:
    register_reference(
        subparsers,
        "metrics",
        render_metrics_markdown,
        help="metrics reference generated from the metric registry",
        description=(
            "Every cost and fairness metric with its label, unit, direction, truth needed "
            "and definition, and the columns of every comparison table."
        ),
        doc="docs/metrics.md",
    )
