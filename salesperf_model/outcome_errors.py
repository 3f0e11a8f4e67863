"""Outcomes no plan can be paid on, as an error a command reports in words."""

from __future__ import annotations


class OutcomesError(ValueError):
    """A simulation whose numbers ran to infinity or NaN, or out of memory, on parameters
    far outside anything plausible: the message says which measure and what to check."""
