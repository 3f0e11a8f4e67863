"""The explorer's payout curve: one figure drawn once, its edited line moved in place and re-rendered only when the commission changes."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from salesperf_model.present.charts.payout import payout_curve_table
from salesperf_model.present.charts.style import (
    BASELINE_COLOUR,
    PLAN_COLOURS,
    apply_style,
    literal,
)
from salesperf_model.schema import Scenario

#: A rep with this monthly quota, as in the reports' payout curves.
QUOTA = 100_000.0


class PayoutCurve:
    """Monthly commission against attainment: the starting plan dashed grey, the edited
    plan in colour. :meth:`png` re-renders only when the edited commission changed (a
    re-render costs about 0.1 s; building the figure again would double that)."""

    def __init__(self, start: Scenario) -> None:
        apply_style()
        self.start = start
        table = payout_curve_table({"start": start}, QUOTA)
        self.attainment = table["attainment"].to_numpy()
        # A bare Figure, not pyplot: nothing is shown twice by the notebook's inline backend.
        self.figure = Figure(figsize=(8.0, 3.6), dpi=80)
        FigureCanvasAgg(self.figure)
        self.axes = axes = self.figure.subplots()
        (self.start_line,) = axes.plot(
            self.attainment,
            table["start"],
            color=BASELINE_COLOUR,
            linestyle="--",
            linewidth=2.0,
            label=literal(f"{start.name} (start)"),
        )
        (self.edited_line,) = axes.plot(
            self.attainment,
            table["start"],
            color=PLAN_COLOURS[0],
            linewidth=2.4,
            label="edited plan",
        )
        axes.axvline(1.0, color="#999999", linewidth=1, linestyle=":")
        axes.xaxis.set_major_formatter(PercentFormatter(1.0))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        axes.set_xlabel("Attainment (revenue as % of quota)")
        axes.set_ylabel(f"Commission a month ({start.currency})")
        axes.legend(loc="upper left", fontsize=10)
        axes.set_title(
            f"Commission for a rep with a {QUOTA:,.0f} {start.currency} monthly quota", fontsize=11
        )
        self.figure.tight_layout()
        self._key: str | None = None
        self._png = b""

    def png(self, edited: Scenario) -> bytes:
        """The chart with ``edited``'s curve, as PNG bytes."""
        key = edited.pay.commission.model_dump_json()
        if key == self._key:
            return self._png
        table = payout_curve_table({"edited": edited}, QUOTA)
        edited_pay = table["edited"].to_numpy()
        self.edited_line.set_ydata(edited_pay)
        top = max(float(edited_pay.max()), float(self.start_line.get_ydata().max()))
        self.axes.set_ylim(0, top * 1.05 or 1.0)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self._key, self._png = key, buffer.getvalue()
        return self._png
