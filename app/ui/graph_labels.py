"""The map's names, drawn over the graph in screen space: region names and concept labels.

Every frame chooses afresh which names to draw (app.core.labels: by priority, none
overlapping), so far out the regions and the most linked concepts are named, and each zoom
step in names more. Labels keep one pixel size at every zoom, so whatever is drawn can be
read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTransform

from app.core.labels import Candidate, Rect, place_labels
from app.core.model import short_title
from app.ui.theme import readable_on

if TYPE_CHECKING:
    from app.ui.graph_items import GraphScene

__all__ = ["MapLabels", "Label", "CONCEPT_PX", "REGION_PX", "REGION_KEY"]

#: Pixel height of a concept's name and of a region's name.
CONCEPT_PX = 13
REGION_PX = 19
#: Region names are drawn while the view is further out than this (scene units per pixel).
REGIONS_UNTIL = 0.9
REGION_KEY = "category:"
#: Names longer than this many pixels are cut with "…" (the selected one is shown whole).
MAX_LABEL_PX = 160
_PAD_X = 3.0  # room either side of the text inside its backdrop


@dataclass(frozen=True, slots=True)
class Label:
    key: str  # a concept id, or REGION_KEY + a category id
    rect: QRectF  # viewport pixels, backdrop included
    text: str
    region: bool = False
    emphasis: bool = False  # selected or hovered: bold
    dim: bool = False  # another concept is hovered and this one is not its neighbour


class MapLabels:
    """Chooses and paints the names of one scene for one view."""

    def __init__(self, scene: GraphScene) -> None:
        self.scene = scene
        self.concept_font = QFont()
        self.concept_font.setPixelSize(CONCEPT_PX)
        self.bold_font = QFont(self.concept_font)
        self.bold_font.setBold(True)
        self.region_font = QFont()
        self.region_font.setPixelSize(REGION_PX)
        self.region_font.setBold(True)
        self._metrics = QFontMetricsF(self.bold_font)  # bold: room for either weight
        self._region_metrics = QFontMetricsF(self.region_font)
        self._texts: dict[tuple[str, str, bool], tuple[str, float]] = {}
        self._order: list[tuple[str, float, float, float]] | None = None
        self._order_version = -1
        self._last: tuple[tuple[object, ...], list[Label]] | None = None

    # -- what to draw -------------------------------------------------------------------

    def text_of(self, concept_id: str, whole: bool = False) -> tuple[str, float]:
        """A concept's label in the scene's language and its width in pixels (cached).

        A long name is cut to `MAX_LABEL_PX` with "…" unless `whole`: the panel and the
        selected concept's label show it all.
        """
        whole = whole or concept_id == self.scene.selected
        key = (concept_id, self.scene.lang, whole)
        found = self._texts.get(key)
        if found is None:
            item = self.scene.nodes[concept_id]
            text = short_title(item.title.get(self.scene.lang))
            if not whole:
                text = self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, MAX_LABEL_PX)
            found = (text, self._metrics.horizontalAdvance(text) + 2 * _PAD_X)
            self._texts[key] = found
        return found

    def label_size(self, concept_id: str) -> tuple[float, float]:
        """Width and height of a concept's label in pixels."""
        return self.text_of(concept_id)[1], float(self._metrics.height())

    def _ordered(self) -> list[tuple[str, float, float, float]]:
        """Shown concepts by importance (most linked first): id, x, y, radius."""
        scene = self.scene
        if self._order is None or self._order_version != scene.version:
            nodes = scene.nodes
            self._order = [
                (cid, node.cx, node.cy, node.radius)
                for cid, node in ((cid, nodes[cid]) for cid in scene.rank)
                if scene.is_shown(cid)
            ]
            self._order_version = scene.version
        return self._order

    def _places(
        self, cid: str, transform: QTransform, point: QPointF, away: QPointF | None
    ) -> list[Rect]:
        """Where `cid`'s name may go around its disc at `point` (scene), best first."""
        _text, w = self.text_of(cid)
        line = float(self._metrics.height())
        at = transform.map(point)
        px, py = at.x(), at.y()
        r = self.scene.nodes[cid].radius * math.hypot(transform.m11(), transform.m12())
        below = (px - w / 2, py + r + 1, w, line)
        right = (px + r + 3, py - line / 2, w, line)
        above = (px - w / 2, py - r - 1 - line, w, line)
        left = (px - r - 3 - w, py - line / 2, w, line)
        if away is None:
            return [below, right, above, left]
        # Around the selected concept a name goes on the side facing away from it, level
        # with its disc or a little above or below, so a ring's names stack up its sides.
        dx, dy = point.x() - away.x(), point.y() - away.y()
        side = right if dx >= 0 else left
        raised = (side[0], side[1] - line * 0.75, w, line)
        lowered = (side[0], side[1] + line * 0.75, w, line)
        outward = [side, lowered, raised] if dy >= 0 else [side, raised, lowered]
        vertical = [below, above] if dy >= 0 else [above, below]
        if abs(dy) > 8 * abs(dx):  # at the very top or bottom: above or below first
            return vertical + outward
        return outward + vertical

    def _forced(self, transform: QTransform, settled: bool = False) -> Iterator[Candidate]:
        """The names always drawn: the selected, hovered and cursor concepts, the selection's
        neighbours. `settled`: where a running glide leaves the nodes."""
        scene = self.scene

        def where(cid: str) -> QPointF:
            return scene.settled_pos(cid) if settled else scene.nodes[cid].pos()

        selected = scene.selected if scene.selected in scene.nodes else None
        centre = where(selected) if selected else None
        for cid in (selected, scene.hovered, scene.cursor):
            if cid and cid in scene.nodes and scene.is_shown(cid):
                yield Candidate(cid, self._places(cid, transform, where(cid), None), forced=True)
        if selected and centre is not None:
            near = [c for c in scene.neighbours.get(selected, ()) if scene.is_shown(c)]

            def upright(cid: str) -> tuple[float, str]:
                offset = where(cid) - centre
                return abs(offset.x()) / (abs(offset.x()) + abs(offset.y()) + 1e-9), cid

            # The ones straight above or below first: they have the fewest good places.
            for cid in sorted(near, key=upright):
                places = self._places(cid, transform, where(cid), centre)
                yield Candidate(cid, places, forced=True)

    def forced_extent(self, transform: QTransform) -> tuple[bool, QRectF]:
        """Whether every always-drawn name finds a place of its own at `transform` (with the
        nodes where they settle), and the pixels those names and their discs cover."""
        scene = self.scene
        wanted = list(self._forced(transform, settled=True))
        placed = place_labels([Candidate(c.key, c.places) for c in wanted])
        extent = QRectF()
        scale = math.hypot(transform.m11(), transform.m12())
        for candidate in wanted:
            left, top, w, h = placed.get(candidate.key, candidate.places[0])
            extent = extent.united(QRectF(left, top, w, h))
            key = str(candidate.key)
            r = scene.nodes[key].radius * scale
            at = transform.map(scene.settled_pos(key))
            extent = extent.united(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
        return len(placed) == len({c.key for c in wanted}), extent

    def frame(
        self, transform: QTransform, width: int, height: int, blocked: list[Rect] | None = None
    ) -> list[Label]:
        """The labels of a frame whose scene-to-viewport mapping is `transform`, in a
        viewport of `width` × `height` pixels where `blocked` areas are covered."""
        scene = self.scene
        if not scene.nodes:
            return []
        # A repaint of the same view of the same scene draws the same names.
        state = (
            (transform.m11(), transform.m12(), transform.m21(), transform.m22()),
            (transform.dx(), transform.dy(), width, height, tuple(blocked or ())),
            (scene.version, scene.selected, scene.hovered, scene.cursor, scene.lang),
            (tuple(scene.search_hits), bool(scene.home)),
        )
        if self._last is not None and self._last[0] == state:
            return self._last[1]
        labels = self.choose(transform, width, height, blocked)
        self._last = (state, labels)
        return labels

    def choose(
        self, transform: QTransform, width: int, height: int, blocked: list[Rect] | None = None
    ) -> list[Label]:
        """The labels of a frame, chosen afresh (what a pan or zoom step costs)."""
        scene = self.scene
        scale = math.hypot(transform.m11(), transform.m12())
        inverse, _ok = transform.inverted()
        seen = inverse.mapRect(QRectF(0, 0, width, height))
        regions: dict[str, str] = {}

        def candidates() -> Iterator[Candidate]:
            yield from self._forced(transform)
            for cid in scene.search_hits:
                if cid in scene.nodes and scene.is_shown(cid):
                    point = scene.nodes[cid].pos()
                    if seen.contains(point):
                        yield Candidate(cid, self._places(cid, transform, point, None))
            if not scene.home and scale < REGIONS_UNTIL:
                yield from self._region_candidates(transform, regions, width, height)
            left, top, right, bottom = seen.left(), seen.top(), seen.right(), seen.bottom()
            for cid, x, y, _radius in self._ordered():
                if left <= x <= right and top <= y <= bottom:
                    yield Candidate(cid, self._places(cid, transform, QPointF(x, y), None))

        bounds = (0.0, 0.0, float(width), float(height))
        placed = place_labels(candidates(), bounds, blocked=blocked or ())
        near = (
            scene.neighbours.get(scene.hovered, set()) | {scene.hovered} if scene.hovered else None
        )
        labels = []
        for key, (left, top, w, h) in placed.items():
            name = str(key)
            rect = QRectF(left, top, w, h)
            if name.startswith(REGION_KEY):
                labels.append(Label(name, rect, regions[name], region=True))
            else:
                labels.append(
                    Label(
                        name,
                        rect,
                        self.text_of(name)[0],
                        emphasis=name in (scene.selected, scene.hovered),
                        dim=near is not None and name not in near,
                    )
                )
        return labels

    def _region_candidates(
        self, transform: QTransform, regions: dict[str, str], width: int, height: int
    ) -> Iterator[Candidate]:
        """Each shown category's name at the centre of its concepts, or just above or below;
        kept inside the view when its region reaches the edge."""
        scene = self.scene
        line = float(self._region_metrics.height())
        for category_id, (x, y) in scene.region_centres().items():
            category = scene.categories.get(category_id)
            if category is None:
                continue
            key = REGION_KEY + category_id
            text = category.title.get(scene.lang)
            regions[key] = text
            w = self._region_metrics.horizontalAdvance(text) + 4 * _PAD_X
            point = transform.map(QPointF(x, y))
            if not (0 <= point.x() <= width and 0 <= point.y() <= height):
                continue  # the region's middle is off screen: its concepts speak for it
            px = min(max(point.x() - w / 2, 0.0), max(width - w, 0.0))
            py = min(max(point.y() - line / 2, 0.0), max(height - line, 0.0))
            shifts = (0.0, -1.2, 1.2, -2.4, 2.4)
            yield Candidate(key, [(px, py + s * line, w, line) for s in shifts])

    # -- how to draw it -----------------------------------------------------------------

    def paint(self, painter: QPainter, labels: list[Label], text: QColor, backdrop: QColor) -> None:
        """Draw `labels` with a painter already in viewport coordinates."""
        painter.setPen(Qt.PenStyle.NoPen)
        halo = QColor(backdrop)
        halo.setAlpha(215)
        painter.setBrush(halo)
        for label in labels:
            painter.drawRoundedRect(label.rect, 4, 4)
        faint = QColor(text)
        faint.setAlpha(90)
        painter.setFont(self.concept_font)
        current = self.concept_font
        for label in labels:
            if label.region:
                colour = self.region_colour(label.key[len(REGION_KEY) :], backdrop) or text
                font = self.region_font
            else:
                colour = faint if label.dim else text
                font = self.bold_font if label.emphasis else self.concept_font
            if font is not current:
                painter.setFont(font)
                current = font
            painter.setPen(colour)
            painter.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)

    def region_colour(self, category_id: str, backdrop: QColor) -> QColor | None:
        """A region's name in its category's hue, readable (4.5:1) on `backdrop`."""
        category = self.scene.categories.get(category_id)
        return readable_on(QColor(category.colour), backdrop) if category else None

    def forget_texts(self) -> None:
        """Titles or the language changed."""
        self._texts.clear()
        self._last = None
