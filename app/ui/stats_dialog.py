"""The statistics view: per category seen / mastered / due, and a 14-day review forecast chart."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.progress_report import category_mastery, progress_summary
from app.core.stats import content_stats
from app.core.store import ContentStore
from app.ui.quiz_text import qtr

__all__ = ["StatsDialog", "ForecastChart"]


class ForecastChart(QWidget):
    """Bars of reviews due per day, painted with QPainter (no QtCharts in PySide6-Essentials)."""

    def __init__(self, counts: list[int], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forecastChart")
        self.counts = counts
        self.lang = lang
        self.setMinimumHeight(180)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(self.foregroundRole())
        top = max(self.counts, default=0) or 1
        n = len(self.counts) or 1
        left, bottom, height = 30.0, self.height() - 24.0, self.height() - 44.0
        width = (self.width() - left - 10) / n
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, left - 4, 16), Qt.AlignmentFlag.AlignRight, str(top))
        today = datetime.now().date()
        for day, count in enumerate(self.counts):
            bar = height * count / top
            rect = QRectF(left + day * width + 2, bottom - bar, width - 4, bar)
            painter.fillRect(rect, QColor("#4363d8"))
            if count:
                painter.drawText(
                    QRectF(rect.x(), rect.y() - 16, rect.width(), 14),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )
            label = (
                qtr("today", self.lang)
                if day == 0
                else (today + timedelta(days=day)).strftime("%d")
            )
            painter.drawText(
                QRectF(left + day * width, bottom + 4, width, 16),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
        painter.end()


class StatsDialog(QDialog):
    def __init__(
        self, store: ContentStore, progress_db: Path, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsDialog")
        self.setWindowTitle(qtr("stats_title", lang))
        self.resize(720, 560)
        content = content_stats(store)
        progress = progress_summary(store, progress_db) or {
            "reviewed": 0,
            "categories": {},
            "forecast": [0] * 14,
            "mastery": {},
        }
        by_category = category_mastery(store, progress["mastery"])
        columns = [
            "",
            "concepts",
            "questions",
            qtr("seen", lang),
            qtr("mastered", lang),
            qtr("due", lang),
            qtr("mastery", lang),
        ]
        if lang == "ko":
            columns[1:3] = ["개념", "질문"]
        table = QTableWidget(len(content["categories"]), len(columns), objectName="statsTable")
        table.setHorizontalHeaderLabels(columns)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (category_id, data) in enumerate(content["categories"].items()):
            mine = progress["categories"].get(category_id, {})
            values = [data["title"][lang], data["concepts"], data["questions"],
                      mine.get("seen", 0), mine.get("mastered", 0), mine.get("due", 0),
                      f"{round(by_category.get(category_id, 0.0) * 100)}%"]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table = table
        self.chart = ForecastChart(progress["forecast"], lang)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(qtr("reviews_total", lang, n=progress["reviewed"])))
        layout.addWidget(table, 1)
        layout.addWidget(QLabel(qtr("forecast", lang)))
        layout.addWidget(self.chart)
