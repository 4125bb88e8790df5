"""rapidyaml prints its parse errors to fd 2: yamlfast sends them to the null device, per parse or once per `quiet()` block."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest

from app.core import yamlfast


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_a_broken_front_matter_prints_nothing_and_stderr_still_works(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """rapidyaml writes its error to fd 2 before raising; that line goes to the null device."""
    for broken in ('title: "unclosed', "a: [1, 2", "a: b: c", "a:\n  - 1\n - 2"):
        assert yamlfast.parse(broken) is None
    os.write(2, b"still here\n")  # fd 2 is the one it was (here pytest's capture)
    assert capfd.readouterr() == ("", "still here\n")


_BROKEN = ('title: "unclosed', "a: [1, 2", "a: b: c", "a:\n  - 1\n - 2")


class _CountingOs:
    """`os` for yamlfast, counting the dup2 calls that swap fd 2."""

    def __init__(self) -> None:
        self.dup2_calls = 0

    def dup2(self, fd: int, fd2: int) -> int:
        self.dup2_calls += 1
        return os.dup2(fd, fd2)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_quiet_swaps_fd_2_once_for_the_block_and_restores_it(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = _CountingOs()
    monkeypatch.setattr(yamlfast, "os", counting)
    before = os.fstat(2)
    with yamlfast.quiet():
        for _ in range(20):
            for broken in _BROKEN:
                assert yamlfast.parse(broken) is None
            assert yamlfast.parse("a: b") == {"a": "b"}
        os.write(2, b"into the null device\n")
    assert counting.dup2_calls == 2  # in and out, not two per parse
    after = os.fstat(2)
    assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)
    os.write(2, b"still here\n")
    assert capfd.readouterr() == ("", "still here\n")
    yamlfast.parse("a: b")
    assert counting.dup2_calls == 4  # outside a block, each parse swaps on its own


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_quiet_nests_and_restores_fd_2_after_an_exception(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(RuntimeError), yamlfast.quiet():
        with yamlfast.quiet():
            assert yamlfast.parse(_BROKEN[0]) is None
        os.write(2, b"the outer block is still quiet\n")
        assert yamlfast.parse(_BROKEN[1]) is None
        raise RuntimeError
    os.write(2, b"still here\n")
    assert capfd.readouterr() == ("", "still here\n")
    with yamlfast.quiet():  # and the lock was released: a new block can start
        assert yamlfast.parse("a: b") == {"a": "b"}


def test_quiet_where_fd_2_cannot_be_swapped_leaves_each_parse_to_try(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail() -> int:
        raise OSError("fd 2 is closed")

    monkeypatch.setattr(yamlfast, "_silence", fail)
    with yamlfast.quiet():
        assert yamlfast._depth == 0  # not counted as quiet: a parse swaps (here: fails) itself
        assert yamlfast.parse("a: b") is None
    assert yamlfast._depth == 0


@pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")
def test_quiet_blocks_and_plain_calls_on_several_threads(
    capfd: pytest.CaptureFixture[str],
) -> None:
    results: list[bool] = []

    def work(index: int) -> None:
        for round_ in range(30):
            if (index + round_) % 2:
                with yamlfast.quiet():
                    ok = all(yamlfast.parse(b) is None for b in _BROKEN)
                    ok = ok and yamlfast.parse("a: b") == {"a": "b"}
            else:
                ok = all(yamlfast.parse(b) is None for b in _BROKEN)
                ok = ok and yamlfast.parse("a: [c]") == {"a": ["c"]}
            results.append(ok)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 120
    os.write(2, b"still here\n")
    assert capfd.readouterr() == ("", "still here\n")
