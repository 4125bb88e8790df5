"""Help → About: version, licence, where the user's data lives, the open content pack, the README."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app import __version__
from app.core.paths import resources_dir
from app.ui.i18n import add_strings, tr

__all__ = ["LICENCE", "readme_path", "about_box"]

#: As pyproject.toml's `license` says (tests/ui/test_polish_messages.py keeps them equal).
LICENCE = "MIT"

add_strings(
    {
        "about_tagline": (
            "Study the concepts backend interviews ask about as a graph: browse, quiz with "
            "spaced repetition, export to HTML.",
            "백엔드 면접에 나오는 개념을 그래프로 공부합니다: 둘러보기, 간격 반복 퀴즈, HTML "
            "내보내기.",
        ),
        "about_version": ("Version", "버전"),
        "about_licence": ("Licence", "라이선스"),
        "about_data": ("Your data folder", "내 데이터 폴더"),
        "about_pack": ("Content pack", "콘텐츠 팩"),
        "about_pack_size": ("{n} concepts, {m} links", "개념 {n}개, 연결 {m}개"),
        "about_readme": ("How to use it: the README", "사용법: README"),
        "about_no_readme": (
            "The README is not installed with this copy.",
            "이 설치본에는 README가 없습니다.",
        ),
    }
)


def readme_path() -> Path:
    """The README beside the shipped resources (in a checkout, or copied into the wheel)."""
    return resources_dir().parent / "README.md"


def about_box(
    parent: QWidget, lang: str, data_dir: Path, pack_dir: Path, concepts: int, links: int
) -> QMessageBox:
    """The About box (not yet shown): every path in it is the real one for this copy."""
    readme = readme_path()
    if readme.is_file():
        url = QUrl.fromLocalFile(str(readme)).toString()
        readme_line = f'<a href="{html.escape(url)}">{html.escape(tr("about_readme", lang))}</a>'
    else:
        readme_line = html.escape(tr("about_no_readme", lang))
    rows = [
        (tr("about_version", lang), __version__),
        (tr("about_licence", lang), LICENCE),
        (tr("about_data", lang), str(data_dir)),
        (tr("about_pack", lang),
         f"{pack_dir}\n{tr('about_pack_size', lang, n=concepts, m=links)}"),
    ]  # fmt: skip
    table = "".join(
        f"<tr><td><b>{html.escape(name)}</b>&nbsp;&nbsp;</td>"
        f"<td>{html.escape(value).replace(chr(10), '<br>')}</td></tr>"
        for name, value in rows
    )
    box = QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle(tr("about", lang))
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        f"<h3>Backend Atlas {html.escape(__version__)}</h3>"
        f"<p>{html.escape(tr('about_tagline', lang))}</p>"
        f"<table>{table}</table><p>{readme_line}</p>"
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        label.setOpenExternalLinks(True)  # the README opens in the desktop's viewer
    return box
