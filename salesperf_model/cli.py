"""The `salesperf` command line: one subcommand per module in salesperf_model.commands."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import signal
import sys

from salesperf_model import commands
from salesperf_model.engine import PLAN_DATA_ERRORS


def build_parser() -> argparse.ArgumentParser:
    """Collect every subcommand module: each defines ``register(subparsers)`` which adds
    its parser and sets ``func`` (a callable taking the parsed args, returning an exit code)."""
    parser = argparse.ArgumentParser(
        prog="salesperf",
        description="Sales compensation policy modeling: validate, pay, simulate, compare, report.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue  # helpers shared by the commands, not a command
        module = importlib.import_module(f"salesperf_model.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from salesperf_model.report.stopping import BatchInterrupted, stop_on_signals

    try:
        with stop_on_signals():
            return int(args.func(args) or 0)
    except BatchInterrupted as stop:  # Ctrl-C or SIGTERM (kill, timeout, a cluster's job end)
        left = _stop_workers()
        workers = f"; {left} worker process{'es' if left != 1 else ''} stopped" if left else ""
        print(f"salesperf {args.command}: {stop}{workers}", file=sys.stderr)
        return 128 + signal.Signals[stop.signal_name].value
    except PLAN_DATA_ERRORS as error:  # the plan does not fit the data: its own words
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file the command reads or writes: the system's words
        print(f"error: {error}", file=sys.stderr)
        return 1


def _stop_workers() -> int:
    """Stop whatever processes the command left running (none, when its workers stopped
    with it); returns how many there were."""
    from salesperf_model.report.stopping import stop_descendants

    return stop_descendants()


if __name__ == "__main__":
    sys.exit(main())
