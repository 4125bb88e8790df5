"""The statistics view: per category seen / mastered / due, and a 14-day review forecast chart."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.graph import build_graph
from app.core.progress_report import category_mastery, progress_summary
from app.core.quiz import question_ids_by_concept
from app.core.stats import content_stats
from app.core.store import ContentStore
from app.ui.i18n import add_strings
from app.ui.quiz_text import qtr

__all__ = ["StatsDialog", "ForecastChart", "y_ticks"]

add_strings(
    {
        "stats_category": ("Category", "카테고리"),
        "stats_concepts": ("Concepts", "개념"),
        "stats_questions": ("Questions", "질문"),
        "stats_seen": ("Seen", "학습"),
        "stats_mastered": ("Mastered", "숙련"),
        "stats_due": ("Due", "복습 예정"),
        "stats_mastery": ("Mastery", "숙련도"),
        "stats_units": (
            "Questions, seen, mastered and due all count questions: the written ones and those "
            "made from the graph's links. Mastery is the mean over the category's concepts "
            "(a concept never studied counts 0%).",
            "질문·학습·숙련·복습 예정은 모두 질문 수입니다(직접 쓴 질문과 그래프 연결로 만든 "
            "질문). 숙련도는 카테고리 안 개념들의 평균입니다(학습하지 않은 개념은 0%).",
        ),
        "forecast_x": (
            "days from now (0: due within 24 hours, overdue included)",
            "지금부터 며칠 뒤 (0: 24시간 안에 할 복습, 밀린 복습 포함)",
        ),
        "forecast_y": ("reviews", "복습 수"),
    }
)


#: Narrower than this, the chart's bars get thin.
MIN_WIDTH = 600


def y_ticks(top: int) -> list[int]:
    """0 and evenly spaced round numbers up to at least `top` (at most 5 ticks: 1, 2 or 5 × 10ⁿ)."""
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, step * math.ceil(top / step) + 1, step))


class ForecastChart(QWidget):
    """Bars of reviews due per 24-hour window from now, with labelled axes (QPainter: no QtCharts
    in PySide6-Essentials)."""

    def __init__(self, counts: list[int], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forecastChart")
        self.counts = counts
        self.lang = lang
        metrics = QFontMetrics(self.font())
        self.setMinimumHeight(7 * metrics.height() + 60)
        self.setMinimumWidth(len(counts) * (metrics.horizontalAdvance("00") + 10) + 60)

    def x_labels(self) -> list[str]:
        """What the horizontal axis says under each bar: its window, in days from now."""
        return [str(day) for day in range(len(self.counts))]

    def y_labels(self) -> list[int]:
        return y_ticks(max(self.counts, default=0))

    def plot_rect(self) -> QRectF:
        """Where the bars go: room left for the tick labels, above for the axis name and the
        counts over the bars, below for the day labels and the axis name."""
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        left = max(metrics.horizontalAdvance(str(t)) for t in self.y_labels()) + 12
        return QRectF(left, 2 * line + 6, self.width() - left - 8, self.height() - 5 * line - 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(self.foregroundRole())
        grid = QColor(text)
        grid.setAlpha(60)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        plot = self.plot_rect()
        ticks = self.y_labels()
        top = ticks[-1]
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft,
                         qtr("forecast_y", self.lang))  # fmt: skip
        for tick in ticks:
            y = plot.bottom() - plot.height() * tick / top
            painter.setPen(QPen(grid, 1))
            painter.drawLine(plot.left(), y, plot.right(), y)
            painter.setPen(text)
            painter.drawText(QRectF(0, y - line / 2, plot.left() - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick))  # fmt: skip
        width = plot.width() / max(len(self.counts), 1)
        for day, (count, label) in enumerate(zip(self.counts, self.x_labels(), strict=True)):
            bar = plot.height() * count / top
            rect = QRectF(plot.left() + day * width + 2, plot.bottom() - bar, width - 4, bar)
            painter.fillRect(rect, QColor("#4363d8"))
            if count:
                painter.drawText(QRectF(rect.x() - 4, rect.y() - line - 2, rect.width() + 8, line),
                                 Qt.AlignmentFlag.AlignCenter, str(count))  # fmt: skip
            painter.drawText(QRectF(plot.left() + day * width, plot.bottom() + 4, width, line),
                             Qt.AlignmentFlag.AlignCenter, label)  # fmt: skip
        painter.drawText(QRectF(plot.left(), plot.bottom() + line + 8, plot.width(), line),
                         Qt.AlignmentFlag.AlignCenter, qtr("forecast_x", self.lang))  # fmt: skip
        painter.end()


class StatsDialog(QDialog):
    """Opens at a size that shows every row, column and name in full (up to the screen's)."""

    def __init__(
        self, store: ContentStore, progress_db: Path, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsDialog")
        self.setWindowTitle(qtr("stats_title", lang))
        content = content_stats(store)
        progress = progress_summary(store, progress_db) or {
            "reviewed": 0,
            "categories": {},
            "forecast": [0] * 14,
            "mastery": {},
        }
        by_category = category_mastery(store, progress["mastery"])
        questions = _questions_per_category(store)
        columns = [qtr(f"stats_{key}", lang) for key in
                   ("category", "concepts", "questions", "seen", "mastered", "due", "mastery")]  # fmt: skip
        table = QTableWidget(len(content["categories"]), len(columns), objectName="statsTable")
        table.setHorizontalHeaderLabels(columns)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (category_id, data) in enumerate(content["categories"].items()):
            mine = progress["categories"].get(category_id, {})
            values = [data["title"][lang], data["concepts"], questions.get(category_id, 0),
                      mine.get("seen", 0), mine.get("mastered", 0), mine.get("due", 0),
                      f"{round(by_category.get(category_id, 0.0) * 100)}%"]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        units = qtr("stats_units", lang)
        for column in range(2, len(columns)):
            table.horizontalHeaderItem(column).setToolTip(units)
        table.verticalHeader().setDefaultSectionSize(QFontMetrics(table.font()).height() + 10)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table = table
        self.chart = ForecastChart(progress["forecast"], lang)
        note = QLabel(units, objectName="statsUnits", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(qtr("reviews_total", lang, n=progress["reviewed"])))
        layout.addWidget(table, 1)
        layout.addWidget(note)
        layout.addWidget(QLabel(qtr("forecast", lang)))
        layout.addWidget(self.chart)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        # Only a polished table knows its header's and columns' real sizes (Korean headers
        # are taller than the Latin font's metrics say).
        if not self._fitted:
            self._fitted = True
            self._fit_to_contents()
        super().showEvent(event)

    def _fit_to_contents(self) -> None:
        """Every row and column in full: the table may not shrink below its contents (up to
        half the screen's height, past which it scrolls), and the dialog opens at that size."""
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        self.table.resizeColumnsToContents()
        hint = self.table.sizeHint()
        self.table.setMinimumSize(min(hint.width(), screen.width() - 80),
                                  min(hint.height(), screen.height() // 2))  # fmt: skip
        layout = self.layout()
        layout.activate()
        margins = layout.contentsMargins()
        # The category names take what is left over; no column can shrink below its contents.
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        width = max(self.table.minimumWidth(), self.chart.minimumWidth(), MIN_WIDTH)
        width += margins.left() + margins.right()
        height = max(layout.totalHeightForWidth(width), self.minimumSizeHint().height())
        self.resize(min(width, screen.width()), min(height, screen.height()))


def _questions_per_category(store: ContentStore) -> dict[str, int]:
    """Every question a category's concepts can be asked by (written and generated): the unit
    the seen, mastered and due columns count in."""
    summaries = store.summaries()
    category_of = {s.id: s.category for s in summaries}
    counts: dict[str, int] = {}
    by_concept = question_ids_by_concept(store, build_graph(summaries, store.links()))
    for concept_id, ids in by_concept.items():
        category = category_of.get(concept_id)
        if category is not None:
            counts[category] = counts.get(category, 0) + len(ids)
    return counts
