"""Subcommands of `salesperf`: each module defines ``register(subparsers)``."""
