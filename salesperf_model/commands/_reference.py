"""The generated references (`params`, `metrics`, `mappings`): one way to print them or
write them to a file, so docs/*.md and the terminal always say the same."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from salesperf_model.commands._arguments import output_path


def register_reference(
    subparsers: argparse._SubParsersAction,
    name: str,
    render: Callable[[], str],
    *,
    help: str,
    description: str,
    doc: str,
) -> None:
    """Add subcommand ``name`` printing ``render()``, or writing it with ``--out``."""
    parser = subparsers.add_parser(name, help=help, description=description)
    parser.add_argument(
        "--out", type=output_path, default=None, help=f"write Markdown here (e.g. {doc})"
    )

    def run(args: argparse.Namespace) -> int:
        text = render()
        if args.out is None:
            print(text, end="")
            return 0
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
        return 0

    parser.set_defaults(func=run)
