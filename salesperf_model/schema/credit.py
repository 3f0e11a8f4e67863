"""The `pay.credit:` section: split and double credit between teammates, overlay roles, a manager's override.

Every rule is off by default (``splits: [1.0, 0.0]``, no overlay, no override), so a plan
that says nothing credits each sale to the one seat that made it, as before. The share of
revenue that is team-sold is a fact about the sales force, not a plan rule:
``population.team_sold_share``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from salesperf_model.schema.base import Section, Settlement, check_roles, unit
from salesperf_model.schema.bounds import Attainment, Money, Rate, Share

#: Shares adding to 1 within this are "adding to 1" (0.6 + 0.4 in binary is not exact).
SHARE_TOLERANCE = 1e-9


class Overlay(Section):
    """An overlay role credited on the revenue of the reps it covers, without reducing
    their credit: every overlay seat of a team (or region) shares ``share`` x the covered
    seats' commission-base revenue equally, and is paid ``rate`` on that credit."""

    role: str = Field(
        description="Role credited as the overlay; for example key_account_manager as a big-account specialist beside the team's reps (a key of outcomes.ROLES).",
    )
    covers: Literal["team", "region"] = Field(
        "team",
        description="Which seats an overlay seat covers: its team or its whole region. Default team: the unit a specialist supports.",
    )
    covered_roles: list[str] | None = Field(
        None,
        description="Roles whose revenue the overlay is credited on; default (null): every seat of the unit that is neither an overlay seat nor a regional manager.",
    )
    share: Share = Field(
        0.25,
        description="Share of the covered seats' revenue credited to the unit's overlay seats together. Default 25%: the low end of the 25-50% of deal value overlay specialists are typically credited (practitioner guide on split crediting, revopsmasters.com, 'Split crediting rules').",
        json_schema_extra=unit("share"),
    )
    rate: Rate = Field(
        0.03,
        description="Rate paid on the overlay credit. Default 3%: assumption, the brief's first commission tier (section 5), so a credit earns what a rep's first tier pays.",
        json_schema_extra=unit("share of credited revenue"),
    )
    settlement: Settlement = Field(
        "monthly",
        description="How often the overlay pay is settled (paid in the period's last month).",
    )

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        check_roles([value], "pay.credit.overlay.role")
        return value

    @field_validator("covered_roles")
    @classmethod
    def _covered(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "pay.credit.overlay.covered_roles")
        return value


class ManagerOverride(Section):
    """A manager's override on the team: a rate on the team's revenue, or an amount paid by
    the team's rolled-up attainment (the team's summed revenue over its summed quota)."""

    role: str = Field(
        "regional_manager",
        description="The manager role paid the override (each leads one team, outcomes.REP_COLUMNS team).",
    )
    paid_on: Literal["revenue", "attainment"] = Field(
        "revenue",
        description="`revenue`: `rate` x the team's commission-base revenue; `attainment`: `target_amount` a month x the team's attainment (nothing below `threshold`, at most `cap_attainment`).",
    )
    rate: Rate = Field(
        0.005,
        description="Override rate on the team's revenue (paid_on: revenue). Default 0.5%: assumption, a sixth of the brief's 3% first tier, so a manager of about six reps earns about one rep's first-tier commission.",
        json_schema_extra=unit("share of team revenue"),
    )
    target_amount: Money = Field(
        0.0,
        description="Monthly override at 100% team attainment (paid_on: attainment). Default 0: set it when paying on attainment.",
        json_schema_extra=unit("money per month"),
    )
    threshold: Attainment = Field(
        0.0,
        description="Team attainment below which no override is paid (paid_on: attainment). Default 0: none.",
        json_schema_extra=unit("attainment ratio"),
    )
    cap_attainment: Attainment | None = Field(
        None,
        description="Team attainment above which the override stops rising (paid_on: attainment). Default null: no cap.",
        json_schema_extra=unit("attainment ratio"),
    )
    settlement: Settlement = Field(
        "monthly",
        description="How often the override is settled (paid in the period's last month).",
    )

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        check_roles([value], "pay.credit.override.role")
        return value

    @model_validator(mode="after")
    def _check(self) -> ManagerOverride:
        if self.paid_on == "attainment" and self.target_amount <= 0:
            raise ValueError(
                f"target_amount: is {self.target_amount:g} but the override is paid on "
                "attainment; expected a monthly amount above 0, e.g. 2000"
            )
        if self.cap_attainment is not None and self.cap_attainment <= self.threshold:
            raise ValueError(
                f"cap_attainment: {self.cap_attainment:g} is not above the threshold "
                f"{self.threshold:g}; expected a cap above the threshold"
            )
        return self


class Credit(Section):
    """Who is credited with a sale (engine/credit.py)."""

    splits: tuple[Share, Share] = Field(
        (1.0, 0.0),
        description="Credit shares of a team-sold sale: [seller, teammate]. Must add to 1, or to more than 1 with `double_credit: true` (e.g. [1.0, 1.0]). Default [1.0, 0.0]: the seller keeps all credit (no split). Practitioners' primary/secondary splits give the owner 60-70% and the helper 30-40% (revopsmasters.com, 'Split crediting rules').",
        json_schema_extra=unit("share"),
    )
    double_credit: bool = Field(
        False,
        description="Whether the plan allows credit shares adding to more than 1 (double credit). Default false: shares must add to exactly 1.",
    )
    roles: list[str] | None = Field(
        None,
        description="Roles that co-sell with a teammate; default (null): the commission's roles (`pay.commission.roles`). Each co-selling seat's teammate is the next co-selling seat of its team in the rep table (the first after the last).",
    )
    overlay: Overlay | None = Field(
        None, description="An overlay role credited on the covered reps' revenue; default none."
    )
    override: ManagerOverride | None = Field(
        None, description="A manager's override on the team's revenue or attainment; default none."
    )

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            check_roles(value, "pay.credit.roles")
        return value

    @model_validator(mode="after")
    def _check(self) -> Credit:
        total = sum(self.splits)
        shown = f"[{self.splits[0]:g}, {self.splits[1]:g}]"
        if total < 1 - SHARE_TOLERANCE:
            raise ValueError(
                f"splits: {shown} add to {total:g}; expected shares adding to 1 (credit "
                "left unassigned would be lost), e.g. [0.6, 0.4]"
            )
        if total > 1 + SHARE_TOLERANCE and not self.double_credit:
            raise ValueError(
                f"splits: {shown} add to {total:g} but double_credit is false; expected "
                "shares adding to 1, or `double_credit: true` to credit more than the sale"
            )
        return self

    @property
    def splits_sale(self) -> bool:
        """Whether a team-sold sale is credited to anyone but its seller."""
        return self.splits != (1.0, 0.0)

    @property
    def enabled(self) -> bool:
        """Whether any credit rule is on (off: pay exactly as without this section)."""
        return self.splits_sale or self.overlay is not None or self.override is not None
