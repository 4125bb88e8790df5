"""Issue #15 on the command line and the desktop: search answers, Qt options, launcher, icons."""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.cli import split_qt_options
from tests.conftest import MINI_PACK, ROOT

RESOURCES = ROOT / "resources"


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the module: the mini pack is built into its cache once."""
    return tmp_path_factory.mktemp("cli-data")


# -- search ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zzqx-nothing", "없는개념이름"])
def test_search_with_no_match_exits_1_with_a_sentence(data_dir: Path, query: str) -> None:
    run = _run("search", query, "--pack", str(MINI_PACK), data_dir=data_dir)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith(f"backend-atlas: no concept matches '{query}'")
    assert run.stderr.rstrip().endswith("name")  # a whole sentence, not a bare status
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["인증"], "authentication\t인증 (Authentication)"),  # Korean query: Korean titles
        (["리프레시"], "refresh-token\t리프레시 토큰 (Refresh Token)"),
        (["refresh"], "refresh-token\tRefresh Token"),  # English query: English
        (["인증", "--lang", "en"], "authentication\tAuthentication"),  # asked for
        (["refresh", "--lang", "ko"], "refresh-token\t리프레시 토큰 (Refresh Token)"),
    ],
)
def test_search_prints_titles_in_the_language_of_the_query(
    data_dir: Path, args: list[str], first: str
) -> None:
    run = _run("search", *args, "--pack", str(MINI_PACK), data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    concept_id, title, _field = run.stdout.splitlines()[0].split("\t")
    assert f"{concept_id}\t{title}" == first


# -- Qt's own options when starting the app ----------------------------------------------


@pytest.mark.parametrize(
    ("argv", "ours", "qt"),
    [
        ([], [], []),
        (["-style", "fusion"], [], ["-style", "fusion"]),
        (["--pack", "p", "-platform", "xcb"], ["--pack", "p"], ["-platform", "xcb"]),
        (["-style=fusion", "-reverse", "--data-dir", "d"], ["--data-dir", "d"],
         ["-style=fusion", "-reverse"]),
        (["--style", "windows"], [], ["--style", "windows"]),
        (["search", "style"], ["search", "style"], []),  # a word, not an option
        (["search", "--", "-style"], ["search", "--", "-style"], []),
    ],
)  # fmt: skip
def test_qt_options_are_told_apart_from_ours(
    argv: list[str], ours: list[str], qt: list[str]
) -> None:
    assert split_qt_options(argv) == (ours, qt)


_PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import app.ui

    class Probe:  # stands in for the main window: report what Qt was started with, then quit
        def show(self):
            app = QApplication.instance()
            print(app.platformName(), app.style().name(), flush=True)
            QTimer.singleShot(0, app.quit)

    app.ui.build_main_window = lambda **kwargs: Probe()
    from app.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("style", [["-style", "windows"], ["-style=windows"]])
def test_the_app_starts_with_standard_qt_options(tmp_path: Path, style: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # -platform decides
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, "--data-dir", str(tmp_path), "-platform", "offscreen",
         *style],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["offscreen", "windows"]


def test_a_qt_option_with_a_command_is_a_usage_error(tmp_path: Path) -> None:
    run = _run("stats", "-style", "fusion", data_dir=tmp_path)
    assert run.returncode == 2
    assert "-style is a Qt option: it only applies when starting the app" in run.stderr


# -- desktop integration -----------------------------------------------------------------


def test_the_desktop_file_launches_the_app_with_its_icon() -> None:
    files = list(RESOURCES.glob("*.desktop"))
    assert [f.name for f in files] == ["backend-atlas.desktop"]
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    entry.read(files[0], encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Backend Atlas"
    assert desktop["Exec"] == "backend-atlas"
    assert desktop["Icon"] == "backend-atlas"
    assert "Education" in desktop["Categories"].split(";")
    assert desktop["Categories"].endswith(";")  # the spec's list syntax


def test_the_icon_comes_as_svg_and_every_png_size() -> None:
    icons = RESOURCES / "icons"
    assert (icons / "backend-atlas.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        header = (icons / f"backend-atlas-{size}.png").read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)
