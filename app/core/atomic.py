"""Files replaced whole: written beside their target under a temporary name, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["replacing", "PARTIAL_SUFFIX"]

#: How a file still being written ends; a crash can leave one behind, never a half target.
PARTIAL_SUFFIX = ".partial"
#: A partial file untouched this long was left by a writer that died (a build of the
#: biggest pack writes its file for well under a minute): the next writer removes it.
STALE_SECONDS = 3600


@contextmanager
def replacing(
    target: str | os.PathLike[str], durable: bool = True, mode: int | None = None
) -> Iterator[Path]:
    """A fresh, empty file beside `target` for the block to write.

    When the block ends without an error the file is flushed to disk (`durable`), given
    `mode` if one is asked for, and renamed over `target`: a reader sees the old file or
    the whole new one, never part of it. On any error, a cancel included, it is removed and
    `target` stays as it was. Two writers at once each get their own file; the last rename wins.
    """
    path = Path(target)
    _sweep(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=path.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        if durable:
            with open(temp, "rb+") as written:
                os.fsync(written.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _sweep(target: Path) -> None:
    """Remove the partial files of `target` that a killed writer left behind (a 10k-concept
    search index is 50 MB), never one another writer may still be writing."""
    cutoff = time.time() - STALE_SECONDS
    for left in target.parent.glob(f".{target.name}.*{PARTIAL_SUFFIX}"):
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            if left.stat().st_mtime < cutoff:
                left.unlink()
