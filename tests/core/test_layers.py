"""The core is Qt-free and cheap to import: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import app.core


def test_core_modules_load_no_qt_and_no_pyvis() -> None:
    modules = sorted(f"app.core.{m.name}" for m in pkgutil.iter_modules(app.core.__path__))
    code = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""


def test_cli_start_up_does_not_import_pyvis_or_qt() -> None:
    code = "import sys, app.cli; print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('pyvis', 'IPython', 'PySide6'))))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
