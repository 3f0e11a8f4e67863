"""The colours of the charts that split one whole into parts (pay by month by component,
pay differences by source) stay apart: one yellow at most, none too pale on white, every
pair far apart for normal colour vision and for the three kinds of colour blindness, and
the stacked chart draws each part in a colour of its own.

Colour distance is CIEDE2000 (checked below on Sharma, Wu & Dalal's published pairs);
colour blindness is simulated with Machado, Oliveira & Fernandes (2009) at full severity.
"""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from salesperf_model.present.charts.money_views import (
    COMPONENT_COLOURS,
    FIXED_COLOUR,
    OTHER_COLOUR,
    cash_flow_components_chart,
)
from salesperf_model.present.charts.pay_variance import PART_COLOURS

#: Machado et al. (2009), severity 1.0, applied to linear RGB.
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
#: Two parts of one chart must differ by at least this CIEDE2000 distance in every vision
#: (about 2 is a just-noticeable difference; 10 is plainly different side by side).
MIN_DISTANCE = 10.0
#: Lightest contrast against the white page a part may have (Okabe-Ito yellow is 1.3:1).
MIN_CONTRAST_ON_WHITE = 1.5
#: CIELCh hue angles a reader calls yellow: Okabe-Ito orange (78 degrees) reads as a dark
#: yellow beside Okabe-Ito yellow (100 degrees); vermillion (56 degrees) reads as red-orange.
YELLOW_HUES = (60.0, 105.0)


def linear_rgb(colour: str) -> np.ndarray:
    channels = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear sRGB colour."""
    to_xyz = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = to_xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_as(colour: str, vision: str) -> np.ndarray:
    """The CIELAB colour a reader with ``vision`` sees."""
    return lab(np.clip(VISION[vision] @ linear_rgb(colour), 0.0, 1.0))


def ciede2000(first: np.ndarray, second: np.ndarray) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    mean_chroma = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(mean_chroma**7 / (mean_chroma**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    mean_l, mean_c = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        mean_h = h1 + h2
    elif abs(h1 - h2) <= 180:
        mean_h = (h1 + h2) / 2
    else:
        mean_h = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(mean_h - 30))
        + 0.24 * np.cos(np.radians(2 * mean_h))
        + 0.32 * np.cos(np.radians(3 * mean_h + 6))
        - 0.20 * np.cos(np.radians(4 * mean_h - 63))
    )
    rotation = -np.sin(np.radians(60 * np.exp(-(((mean_h - 275) / 25) ** 2)))) * (
        2 * np.sqrt(mean_c**7 / (mean_c**7 + 25**7))
    )
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / np.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_c, 1 + 0.015 * mean_c * t
    terms = ((l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h)
    return float(np.sqrt(sum(x * x for x in terms) + rotation * terms[1] * terms[2]))


def contrast_on_white(colour: str) -> float:
    luminance = float(np.dot([0.2126, 0.7152, 0.0722], linear_rgb(colour)))
    return 1.05 / (luminance + 0.05)


def yellows(colours) -> list[str]:
    out = []
    for colour in colours:
        _l, a, b = lab(linear_rgb(colour))
        hue = float(np.degrees(np.arctan2(b, a)) % 360)
        if np.hypot(a, b) >= 40 and YELLOW_HUES[0] <= hue <= YELLOW_HUES[1]:
            out.append(colour)
    return out


def closest_pair(colours) -> tuple[float, str, str, str]:
    """The two colours nearest each other in any vision: distance, vision, colours."""
    return min(
        (ciede2000(seen_as(a, vision), seen_as(b, vision)), vision, a, b)
        for vision in VISION
        for a, b in itertools.combinations(colours, 2)
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7, 8, 17 and 25
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_the_colour_distance_is_ciede2000(first, second, expected):
    assert ciede2000(np.array(first), np.array(second)) == pytest.approx(expected, abs=1e-4)


def test_the_colour_checks_catch_the_two_yellows_leadership_saw():
    orange, yellow = "#E69F00", "#F0E442"  # Okabe-Ito orange and yellow
    assert yellows([orange, yellow, "#D55E00", "#0072B2"]) == [orange, yellow]
    assert contrast_on_white(yellow) == pytest.approx(1.32, abs=0.01)
    assert seen_as("#FFFFFF", "normal") == pytest.approx([100.0, 0.0, 0.0], abs=0.01)


PALETTES = {
    "pay by month": (*COMPONENT_COLOURS, FIXED_COLOUR, OTHER_COLOUR),
    "pay differences": tuple(PART_COLOURS.values()),
}


@pytest.mark.parametrize("name", list(PALETTES))
def test_each_part_chart_has_one_yellow_at_most_and_no_colour_pale_on_white(name):
    palette = PALETTES[name]
    assert len(set(palette)) == len(palette), f"{name}: a colour drawn twice"
    assert len(yellows(palette)) <= 1, f"{name}: {yellows(palette)} read as two yellows"
    chromatic = [c for c in palette if len({c[1:3], c[3:5], c[5:7]}) > 1]
    pale = [c for c in chromatic if contrast_on_white(c) < MIN_CONTRAST_ON_WHITE]
    assert pale == [], f"{name}: {pale} too pale on the white page"


@pytest.mark.parametrize("name", list(PALETTES))
def test_every_two_parts_stay_apart_for_colour_blind_readers(name):
    distance, vision, first, second = closest_pair(PALETTES[name])
    assert distance >= MIN_DISTANCE, f"{name}: {first} and {second} alike in {vision}"


def test_the_pay_by_month_chart_draws_every_component_in_its_own_colour():
    periods = [f"2026-{m:02d}" for m in range(1, 13)]
    parts = ["commission", "target bonus", "team award bonus", "profit share bonus"]
    parts += ["over achievement bonus", "holdback", "windfall", "SPIF"]
    table = pd.DataFrame({"period": periods, "base pay and allowances": 1e6})
    for i, part in enumerate(parts):
        table[part] = (len(parts) - i) * 1e5
    table["total"] = table.drop(columns="period").sum(axis=1)
    figure = cash_flow_components_chart(table, baseline_total=None, currency="CNY", title="t")
    axes = figure.axes[0]
    drawn = {
        container.get_label(): to_hex(container.patches[0].get_facecolor())
        for container in axes.containers
    }
    coloured = [c.upper() for label, c in drawn.items() if label != "base pay and allowances"]
    kept = len(COMPONENT_COLOURS) - 1  # the rest are added up in one dark grey bar
    assert list(drawn)[1 : kept + 1] == parts[:kept]
    assert f"{len(parts) - kept} smaller components" in drawn
    assert coloured == [*COMPONENT_COLOURS[:kept], OTHER_COLOUR.upper()]
    plt.close(figure)
