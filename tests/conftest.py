"""Shared test set-up: offscreen Qt, a private data folder, and built content databases."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Before any QApplication exists: no display in CI, and never the user's real folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BACKEND_ATLAS_DATA_DIR", None)

ROOT = Path(__file__).resolve().parent.parent
MINI_PACK = ROOT / "tests" / "fixtures" / "mini_pack"
BUNDLED_PACK = ROOT / "graph_data"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "user-data"
    monkeypatch.setenv("BACKEND_ATLAS_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def _built_dbs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from app.core.content import build_content

    folder = tmp_path_factory.mktemp("content")
    return {
        "mini": build_content(MINI_PACK, folder / "mini.db").db_path,
    }


def private_copy(built: Path, folder: Path) -> Path:
    """A test's own copy of a database built once per session, in `folder`."""
    copy = folder / built.name
    shutil.copyfile(built, copy)
    return copy


@pytest.fixture
def mini_db(_built_dbs: dict[str, Path], tmp_path: Path) -> Path:
    """A private copy of the mini pack's content database (built once per session)."""
    return private_copy(_built_dbs["mini"], tmp_path)


@pytest.fixture
def mini_store(mini_db: Path):
    from app.core.store import ContentStore

    store = ContentStore(mini_db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled pack, built once per session (read-only use)."""
    from app.core.content import build_content

    return build_content(BUNDLED_PACK, tmp_path_factory.mktemp("bundled") / "content.db").db_path
