"""What an outcome table's measures say of each other: which are parts of which, and which
money a refund or reversal netted in can make negative (``--signed``).

Only relations that hold for every honest producer are listed: the simulation (every
scenario, with behaviour, cancellations and vacancies), the CRM imports and the example
tables keep them. Left out on purpose: deals pushed (not among the deals signed),
cancellations of a month's bookings (an import places a refund by its own date's seat and
does not cap it at the deal), new customers against deals (an order is no deal), channel
and new-product revenue (an export may book them apart from the rep's revenue).
"""

from __future__ import annotations

import argparse
import difflib

from salesperf_model.tables.parts import PartOf

_BOOKED = ("revenue_booked_new", "revenue_booked_existing")

#: Measures that are part of others within each row (see the module docstring).
OUTCOME_PARTS: tuple[PartOf, ...] = (
    # the simulation's monthly margin noise is not capped at 100%: a scenario with
    # gross_margin 0.85 or more writes rows this refuses (simulate.month_kernels.money)
    PartOf(
        "gross_profit",
        _BOOKED,
        "booked revenue",
        "gross profit is earned on it (a margin above 100%?)",
    ),
    PartOf("revenue_booked_big", _BOOKED, "booked revenue", "big-account revenue is part of it"),
    PartOf(
        "revenue_upsell",
        ("revenue_booked_existing",),
        "existing-customer revenue",
        "upsell and cross-sell revenue is part of it",
    ),
    PartOf(
        "revenue_collected_big",
        ("revenue_collected_new", "revenue_collected_existing"),
        "collected cash",
        "big-account cash is part of it",
    ),
    PartOf(
        "repeat_customers",
        ("existing_customers",),
        "existing customers",
        "repeat customers are existing customers who bought again",
    ),
    PartOf(
        "customers_lost",
        ("existing_customers",),
        "existing customers",
        "lost customers are existing customers who stopped buying",
    ),
    PartOf(
        "channels_active",
        ("channels_total", "channels_new"),
        "channels managed and new",
        "an active channel is a managed or newly signed one that ordered",
        optional=("channels_new",),
    ),
    PartOf(
        "deals_pulled",
        ("deals_won",),
        "deals signed",
        "pulled deals are deals signed in the period, early",
    ),
    PartOf(
        "revenue_discount",
        ("revenue_list_new",),
        "new-customer list value",
        "the discount is list value given up (list value - booked)",
        rests_on=("revenue_booked_new",),
    ),
)

#: Money a refund or reversal netted in can make negative: revenue, cash, what falls due
#: and gross profit. Not a quota, market size, list value or discount, nor the
#: cancellations themselves (written as positive amounts); no count or score.
SIGNABLE_MEASURES = frozenset(
    {
        *_BOOKED,
        "revenue_booked_big",
        "revenue_upsell",
        "revenue_collected_new",
        "revenue_collected_existing",
        "revenue_collected_big",
        "receivable",
        "gross_profit",
        "channel_revenue",
        "new_product_revenue",
    }
)


def signed_problem(name: str) -> str | None:
    """Why the measure ``name`` may not be declared signed, or None: a signed quota or
    count would be paid on as a negative target or a negative number of deals."""
    if name in SIGNABLE_MEASURES:
        return None
    close = difflib.get_close_matches(name, sorted(SIGNABLE_MEASURES), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return (
        f"{name!r} may not be declared signed: only money a refund or reversal can make "
        f"negative may be ({', '.join(sorted(SIGNABLE_MEASURES))}){hint}"
    )


def signed_measure(name: str) -> str:
    """``--signed MEASURE`` as the command line takes it: refused before anything runs
    unless :data:`SIGNABLE_MEASURES` holds it."""
    problem = signed_problem(name)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return name


def parts_checked(netted: frozenset[str] | set[str]) -> tuple[PartOf, ...]:
    """The relations a table keeps whose ``netted`` columns carry refunds: a big sale and
    a larger small refund in one month put big-account revenue above the net booked
    revenue, so a relation reading such a column is not checked."""
    return tuple(rule for rule in OUTCOME_PARTS if not set(netted) & set(rule.reads))
