"""The list of a content pack's errors: grouped by file, each with its line, in the UI language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Finding
from app.ui.i18n import add_strings, tr

__all__ = ["PackErrorsDialog"]

add_strings(
    {
        "pack_errors_count": (
            "{n} error(s) in {m} file(s). Each file below lists the line of each problem.",
            "파일 {m}개에 오류 {n}개가 있습니다. 아래에 파일별로 문제가 있는 줄을 보여 줍니다.",
        ),
        "pack_errors_line": ("Line", "줄"),
        "pack_errors_problem": ("Problem", "문제"),
        "pack_errors_whole_file": ("whole file", "파일 전체"),
        "pack_errors_copy": ("Copy the list", "목록 복사"),
        "pack_errors_copied": ("Copied.", "복사했습니다."),
        "pack_errors_close": ("Close", "닫기"),
    }
)


class PackErrorsDialog(QDialog):
    """Why a pack was not opened: one branch per file, one row per error (`line`, message).

    Each message is in the UI language; its tooltip is the English `validate` line.
    `text()`, `informativeText()` and `detailedText()` answer as the message box it replaced
    did: the heading, the sentence naming the folder, and the plain `path:line: error: message`
    lines (what "Copy the list" copies, and what `backend-atlas validate` prints).
    """

    def __init__(
        self, pack_dir: Path, findings: Iterable[Finding], lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("packErrorsDialog")
        self.setWindowTitle(tr("pack_errors", lang))
        self.errors = sorted(f for f in findings if f.severity == "error")
        self._text = tr("pack_errors", lang)
        self._informative = tr("pack_errors_detail", lang, path=str(pack_dir))
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.errors:
            by_file[finding.path].append(finding)

        heading = QLabel(self._text, textFormat=Qt.TextFormat.PlainText)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        intro = QLabel(self._informative, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        count = QLabel(tr("pack_errors_count", lang, n=len(self.errors), m=len(by_file)))
        count.setWordWrap(True)
        count.setTextFormat(Qt.TextFormat.PlainText)

        tree = QTreeWidget(objectName="packErrorsList")
        tree.setColumnCount(2)
        tree.setHeaderLabels([tr("pack_errors_line", lang), tr("pack_errors_problem", lang)])
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.header().setStretchLastSection(True)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for path, errors in by_file.items():
            relative = _relative(path, pack_dir)
            branch = QTreeWidgetItem(tree, [f"{relative}  ({len(errors)})"])
            branch.setData(0, Qt.ItemDataRole.UserRole, relative)
            branch.setFirstColumnSpanned(True)
            branch.setFont(0, bold)
            branch.setToolTip(0, path)
            for finding in errors:
                line = str(finding.line) if finding.line else tr("pack_errors_whole_file", lang)
                row = QTreeWidgetItem(branch, [line, finding.describe(lang)])
                row.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                row.setToolTip(1, str(finding))
        tree.expandAll()
        self.tree = tree

        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(
            tr("pack_errors_copy", lang), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setObjectName("packErrorsCopy")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        close = buttons.addButton(
            tr("pack_errors_close", lang), QDialogButtonBox.ButtonRole.RejectRole
        )
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self._copied = tr("pack_errors_copied", lang)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(count)
        layout.addWidget(tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)

    # The message box this replaced answered these; tests and callers still ask them.
    def text(self) -> str:
        return self._text

    def informativeText(self) -> str:  # noqa: N802 - QMessageBox's name
        return self._informative

    def detailedText(self) -> str:  # noqa: N802 - QMessageBox's name
        return "\n".join(str(f) for f in self.errors)

    def _on_copy_clicked(self) -> None:
        QApplication.clipboard().setText(self.detailedText())
        self.copy_button.setText(self._copied)


def _relative(path: str, pack_dir: Path) -> str:
    try:
        return Path(path).relative_to(pack_dir).as_posix()
    except ValueError:
        return path
