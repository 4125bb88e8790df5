"""The legend overlay: category colours and link-kind line styles, painted in the view's corner."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.core.model import Category
from app.ui.graph_layers import EDGE_STYLES
from app.ui.i18n import tr

__all__ = ["Legend"]


class Legend(QWidget):
    """A small translucent card; click-through so it never blocks the graph."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.categories: list[Category] = []
        self.lang = "en"

    def set_content(self, categories: list[Category], lang: str) -> None:
        self.categories = categories
        self.lang = lang
        metrics = QFontMetrics(self.font())
        labels = [c.title.get(lang) for c in categories] + [
            tr(f"kind_{k}", lang) for k in EDGE_STYLES
        ]
        width = max((metrics.horizontalAdvance(t) for t in labels), default=80) + 52
        rows = len(categories) + len(EDGE_STYLES)
        self.resize(width, rows * (metrics.height() + 3) + 20)
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
        for category in self.categories:
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
        for kind, (colour, width, style, arrow) in EDGE_STYLES.items():
            mid = y + step / 2
            painter.setPen(QPen(QColor(colour), width, style))
            painter.drawLine(QPointF(6, mid), QPointF(28, mid))
            if arrow:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(colour))
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
        painter.end()
