"""Products, accounts and customers: aliases, unknown names, sectors, big accounts, new business."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from salesperf_model.actuals.cleaning import ImportContext, apply_alias
from salesperf_model.actuals.files import blank, read_table
from salesperf_model.actuals.mapping import ActualsMapping
from salesperf_model.actuals.problems import ProblemLog


def check_products(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """Product aliases, products missing from the product table, and each deal's product
    line (``product_line``: the table's `line` column, else the product itself)."""
    mapping = ctx.mapping
    problems = ctx.problems
    folder = ctx.folder
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    if oc.product is not None:
        apply_alias(
            deals,
            "product",
            mapping.aliases.product,
            what=o_name,
            problems=problems,
            label="product",
        )
    deals["product_line"] = deals["product"]
    if oc.product is not None and mapping.products is not None:
        pc = mapping.products.columns
        needed = [pc.product] if pc.line is None else [pc.product, pc.line]
        products = read_table(folder, mapping.products, "products", needed=needed)
        known_products = set(products[pc.product].str.strip())
        problems.add(
            o_name,
            oc.product,
            "product not in the product table",
            mask=~deals["product"].isin(known_products) & ~blank(deals["product"]),
            fix="kept as its own product line (earns x1 unless the plan names it)",
            severity="warning",
            values=deals["product"],
        )
        if pc.line is not None:
            names = products[pc.product].str.strip()
            lines = pd.Series(products[pc.line].str.strip().to_numpy(), index=names)
            line_of = deals["product"].map(lines[~lines.index.duplicated()])
            deals["product_line"] = line_of.where(line_of.notna(), deals["product"])
    return deals


def attach_accounts(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """Blank and unknown accounts; each deal's sector and big-account flag."""
    mapping = ctx.mapping
    problems = ctx.problems
    folder = ctx.folder
    oc = mapping.opportunities.columns
    o_name = mapping.opportunities.file
    deals["sector"] = pd.NA
    deals["is_big"] = False
    if oc.account is not None:
        apply_alias(
            deals,
            "account",
            mapping.aliases.account,
            what=o_name,
            problems=problems,
            label="account",
        )
        blank_account = blank(deals["account"])
        problems.add(
            o_name,
            oc.account,
            "blank account on an open deal",
            mask=blank_account & ~deals["stage"].isin(["won", "lost"]),
            fix="kept in pipeline stage counts; no customer attached",
            severity="note",
        )
        problems.add(
            o_name,
            oc.account,
            "blank account on a closed deal",
            mask=blank_account & deals["stage"].isin(["won", "lost"]),
            fix="kept; a won deal's revenue counts as existing-customer, not big, no new customer",
            severity="warning",
        )
        if mapping.accounts is not None:
            accounts = _read_accounts(folder, mapping, problems)
            unknown_account = ~blank_account & ~deals["account"].isin(accounts.index)
            problems.add(
                o_name,
                oc.account,
                "account not in the account table",
                mask=unknown_account,
                fix="kept; counted as not big, sector unknown",
                severity="warning",
                values=deals["account"],
            )
            deals["sector"] = deals["account"].map(accounts["sector"])
            deals["is_big"] = deals["account"].map(accounts["is_big"]).eq(True)
    return deals


def mark_new_customers(deals: pd.DataFrame, ctx: ImportContext) -> pd.DataFrame:
    """New business: an account's first won deal (by close date, then export order),
    company-wide or per rep."""
    mapping = ctx.mapping
    won = deals[(deals["stage"] == "won") & ~blank(deals["account"])]
    scope = ["account"] if mapping.new_customer_scope == "company" else ["rep_id", "account"]
    first_win = won.sort_values(["close_date", "row"]).drop_duplicates(scope).index
    deals["is_new_customer"] = deals.index.isin(first_win)
    return deals


def _read_accounts(folder: Path, mapping: ActualsMapping, problems: ProblemLog) -> pd.DataFrame:
    """Account table indexed by account name with `sector` and `is_big`."""
    assert mapping.accounts is not None
    ac = mapping.accounts.columns
    a_name = mapping.accounts.file
    size_column = {"revenue": ac.revenue, "employees": ac.employees}[mapping.big_account.by]
    needed = [c for c in (ac.account, ac.sector, size_column) if c is not None]
    table = read_table(folder, mapping.accounts, "accounts", needed=needed)
    table[ac.account] = table[ac.account].str.strip()
    duplicate = table.duplicated(ac.account)
    problems.add(
        a_name,
        ac.account,
        "account listed twice",
        mask=duplicate,
        fix="first row kept",
        severity="error",
        values=table[ac.account],
    )
    table = table[~duplicate]
    apply_alias(
        table, ac.account, mapping.aliases.account, what=a_name, problems=problems, label="account"
    )
    sector = pd.Series(pd.NA, index=table.index, dtype=object)
    if ac.sector is not None:
        sector = table[ac.sector].str.strip()
        frame = pd.DataFrame({"sector": sector})
        apply_alias(
            frame, "sector", mapping.aliases.sector, what=a_name, problems=problems, label="sector"
        )
        sector = frame["sector"]
        if mapping.accounts.sectors is not None:
            problems.add(
                a_name,
                ac.sector,
                "sector not in the declared list (possible misspelling)",
                mask=~sector.isin(mapping.accounts.sectors) & ~blank(sector),
                fix="kept as is; declare an alias to fix it",
                severity="warning",
                values=sector,
            )
    if size_column is None:
        raise ValueError(
            f"big_account.by is {mapping.big_account.by!r} but accounts.columns."
            f"{mapping.big_account.by} is not set"
        )
    size = pd.to_numeric(table[size_column], errors="coerce")
    problems.add(
        a_name,
        size_column,
        f"account {mapping.big_account.by} missing or not a number",
        mask=size.isna(),
        fix="counted as not big",
        severity="warning",
        values=table[size_column],
    )
    if mapping.big_account.threshold is not None:
        is_big = size >= mapping.big_account.threshold
    else:
        n_big = int(np.ceil(mapping.big_account.top_share * size.notna().sum()))
        is_big = size.rank(ascending=False, method="first") <= n_big
    return pd.DataFrame(
        {"sector": sector.to_numpy(), "is_big": is_big.fillna(False).to_numpy()},
        index=pd.Index(table[ac.account], name="account"),
    )
