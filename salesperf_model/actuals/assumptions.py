"""The rules a deal or revenue import had to assume, in words for the validation report."""

from __future__ import annotations

from salesperf_model.actuals.mapping import ActualsMapping
from salesperf_model.formatting import counted


def import_assumptions(mapping: ActualsMapping) -> list[str]:
    """The rules the import had to assume, in words for the report."""
    lag = mapping.collection_lag_months
    roster = mapping.roster.columns if mapping.roster is not None else None
    r_file = mapping.roster.file if mapping.roster is not None else ""
    if mapping.teams is not None:
        seats = "One seat per rep in the team table; managers (the team column) are not seats."
    elif roster is not None:
        seats = f"Seats: the reps of the roster {r_file} and of the data (no team table)."
    else:
        seats = "Seats: the reps in the data; no team table, so team and region are unassigned."
    overrides = f", except {len(mapping.roles)} per-rep overrides." if mapping.roles else "."
    if roster is not None and roster.role is not None:
        roles = f"Roles from the roster {r_file} (column {roster.role!r}){overrides}"
    else:
        roles = f"Every rep's role is {mapping.role!r} (the export has no roles){overrides}"
    if roster is not None and roster.group is not None:
        group = f"group from the roster {r_file} (column {roster.group!r})."
    else:
        group = "group is unknown ('') for every rep: pay-equity by group cannot be measured."
    out = [seats, roles, group]
    out.append(
        "region_tier: "
        + (
            ", ".join(f"{k}={v}" for k, v in mapping.region_tiers.items()) + "; others "
            if mapping.region_tiers
            else "all regions "
        )
        + f"tier {mapping.default_region_tier}."
    )
    if roster is not None and (roster.hire_date or roster.exit_date or roster.effective_from):
        out.append(
            "Roster dates: a rep is in the seat from the hire month to the exit month; a rep "
            "whose roster rows change (effective_from) is one seat per row (rep@month); base "
            "and allowances are paid for the months in the seat only."
        )
    if mapping.collections is None:
        out.append(
            "The export has no cash data: revenue collected = booked revenue, collected and "
            f"falling due (receivable) {counted(lag, 'month')} after the close date, so the "
            "collection "
            "rate is 100% by construction."
        )
    # Without a new_amount or account column, outcomes' unsplit-revenue note says so.
    if mapping.revenue is not None and mapping.revenue.columns.new_amount:
        out.append(
            f"New business: column {mapping.revenue.columns.new_amount!r} of the revenue table."
        )
    elif mapping.opportunities is not None and mapping.opportunities.columns.account:
        out.append(
            (
                "New business = an account's first won deal in the export (any rep)"
                if mapping.new_customer_scope == "company"
                else "New business = a rep's first won deal with an account"
            )
            + "; accounts bought before the export starts are counted new, so the first "
            "months overstate new business."
        )
    if mapping.opportunities is not None:
        out.append(_pipeline_text(mapping))
    out.append(_big_rule_text(mapping))
    return out


def _pipeline_text(mapping: ActualsMapping) -> str:
    """How pipeline stages become lead counts, in words."""
    assert mapping.opportunities is not None
    if mapping.opportunities.stages is None:
        return "No stage column: every row is a won deal; no pipeline (leads) is measured."
    return (
        "Pipeline stages: Maven-style stages map prospecting -> leads_prospecting, "
        "negotiation (engaging) -> leads_negotiation; a deal counts as a negotiation lead in "
        "the month of its engage date and as a prospecting lead in the same month (it was "
        "prospected no later); undated open prospects "
        + (
            "go to the last period."
            if mapping.undated_prospects == "last_period"
            else "are left out."
        )
    )


def _big_rule_text(mapping: ActualsMapping) -> str:
    """The big-account rule in words."""
    rule = mapping.big_account
    if mapping.accounts is None:
        return "No account table: no account is big."
    if rule.threshold is not None:
        return f"Big accounts: account {rule.by} >= {rule.threshold:g}."
    return f"Big accounts: the largest {rule.top_share:.0%} of accounts by {rule.by}."
