"""Where to put the labels of a network's nodes so that none overlaps another label or a node.

Pure geometry in display units (no matplotlib), so it can be tested alone. Labels are placed
greedily, most important node first: each tries the eight places around its node (right, left,
above, below, then the corners), then the same eight further out, twice, where a thin leader line
ties it to its node. A label with no free place is not drawn, and the caller says so: a figure
with fewer labels is better than one with labels printed over each other.

adjustText, the usual library for this, moves labels iteratively and can leave overlaps; here a
label either has a free place or is left out, which is what a test can hold the figure to.
"""

from __future__ import annotations

from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Placement:
    """A label's box (lower left and upper right corners) and whether it needs a leader line."""

    box: Box
    leader: bool

    @property
    def anchor(self) -> tuple[float, float]:
        """The box's lower left corner."""
        return self.box[0], self.box[1]


def overlaps(a: Box, b: Box, pad: float = 0.0) -> bool:
    """Whether two boxes overlap (or come closer than ``pad``).

    >>> overlaps((0, 0, 10, 10), (5, 5, 15, 15))
    True
    >>> overlaps((0, 0, 10, 10), (10, 0, 20, 10))
    False
    """
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _candidates(x: float, y: float, w: float, h: float, gap: float) -> list[Box]:
    """The eight boxes of size ``w`` × ``h`` around a point, ``gap`` away from it."""
    return [
        (x + gap, y - h / 2, x + gap + w, y + h / 2),  # right
        (x - gap - w, y - h / 2, x - gap, y + h / 2),  # left
        (x - w / 2, y + gap, x + w / 2, y + gap + h),  # above
        (x - w / 2, y - gap - h, x + w / 2, y - gap),  # below
        (x + gap * 0.7, y + gap * 0.7, x + gap * 0.7 + w, y + gap * 0.7 + h),  # upper right
        (x - gap * 0.7 - w, y + gap * 0.7, x - gap * 0.7, y + gap * 0.7 + h),  # upper left
        (x + gap * 0.7, y - gap * 0.7 - h, x + gap * 0.7 + w, y - gap * 0.7),  # lower right
        (x - gap * 0.7 - w, y - gap * 0.7 - h, x - gap * 0.7, y - gap * 0.7),  # lower left
    ]


def place_labels(
    points: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    radii: list[float],
    bounds: Box,
    *,
    order: list[int] | None = None,
    pad: float = 2.0,
    obstacles: list[Box] = (),
) -> list[Placement | None]:
    """A free place for each label, or None where there is none.

    Parameters
    ----------
    points
        The nodes' centres.
    sizes
        Each label's width and height; a label of size (0, 0) is not placed.
    radii
        Each node's radius: labels keep clear of every node.
    bounds
        The area labels must stay inside.
    order
        Which labels choose first (indexes into ``points``); by default the given order.
    pad
        Least distance between a label and anything else.
    obstacles
        Other boxes to keep clear of (a legend, a title).

    Two nodes side by side: the first label's place to the right is taken by the second node,
    so it goes to the left; the second takes its right.

    >>> placed = place_labels([(50, 50), (60, 50)], [(30, 10), (30, 10)], [3, 3], (0, 0, 200, 100))
    >>> [p.box for p in placed]
    [(15.0, 45.0, 45.0, 55.0), (65.0, 45.0, 95.0, 55.0)]
    """
    nodes = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, radii)]
    taken: list[Box] = list(obstacles)
    result: list[Placement | None] = [None] * len(points)
    for i in order if order is not None else range(len(points)):
        w, h = sizes[i]
        if w <= 0 or h <= 0:
            continue
        x, y = points[i]
        near = radii[i] + pad
        far = near + 1.2 * h + 2 * pad
        for ring, leader in ((near, False), (far, True), (far + 1.5 * h + 2 * pad, True)):
            for box in _candidates(x, y, w, h, ring):
                box = tuple(float(v) for v in box)
                inside = box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
                if not inside or any(overlaps(box, other, pad) for other in taken):
                    continue
                if any(overlaps(box, node, pad) for j, node in enumerate(nodes) if j != i):
                    continue
                result[i] = Placement(box, leader)
                taken.append(box)
                break
            if result[i] is not None:
                break
    return result


__all__ = ["Box", "Placement", "overlaps", "place_labels"]
