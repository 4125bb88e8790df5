"""Screenshots for the README: the real window under Xvfb, a concept selected, in Korean and English.

Run: xvfb-run -a -s "-screen 0 1440x900x24" python docs/make_screenshots.py
(needs Debian's xvfb and fonts-noto-cjk). Writes docs/screenshot-ko.png and docs/screenshot-en.png.
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


def main() -> int:
    app = QApplication(sys.argv[:1])
    from app.ui import build_main_window

    with tempfile.TemporaryDirectory() as data:
        window = build_main_window(data_dir=data)
        while window.store is None:
            _settle(app, 0.1)
        window.setGeometry(0, 0, 1440, 900)
        window.show()
        _settle(app, 1.0)
        for lang, concept in (("ko", "refresh-token"), ("en", "n-plus-one-problem")):
            window.language_switch.setCurrentIndex(window.language_switch.findData(lang))
            window.select(concept)
            window.local_toggle.setChecked(True)
            window.depth_box.setValue(2)
            _settle(app, 1.0)
            shot = QGuiApplication.primaryScreen().grabWindow(0, 0, 0, 1440, 900)
            target = ROOT / "docs" / f"screenshot-{lang}.png"
            shot.save(str(target))
            print(f"wrote {target}")
            window.local_toggle.setChecked(False)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
