"""A chart as a small HTML image with alt text, so screen readers and the exported report
say what the chart shows (nbconvert's own image output carries no alt text)."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

from salesperf_model.present.format import escape

#: Colours kept in a report chart: flat fills and anti-aliased lines need few, and a
#: palette PNG is about a third of the size, which keeps a page under 1 MB.
PALETTE_COLOURS = 64
#: Resolution of an embedded chart: 9 inches wide make 720 px, sharp at laptop width.
DPI = 80


def small_png(png: bytes) -> bytes:
    """The same chart as a palette PNG of :data:`PALETTE_COLOURS` colours."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT).save(
        out, "PNG", optimize=True
    )
    return out.getvalue()


def figure_html(figure: Figure, alt: str) -> str:
    """``<img>`` with the figure inlined as PNG (offline) and ``alt`` escaped; closes the
    figure. An empty ``alt`` is refused: every chart must say what it shows."""
    if not alt.strip():
        raise ValueError("alt text is empty: say what the chart shows")
    if not alt.startswith("Chart"):  # as every other chart's alt text opens (alt_text.py)
        alt = f"Chart: {alt}"
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", dpi=DPI)
    plt.close(figure)
    data = base64.b64encode(small_png(buffer.getvalue())).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" '
        'style="max-width:100%;height:auto">'
    )
