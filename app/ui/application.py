"""Start the GUI: one QApplication, an exception hook that shows a dialog and logs, the main window."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.paths import resources_dir, user_paths

__all__ = ["run", "install_exception_hook", "app_icon"]


def install_exception_hook(log_dir: os.PathLike[str] | str) -> None:
    """Unexpected errors: full traceback to a log file, one sentence in a dialog; never a crash."""
    from pathlib import Path

    log_path = Path(log_dir) / "errors.log"

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with log_path.open("a", encoding="utf-8") as log:
                log.write(f"--- {dt.datetime.now(dt.UTC).isoformat()}\n{text}\n")
        except OSError:
            pass
        app = QApplication.instance()
        if app is not None:
            from app.ui.i18n import system_language, tr

            lang = system_language()
            QMessageBox.critical(
                None,
                tr("error", lang),
                tr("unexpected_error", lang, log=str(log_path)) + f"\n\n{value}",
            )
        else:
            sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook


def app_icon() -> QIcon:
    """The application icon: the SVG, plus the rendered PNG sizes for platforms that want them."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("backend-atlas-*.png")):
        icon.addFile(str(png))
    svg = folder / "backend-atlas.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def run(
    data_dir: str | None = None, pack_dir: str | None = None, qt_args: list[str] | None = None
) -> int:
    """Run the app until its window closes; returns the exit code.

    `qt_args` are Qt's own options from the command line (`-style fusion`, `-platform xcb`).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1] + list(qt_args or []))
    app.setApplicationName("Backend Atlas")
    app.setOrganizationName("backend-atlas")
    app.setDesktopFileName("backend-atlas")  # Wayland and taskbars match the .desktop file
    app.setWindowIcon(app_icon())
    paths = user_paths(data_dir).ensure()
    install_exception_hook(paths.logs)
    from app.ui import build_main_window

    window = build_main_window(data_dir=data_dir, pack_dir=pack_dir)
    window.show()
    return app.exec()
