"""The text of an SVG figure as a reader's eye meets it: each line, its font size and its box on the page.

litmap's SVGs keep text as text (``<text>`` elements naming DejaVu Sans, the font matplotlib measured
with). Boxes are measured here independently of the drawing code: the width with the font's own
advance widths (FreeType, through matplotlib's font cache), the height from the baseline up 0.76 em
(DejaVu's ascenders) and down 0.24 em (its descenders). SVG user units are points.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = r"-?[\d.]+(?:e-?\d+)?"


@dataclass(frozen=True)
class TextBox:
    text: str
    size: float
    bold: bool
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 (y grows downwards, as in SVG)

    def overlaps(self, other: TextBox, tolerance: float = 0.5) -> bool:
        a, b = self.box, other.box
        return (
            a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance
        )


@lru_cache(maxsize=4096)
def text_advance(text: str, size: float, bold: bool) -> float:
    """Width of ``text`` in points, set in DejaVu Sans at ``size`` points."""
    from matplotlib import font_manager
    from matplotlib.ft2font import LoadFlags

    prop = font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    font = font_manager.get_font(font_manager.findfont(prop))
    font.set_size(size, 72)
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64


def _style(element) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    return {k.strip(): v.strip() for k, v in pairs}


def text_boxes(path: str | Path) -> list[TextBox]:
    """Every line of text in an SVG written by matplotlib with ``svg.fonttype = "none"``."""
    boxes = []
    for element in ET.parse(path).getroot().iter(f"{SVG}text"):
        text = "".join(element.itertext())
        if not text.strip():
            continue
        style = _style(element)
        size = float(style["font-size"].removesuffix("px"))
        bold = style.get("font-weight", "400") not in ("400", "normal")
        transform = element.get("transform", "")
        angle = 0.0
        if element.get("x") is not None:
            x, y = float(element.get("x")), float(element.get("y"))
        else:
            x, y = (float(v) for v in re.search(rf"translate\(({_NUMBER})[ ,]+({_NUMBER})\)", transform).groups())
        turned = re.search(rf"rotate\(({_NUMBER})", transform)
        if turned:
            angle = float(turned.group(1)) % 360
        width = text_advance(text, size, bold)
        anchor = style.get("text-anchor", "start")
        start = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
        along = (start, start + width)
        across = (-0.76 * size, 0.24 * size)
        if round(angle) in (0, 360):
            box = (x + along[0], y + across[0], x + along[1], y + across[1])
        elif round(angle) == 270:  # rotate(-90): the text runs upwards
            box = (x + across[0], y - along[1], x + across[1], y - along[0])
        else:
            raise ValueError(f"text at an angle of {angle}° is not measured: {text!r}")
        boxes.append(TextBox(text, size, bold, box))
    return boxes


def overlapping(boxes: list[TextBox]) -> list[tuple[str, str]]:
    """Pairs of lines whose boxes overlap."""
    return [(a.text, b.text) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]


def page_size(path: str | Path) -> tuple[float, float]:
    """Width and height of the SVG page in points."""
    root = ET.parse(path).getroot()
    return float(root.get("width").removesuffix("pt")), float(root.get("height").removesuffix("pt"))
