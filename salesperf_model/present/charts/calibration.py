"""The calibration fit figure: actual against simulated distributions in the report style."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from salesperf_model.present.charts.style import OKABE_ITO, apply_style, wrap_title

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from salesperf_model.calibrate.result import Calibration
    from salesperf_model.outcomes import Outcomes

#: Actual first, simulated second: the order calibrate.plot_fit draws them in.
FIT_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["vermillion"],
)
#: Panels of plot_fit that show a density: a reader compares shapes, not densities.
DENSITY_PANELS: tuple[str, ...] = ("Deal size", "Engage", "Revenue per", "Won deals")


def calibration_fit_chart(
    calibration: Calibration, simulated: Outcomes, currency: str, *, title: str
) -> Figure:
    """calibrate.plot_fit drawn in the report style and Okabe-Ito colours (actual blue,
    simulated orange), under a title that states the finding, without its panel of fitted
    values (the report's table lists them). Density axes lose their tick values; money
    axes get their unit, the deal sizes' logarithms read as money."""
    # Imported here: calibration pulls in scipy and the actuals reader, which only the
    # calibration report needs.
    from salesperf_model.calibrate import plot_fit

    apply_style()
    with plt.rc_context({"axes.prop_cycle": cycler(color=FIT_COLOURS), "axes.titlesize": 11}):
        figure = plot_fit(calibration, simulated, fitted_values=False)  # a table shows them
        for axes in figure.axes:
            name = axes.get_title(loc="center") or axes.get_title(loc="left")
            if name.startswith(DENSITY_PANELS):
                axes.set_yticks([])
                axes.set_ylabel("share (density)")
            if name.startswith("Deal size"):
                _money_on_log_axis(axes, f"money per won deal ({currency}, log scale)")
            if name.startswith("Revenue per"):
                axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v / 1e3:,.0f}k"))
                axes.set_xlabel(f"booked revenue per rep and month ({currency})")
            elif name.startswith("Won deals"):
                axes.set_xlabel("won deals per rep and month")
            elif name.startswith("Seasonality"):
                axes.set_xlabel("calendar month")
                axes.set_ylabel("revenue / monthly mean")
        figure.set_size_inches(12, 7.8)
        figure.suptitle(wrap_title(title, 110), fontsize=12, fontweight="bold", x=0.01, ha="left")
        figure.tight_layout(rect=(0, 0, 1, 0.96))
    return figure


def _short_money(value: float) -> str:
    """A round amount as a tick reads it: 100, 1k, 10k, 1M."""
    value = round(value, 6)  # exp(log(1000)) is 999.9999...
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:,.0f}{suffix}"
    return f"{value:,.0f}"


def _money_on_log_axis(axes: Axes, label: str) -> None:
    """An axis drawn in natural logarithms of money, ticked at powers of ten in money."""
    low, high = axes.get_xlim()
    powers = [10.0**k for k in range(10) if low <= math.log(10.0**k) <= high]
    axes.xaxis.set_major_locator(FixedLocator([math.log(p) for p in powers]))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _short_money(math.exp(v))))
    axes.set_xlabel(label)
