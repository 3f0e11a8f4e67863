"""A chart as a small HTML image with alt text, so screen readers and the exported report
say what the chart shows (nbconvert's own image output carries no alt text)."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from salesperf_model.present.format import escape

#: Colours kept in a report chart: flat fills and anti-aliased lines need few, and a
#: palette PNG is about a third of the size, which keeps a page under 1 MB.
PALETTE_COLOURS = 64
#: At most this many of them are the chart's own flat colours, kept exact; the rest
#: approximate the anti-aliased edges and text.
FLAT_COLOURS = 40
#: A colour filling at least this many pixels whose neighbours all share it is a flat
#: colour (a bar, a legend swatch: about 100 such pixels at the smallest).
FLAT_PIXELS = 12
#: Resolution of an embedded chart: 9 inches wide make 720 px, sharp at laptop width.
DPI = 80


def _codes(pixels: np.ndarray) -> np.ndarray:
    """Each RGB pixel as one integer, 0xRRGGBB."""
    wide = pixels.astype(np.int32)
    return (wide[..., 0] << 16) | (wide[..., 1] << 8) | wide[..., 2]


def _rgb(codes: np.ndarray) -> np.ndarray:
    return np.stack([codes >> 16, (codes >> 8) & 255, codes & 255], axis=-1)


def _flat_colours(codes: np.ndarray) -> np.ndarray:
    """The colours of the chart's filled areas, most pixels first: a median cut alone
    merges a colour drawn on few pixels (a legend swatch, a thin bar segment) with its
    neighbour in colour space, so that orange and vermillion would print as one brown."""
    centre = codes[1:-1, 1:-1]
    inside = np.ones(centre.shape, dtype=bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            inside &= codes[dy : dy + centre.shape[0], dx : dx + centre.shape[1]] == centre
    values, counts = np.unique(centre[inside], return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return values[order][counts[order] >= FLAT_PIXELS][:FLAT_COLOURS]


def small_png(png: bytes) -> bytes:
    """The same chart as a palette PNG of :data:`PALETTE_COLOURS` colours: the chart's
    flat colours exact, the rest a median cut of the image, every pixel drawn in its
    nearest palette colour (no dithering, which would speckle the bars)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    codes = _codes(np.asarray(image))
    flat = _flat_colours(codes)
    rest = image.quantize(colors=PALETTE_COLOURS - len(flat), method=Image.Quantize.MEDIANCUT)
    cut = np.array(rest.getpalette()[: 3 * (PALETTE_COLOURS - len(flat))]).reshape(-1, 3)
    palette = _rgb(np.unique(np.concatenate([flat, _codes(cut[None, ...])[0]])))
    # each distinct colour's nearest palette colour, exactly (Pillow's own mapping looks
    # colours up at reduced precision: white would come out off-white, a grey box)
    colours, where = np.unique(codes, return_inverse=True)
    distance = ((_rgb(colours)[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)
    indices = distance.argmin(axis=1)[where.ravel()].astype(np.uint8)
    small = Image.frombytes("P", image.size, indices.tobytes())
    small.putpalette(palette.astype(np.uint8).ravel().tolist())
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
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
