"""The Qt face of Backend Atlas: widgets that render what `app.core` computes."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

__all__ = ["build_main_window"]


def build_main_window(
    data_dir: str | os.PathLike[str] | None = None,
    pack_dir: str | os.PathLike[str] | None = None,
) -> MainWindow:
    """The main window on `pack_dir` (default: the bundled pack), not shown, no event loop.

    A QApplication must exist. When the content database is current the graph is loaded
    before this returns; otherwise it builds in the background and `content_loaded` fires.
    """
    from app.ui.main_window import MainWindow

    return MainWindow(data_dir=data_dir, pack_dir=pack_dir)
