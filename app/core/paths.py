"""The one place that resolves paths: the shipped pack and resources, and the user's folders."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "ENV_DATA_DIR",
    "bundled_pack_dir",
    "resources_dir",
    "UserPaths",
    "user_paths",
]

APP_NAME = "backend-atlas"
ENV_DATA_DIR = "BACKEND_ATLAS_DATA_DIR"

_PACKAGE = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    # In a wheel the folders are copied into the package (`app/_data/`); in a checkout they
    # sit beside `app/`.
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def bundled_pack_dir() -> Path:
    """The content pack that ships with the app."""
    return _shipped("graph_data")


def resources_dir() -> Path:
    """Stylesheets, icons and the export template."""
    return _shipped("resources")


@dataclass(frozen=True)
class UserPaths:
    """Where this user's files live. With a data dir, everything goes under that one folder."""

    data: Path  # progress database
    cache: Path  # content databases (safe to delete)
    config: Path  # settings
    backups: Path  # daily/weekly copies of the progress database
    logs: Path

    @property
    def progress_db(self) -> Path:
        return self.data / "progress.db"

    def content_db(self, pack_dir: Path) -> Path:
        """The content database built from `pack_dir`: one per pack folder."""
        resolved = str(Path(pack_dir).resolve())
        if resolved == str(bundled_pack_dir().resolve()):
            return self.cache / "content-bundled.db"
        tag = hashlib.sha256(resolved.encode()).hexdigest()[:16]
        return self.cache / f"content-{tag}.db"

    def ensure(self) -> UserPaths:
        for folder in (self.data, self.cache, self.config, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def user_paths(data_dir: str | os.PathLike[str] | None = None) -> UserPaths:
    """Resolve the user's folders: `data_dir`, else `$BACKEND_ATLAS_DATA_DIR`, else platformdirs."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR) or None
    if chosen:
        root = Path(chosen).expanduser()
        return UserPaths(
            data=root, cache=root / "cache", config=root / "config",
            backups=root / "backups", logs=root / "logs",
        )  # fmt: skip
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    data = Path(dirs.user_data_dir)
    return UserPaths(
        data=data, cache=Path(dirs.user_cache_dir), config=Path(dirs.user_config_dir),
        backups=Path(dirs.user_data_dir).parent / f"{APP_NAME}-backups", logs=Path(dirs.user_log_dir),
    )  # fmt: skip
