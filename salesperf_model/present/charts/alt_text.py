"""Alt text for every chart a report shows: what the chart shows, in words, from the
figure itself (its title, axes and series), attached to the notebook output's metadata so
the exported HTML's ``<img alt>`` says it (screen readers, a page whose image failed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The output metadata key nbconvert's image block reads (``get_metadata('alt', 'image/png')``).
ALT_KEY = "alt"


def _words(text: str) -> str:
    """One line of chart text: matplotlib's escaped dollars and line breaks undone."""
    return " ".join(text.replace("\\$", "$").split())


def _title(axes: Axes) -> str:
    return next(
        (_words(axes.get_title(loc)) for loc in ("center", "left", "right") if axes.get_title(loc)),
        "",
    )


def _series(axes: Axes) -> list[str]:
    """The names in the axes' legend (or the figure's), in order."""
    legend = axes.get_legend()
    if legend is None:
        return []
    return [_words(t.get_text()) for t in legend.get_texts() if t.get_text().strip()]


def _panel(axes: Axes) -> str:
    """One panel in words: its title, what each axis shows, the series drawn."""
    parts = []
    title = _title(axes)
    if title:
        parts.append(title.rstrip(".") + ".")
    x, y = _words(axes.get_xlabel()), _words(axes.get_ylabel())
    if x and y:
        parts.append(f"{y} (vertical) against {x} (horizontal).")
    elif x or y:
        parts.append(f"Axis: {x or y}.")
    series = _series(axes)
    if series:
        parts.append("Shown: " + ", ".join(series) + ".")
    return " ".join(parts)


def describe(figure: Figure) -> str:
    """What a chart shows, in words: its title, then each panel's title, axes and series.
    A chart whose drawing says more than its labels sets ``figure.salesperf_alt``."""
    own = getattr(figure, "salesperf_alt", "")
    if own:
        return str(own)
    suptitle = figure._suptitle.get_text() if figure._suptitle is not None else ""
    panels = [p for p in (_panel(axes) for axes in figure.axes if axes.get_visible()) if p]
    if len(panels) > 1:
        panels = [f"Panel {i}: {p}" for i, p in enumerate(panels, start=1)]
    head = f"Chart: {_words(suptitle).rstrip('.')}." if suptitle else "Chart."
    return " ".join([head, *panels])


def png_with_alt(figure: Figure) -> tuple[bytes | None, dict[str, str]]:
    """The figure as PNG bytes, drawn as the inline backend draws it and stored as a
    palette PNG (a third of the size: pages stay under 1 MB), and its alt text."""
    from IPython.core.pylabtools import print_figure

    from salesperf_model.present.charts.embed import small_png

    png = print_figure(figure, "png", bbox_inches="tight")
    return (small_png(png) if png else png), {ALT_KEY: describe(figure)}


def enable_alt_text() -> bool:
    """Make the running IPython kernel give every matplotlib figure it displays its alt
    text (call after ``%matplotlib inline``). False outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["image/png"].for_type(Figure, png_with_alt)
    return True
