"""Screenshots for the README: the real window under Xvfb, in English and Korean.

Run: xvfb-run -a -s "-screen 0 1600x1000x24" python docs/make_screenshots.py
(needs Debian's xvfb and fonts-noto-cjk). Writes, for each language, the whole graph at
first sight (docs/screenshot-en.png, docs/screenshot-ko.png) and a concept's local graph at
depth 2 (docs/screenshot-local-en.png, docs/screenshot-local-ko.png).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def _settle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _grab(name: str, width: int, height: int) -> None:
    shot = QGuiApplication.primaryScreen().grabWindow(0, 0, 0, width, height)
    target = ROOT / "docs" / name
    shot.save(str(target))
    print(f"wrote {target}")


def main() -> int:
    app = QApplication(sys.argv[:1])
    from app.ui import build_main_window

    width, height = 1600, 1000
    with tempfile.TemporaryDirectory() as data:
        window = build_main_window(data_dir=data)
        while window.store is None:
            _settle(app, 0.1)
        window.setGeometry(0, 0, width, height)
        window.show()
        _settle(app, 1.0)
        for lang, concept in (("en", "n-plus-one-problem"), ("ko", "refresh-token")):
            window.set_language(lang)
            window.clear_selection()
            window.view.fit_all()
            _settle(app, 0.5)
            _grab(f"screenshot-{lang}.png", width, height)
            window.select(concept)
            window.depth_box.setValue(2)
            window.local_toggle.setChecked(True)
            _settle(app, 1.0)
            _grab(f"screenshot-local-{lang}.png", width, height)
            window.local_toggle.setChecked(False)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
