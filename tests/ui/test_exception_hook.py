"""An unexpected error reaches the user as one sentence in a dialog, the traceback goes to a log."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.ui.application import install_exception_hook


def test_hook_logs_the_traceback_and_shows_a_sentence(qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_exception_hook(tmp_path / "logs")
    try:
        raise RuntimeError("disk on fire")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    log = (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: disk on fire" in log
    assert len(shown) == 1
    assert "Traceback" not in shown[0]
    assert str(tmp_path / "logs" / "errors.log") in shown[0] and "disk on fire" in shown[0]
