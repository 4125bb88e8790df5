"""Run slow work off the UI thread, then call back on it (after Anki's `aqt.operations`)."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

__all__ = ["Cancelled", "Task", "run_in_background", "start_task"]


class Cancelled(Exception):
    """The user cancelled the task; whatever it made is dropped."""


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker arrive there queued."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)


class Task:
    """A running job: its work calls `report(value)` (from the worker) and `check()` between
    steps; the UI may `cancel()` it, and then its result never reaches `on_success`."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self.cancelled = False

    def report(self, value: object) -> None:
        self.check()
        with contextlib.suppress(RuntimeError):  # the app quit meanwhile
            self._relay.progressed.emit(value)

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def cancel(self) -> None:
        self.cancelled = True


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:  # runs on a pool thread: no widgets here
        try:
            result = self.work()
        except BaseException as exc:  # reported on the UI thread, never lost
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._emit(self.relay.failed, exc)
        else:
            self._emit(self.relay.succeeded, result)

    @staticmethod
    def _emit(signal: object, value: object) -> None:
        # The app may have quit while this ran; then there is nobody left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)  # type: ignore[attr-defined]


_alive: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
) -> None:
    """Run `work()` on the thread pool; call `on_success(result)` or `on_failure(exc)` on the UI thread.

    `work` must not touch widgets, and opens its own database connections.
    """
    start_task(lambda _task: work(), on_success, on_failure)


def start_task(
    work: Callable[[Task], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    on_progress: Callable[[Any], None] | None = None,
) -> Task:
    """`run_in_background` for work that reports progress and can be cancelled: `work(task)`
    calls `task.report(value)` (delivered to `on_progress` on the UI thread). After
    `task.cancel()`, `on_failure(Cancelled())` is called instead of `on_success`."""
    relay = _Relay()
    _alive.add(relay)
    task = Task(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _alive.discard(relay)
        relay.deleteLater()
        if task.cancelled and not isinstance(value, Cancelled):
            value, callback = Cancelled(), on_failure  # a cancel before the result arrived
        callback(value)

    relay.succeeded.connect(lambda value: finish(on_success, value))
    relay.failed.connect(lambda exc: finish(on_failure, exc))
    if on_progress is not None:
        relay.progressed.connect(lambda value: None if task.cancelled else on_progress(value))
    QThreadPool.globalInstance().start(_Job(lambda: work(task), relay))
    return task
