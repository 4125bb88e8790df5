"""Fixtures for the hostile corpus and the fault matrix."""

from __future__ import annotations

import pytest

from tests.hostile.harness import Corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Every case's pack, written on first use; shared by all tests (read only)."""
    return Corpus(tmp_path_factory.mktemp("hostile"))
