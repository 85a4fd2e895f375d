"""Where to put the labels of a network's nodes so that each names its node and none overlaps another.

Pure geometry in display units (no matplotlib), so it can be tested alone. Labels are placed
greedily, most important node first. Each tries places all round its node (right, left, above,
below, shifted along those sides, the corners) at increasing distance and takes the nearest free
one: clear of every other label, node and leader line, and inside the figure. A label that sits
further from its node's edge than half the node's radius and a small gap, or at least as near to
another node as to its own, is tied to its node by a thin leader line (one that crosses no other
label, node or leader line) and, if asked, kept as far from every other node; a label with no
free place within reach is not drawn, and the caller says so: a figure with fewer labels is better than one whose labels a reader cannot attach.

adjustText, the usual library for this, moves labels iteratively and can leave overlaps; here a
label either has a free place or is left out, which is what a test can hold the figure to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Placement:
    """A label's box (lower left and upper right corners), whether it needs a leader line, and the
    line's ends (from the node's edge to the box's nearest point) when it does."""

    box: Box
    leader: bool
    line: tuple[tuple[float, float], tuple[float, float]] | None = None

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


def box_gap(box: Box, x: float, y: float, r: float = 0.0) -> float:
    """How far a box is from the edge of a circle of radius ``r`` at (x, y); 0 where they touch.

    >>> box_gap((10, -5, 20, 5), 0, 0, 4)
    6.0
    """
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return max(math.hypot(dx, dy) - r, 0.0)


def _candidates(x: float, y: float, w: float, h: float, d: float) -> np.ndarray:
    """Boxes of size ``w`` × ``h`` whose nearest point is ``d`` from (x, y): beside, above and below
    the point (centred and shifted along that side), then at the corners; preferred first."""
    c = d / math.sqrt(2)
    s = min(h / 2, d)  # a shift along a side that keeps the point level with the box
    t = min(w / 2, d)
    return np.array(
        [
            (x + d, y - h / 2, x + d + w, y + h / 2),  # right
            (x - d - w, y - h / 2, x - d, y + h / 2),  # left
            (x - w / 2, y + d, x + w / 2, y + d + h),  # above
            (x - w / 2, y - d - h, x + w / 2, y - d),  # below
            (x + d, y - h / 2 + s, x + d + w, y + h / 2 + s),  # right, a little up
            (x + d, y - h / 2 - s, x + d + w, y + h / 2 - s),  # right, a little down
            (x - d - w, y - h / 2 + s, x - d, y + h / 2 + s),  # left, a little up
            (x - d - w, y - h / 2 - s, x - d, y + h / 2 - s),  # left, a little down
            (x - t, y + d, x - t + w, y + d + h),  # above, to the right
            (x + t - w, y + d, x + t, y + d + h),  # above, to the left
            (x - t, y - d - h, x - t + w, y - d),  # below, to the right
            (x + t - w, y - d - h, x + t, y - d),  # below, to the left
            (x + c, y + c, x + c + w, y + c + h),  # upper right
            (x - c - w, y + c, x - c, y + c + h),  # upper left
            (x + c, y - c - h, x + c + w, y - c),  # lower right
            (x - c - w, y - c - h, x - c, y - c),  # lower left
        ],
        dtype=float,
    )


def _crosses_box(p: tuple[float, float], q: tuple[float, float], box: Box, pad: float = 0.0) -> bool:
    """Whether the segment p–q passes through ``box`` grown by ``pad`` (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    dx, dy = q[0] - p[0], q[1] - p[1]
    lo, hi = 0.0, 1.0
    for step, room in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return hi - lo > 1e-9


def _crosses_segment(p, q, a, b) -> bool:
    """Whether the segments p–q and a–b cross."""

    def turn(u, v, w):
        return (v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0])

    return turn(p, q, a) * turn(p, q, b) < 0 and turn(a, b, p) * turn(a, b, q) < 0


def _near_segment(p, q, x: float, y: float, r: float) -> bool:
    """Whether the segment p–q comes within ``r`` of (x, y)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else min(max(((x - p[0]) * dx + (y - p[1]) * dy) / length, 0.0), 1.0)
    return math.hypot(p[0] + t * dx - x, p[1] + t * dy - y) < r


def place_labels(
    points: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    radii: list[float],
    bounds: Box,
    *,
    order: list[int] | None = None,
    pad: float = 2.0,
    obstacles: list[Box] = (),
    reach: float | None = None,
    apart: float = 0.0,
) -> list[Placement | None]:
    """A free place for each label near its node, or None where there is none.

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
        Least distance between a label and anything else, and the gap to its own node.
    obstacles
        Other boxes to keep clear of (a legend, a title).
    reach
        The farthest a label may sit from its node's edge (then with a leader line); by default
        four times the label's height.
    apart
        A label with a leader line keeps further than ``pad`` and this many radii from every other
        node (0.5: as far as a label without one may sit from its own), so it never reads as theirs.

    Two nodes side by side: the first label's place to the right is taken by the second node,
    so it goes to the left; the second takes its right.

    >>> placed = place_labels([(50, 50), (60, 50)], [(30, 10), (30, 10)], [3, 3], (0, 0, 200, 100))
    >>> [(p.box, p.leader) for p in placed]
    [((15.0, 45.0, 45.0, 55.0), False), ((65.0, 45.0, 95.0, 55.0), False)]
    """
    n = len(points)
    centres = np.array(points, dtype=float).reshape(n, 2)
    rad = np.array(radii, dtype=float).reshape(n)
    taken = np.array(list(obstacles), dtype=float).reshape(-1, 4)
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    result: list[Placement | None] = [None] * n
    for i in order if order is not None else range(n):
        w, h = sizes[i]
        if w <= 0 or h <= 0:
            continue
        x, y = centres[i]
        r = rad[i]
        far = 4 * h if reach is None else reach
        step = max(h / 3, 1.0)
        rings = np.arange(pad, far + 1e-9, step)
        boxes = np.concatenate([_candidates(x, y, w, h, r + g) for g in rings])
        gaps = np.repeat(rings, len(boxes) // len(rings))
        ok = (
            (boxes[:, 0] >= bounds[0])
            & (boxes[:, 1] >= bounds[1])
            & (boxes[:, 2] <= bounds[2])
            & (boxes[:, 3] <= bounds[3])
        )
        if len(taken):
            hit = (
                (boxes[:, None, 0] < taken[None, :, 2] + pad)
                & (taken[None, :, 0] < boxes[:, None, 2] + pad)
                & (boxes[:, None, 1] < taken[None, :, 3] + pad)
                & (taken[None, :, 1] < boxes[:, None, 3] + pad)
            )
            ok &= ~hit.any(axis=1)
        # Each candidate's gap to every other node's edge: none closer than pad.
        dx = np.maximum(
            np.maximum(boxes[:, None, 0] - centres[None, :, 0], 0.0), centres[None, :, 0] - boxes[:, None, 2]
        )
        dy = np.maximum(
            np.maximum(boxes[:, None, 1] - centres[None, :, 1], 0.0), centres[None, :, 1] - boxes[:, None, 3]
        )
        others = np.hypot(dx, dy) - rad[None, :]
        others[:, i] = np.inf
        nearest = others.min(axis=1) if n > 1 else np.full(len(boxes), np.inf)
        ok &= nearest >= pad
        # A leader line where the label is far from its node, or as near to another node.
        leader = (gaps > 0.5 * r + pad + 1e-9) | (nearest < gaps + pad)
        # ... and then, if asked, out of every other node's reach, where it would read as that node's.
        if n > 1 and apart:
            ok &= ~leader | ((others - apart * rad[None, :]).min(axis=1) > pad + 1e-9)
        for k in np.lexsort((leader, gaps)):
            if not ok[k]:
                continue
            box = tuple(float(v) for v in boxes[k])
            if any(_crosses_box(p, q, box, pad / 2) for p, q in lines):
                continue
            line = None
            if leader[k]:
                qx, qy = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
                dist = math.hypot(qx - x, qy - y)
                p = (float(x + (qx - x) * r / dist), float(y + (qy - y) * r / dist))
                line = (p, (float(qx), float(qy)))
                if any(_crosses_box(*line, other, 0.0) for other in taken):
                    continue
                if any(
                    _near_segment(*line, cx, cy, cr + 1.0)
                    for j, (cx, cy, cr) in enumerate(zip(*centres.T, rad))
                    if j != i
                ):
                    continue
                if any(_crosses_segment(*line, *other) for other in lines):
                    continue
                lines.append(line)
            result[i] = Placement(box, bool(leader[k]), line)
            taken = np.vstack([taken, boxes[k]])
            break
    return result


__all__ = ["Box", "Placement", "box_gap", "overlaps", "place_labels"]
