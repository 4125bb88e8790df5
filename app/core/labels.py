"""Which labels a frame of the map draws: by priority, in screen space, no two overlapping.

The caller lists candidates best first (the selected concept, the hovered one, the
selection's neighbours, region names, search hits, then concepts by importance). Each
candidate offers one or more places for its label, preferred first; it gets the first place
that is free, or none. A *forced* candidate (the selection and its neighbours) is always
drawn: in its first free place, or in its preferred place when none is free.

Collision tests use a uniform grid of cells, so a test looks only at the labels placed in
the cells a rectangle touches: a frame with a few hundred labels costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Rect", "Candidate", "Occupancy", "place_labels", "overlaps"]

#: left, top, width, height, in pixels
Rect = tuple[float, float, float, float]

#: Labels keep this many pixels clear of each other.
PAD = 2.0


@dataclass(frozen=True, slots=True)
class Candidate:
    key: Hashable
    places: Sequence[Rect]  # preferred first
    forced: bool = False


class Occupancy:
    """Rectangles placed so far, bucketed in a grid of `cell`-pixel squares."""

    def __init__(self, cell: float = 48.0) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], list[Rect]] = {}

    def _span(self, rect: Rect) -> tuple[range, range]:
        left, top, width, height = rect
        cell = self.cell
        return (
            range(int(left // cell), int((left + width) // cell) + 1),
            range(int(top // cell), int((top + height) // cell) + 1),
        )

    def is_free(self, rect: Rect) -> bool:
        # The hot loop of a frame: the span and the overlap test written out inline.
        left, top, width, height = rect
        right, bottom = left + width + PAD, top + height + PAD
        left, top = left - PAD, top - PAD
        cell = self.cell
        cells = self._cells
        for cx in range(int((left + PAD) // cell), int((right - PAD) // cell) + 1):
            for cy in range(int((top + PAD) // cell), int((bottom - PAD) // cell) + 1):
                for ox, oy, ow, oh in cells.get((cx, cy), ()):
                    if left < ox + ow and ox < right and top < oy + oh and oy < bottom:
                        return False
        return True

    def add(self, rect: Rect) -> None:
        xs, ys = self._span(rect)
        for cx in xs:
            for cy in ys:
                self._cells.setdefault((cx, cy), []).append(rect)


def overlaps(a: Rect, b: Rect, pad: float = PAD) -> bool:
    """Whether two rectangles come closer than `pad` pixels."""
    return (
        a[0] < b[0] + b[2] + pad
        and b[0] < a[0] + a[2] + pad
        and a[1] < b[1] + b[3] + pad
        and b[1] < a[1] + a[3] + pad
    )


def _inside(rect: Rect, bounds: Rect) -> bool:
    return (
        rect[0] >= bounds[0]
        and rect[1] >= bounds[1]
        and rect[0] + rect[2] <= bounds[0] + bounds[2]
        and rect[1] + rect[3] <= bounds[1] + bounds[3]
    )


def place_labels(
    candidates: Iterable[Candidate],
    bounds: Rect | None = None,
    max_misses: int = 100,
    blocked: Iterable[Rect] = (),
) -> dict[Hashable, Rect]:
    """Each placed candidate's rectangle, in priority order; a key is placed once at most.

    An unforced label must lie wholly inside `bounds` (the viewport) and clear of the
    `blocked` areas (a legend over the view). After `max_misses` unforced candidates in a
    row found no room, the screen is full: the rest are skipped, which bounds the cost of a
    frame showing ten thousand concepts.
    """
    taken = Occupancy()
    for rect in blocked:
        taken.add(rect)
    placed: dict[Hashable, Rect] = {}
    misses = 0
    for candidate in candidates:
        if candidate.key in placed:
            continue
        spot = None
        for rect in candidate.places:
            if (candidate.forced or bounds is None or _inside(rect, bounds)) and taken.is_free(
                rect
            ):
                spot = rect
                break
        if spot is None and candidate.forced and candidate.places:
            spot = candidate.places[0]
        if spot is None:
            misses += 1
            if misses >= max_misses:
                break
            continue
        misses = 0
        taken.add(spot)
        placed[candidate.key] = spot
    return placed
