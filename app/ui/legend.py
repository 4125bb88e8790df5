"""The legend overlay: category colours, link-kind line styles and mastery ring colours, in the view's corner."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.core.model import Category
from app.ui.graph_items import mastery_colour
from app.ui.graph_layers import EDGE_STYLES, edge_colour
from app.ui.i18n import add_strings, tr

__all__ = ["Legend"]

add_strings(
    {
        "legend_mastery": ("Mastery ring:", "숙련도 테두리:"),
        "legend_mastery_none": ("not studied yet", "아직 학습 전"),
        "legend_mastery_0": ("0% — forgotten or never right", "0% — 잊었거나 아직 못 맞힘"),
        "legend_mastery_50": ("50% — half remembered", "50% — 절반 정도 기억"),
        "legend_mastery_100": ("100% — remembered for 3 weeks", "100% — 3주 동안 기억"),
    }
)

#: The mastery values the key shows (the ring colour runs smoothly between them).
_MASTERY_KEY = [
    (None, "legend_mastery_none"),
    (0.0, "legend_mastery_0"),
    (0.5, "legend_mastery_50"),
    (1.0, "legend_mastery_100"),
]


class Legend(QWidget):
    """A small translucent card; click-through so it never blocks the graph.

    It lists the categories on screen (not the ones hidden from Categories), the link kinds,
    and, while mastery rings are shown, what their colours mean.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.categories: list[Category] = []
        self.hidden: set[str] = set()
        self.mastery_shown = False
        self.lang = "en"

    def set_content(self, categories: list[Category], lang: str) -> None:
        self.categories = categories
        self.lang = lang
        self._resize()

    def set_hidden(self, hidden: set[str]) -> None:
        """The categories hidden from the graph: the legend leaves them out."""
        self.hidden = set(hidden)
        self._resize()

    def set_mastery_shown(self, shown: bool) -> None:
        """Explain the mastery ring colours while the rings are on the graph."""
        self.mastery_shown = shown
        self._resize()

    def shown_categories(self) -> list[Category]:
        return [c for c in self.categories if c.id not in self.hidden]

    def mastery_rows(self) -> list[tuple[QColor, str]]:
        """(ring colour, what it means) for each row of the mastery key; none when hidden."""
        if not self.mastery_shown:
            return []
        return [(mastery_colour(value), tr(key, self.lang)) for value, key in _MASTERY_KEY]

    def place(self) -> None:
        """Bottom left of the view, where the graph's fit leaves room for it."""
        parent = self.parentWidget()
        self.move(10, max(10, parent.height() - self.height() - 10))

    def _resize(self) -> None:
        metrics = QFontMetrics(self.font())
        labels = [c.title.get(self.lang) for c in self.shown_categories()]
        labels += [tr(f"kind_{k}", self.lang) for k in EDGE_STYLES]
        mastery = self.mastery_rows()
        labels += [text for _colour, text in mastery] + (
            [tr("legend_mastery", self.lang)] if mastery else []
        )
        width = max((metrics.horizontalAdvance(t) for t in labels), default=80) + 52
        rows = (
            len(self.shown_categories()) + len(EDGE_STYLES) + (len(mastery) + 1 if mastery else 0)
        )
        self.resize(width, rows * (metrics.height() + 3) + 20)
        self.place()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = self.palette().color(self.backgroundRole())
        background.setAlpha(215)
        painter.setPen(QPen(self.palette().color(self.foregroundRole()).lighter(160), 0.8))
        painter.setBrush(QBrush(background))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        metrics = QFontMetrics(self.font())
        step = metrics.height() + 3
        y = 8.0
        text_colour = self.palette().color(self.foregroundRole())
        for category in self.shown_categories():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(category.colour))
            painter.drawEllipse(QPointF(18, y + step / 2), 6, 6)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(36, y, self.width() - 40, step),
                Qt.AlignmentFlag.AlignVCenter,
                category.title.get(self.lang),
            )
            y += step
        dark = text_colour.lightness() > 128
        for kind, (_colour, width, style, arrow) in EDGE_STYLES.items():
            mid = y + step / 2
            colour = edge_colour(kind, dark)
            painter.setPen(QPen(colour, width, style))
            painter.drawLine(QPointF(6, mid), QPointF(28, mid))
            if arrow:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawPolygon(
                    QPolygonF([QPointF(31, mid), QPointF(24, mid - 4), QPointF(24, mid + 4)])
                )
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(36, y, self.width() - 40, step),
                Qt.AlignmentFlag.AlignVCenter,
                tr(f"kind_{kind}", self.lang),
            )
            y += step
        mastery = self.mastery_rows()
        if mastery:
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(6, y, self.width() - 10, step),
                Qt.AlignmentFlag.AlignVCenter,
                tr("legend_mastery", self.lang),
            )
            y += step
        for colour, meaning in mastery:
            painter.setPen(QPen(colour, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(18, y + step / 2), 5.5, 5.5)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(36, y, self.width() - 40, step), Qt.AlignmentFlag.AlignVCenter, meaning
            )
            y += step
        painter.end()
