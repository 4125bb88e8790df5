"""Key points of an answer: which ones a typed answer covers, and the grade that suggests."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from app.core.model import KeyPoint

__all__ = ["normalise", "covered", "suggested_grade", "GRADE_THRESHOLDS"]

#: (least fraction of points covered, suggested FSRS rating), best first. A learner who
#: names every point gets Easy, half or more Good, some Hard, none Again. Only a
#: suggestion: the learner grades, and may know a point the keywords did not catch.
GRADE_THRESHOLDS = ((1.0, 4), (0.5, 3), (1e-9, 2), (0.0, 1))


def normalise(text: str) -> str:
    """The form keywords are looked for in: NFC, case-folded, with no whitespace at all.

    Without spaces, "무결성을 보장" and "무결성을보장" are the same answer, as are
    "Refresh Token" and "refresh-token"'s spaced form "refresh token" and "refreshtoken".
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return "".join(folded.split())


def covered(points: Sequence[KeyPoint], typed: str) -> list[bool]:
    """For each point, whether `typed` contains any of its keywords (see `normalise`)."""
    answer = normalise(typed)
    result = []
    for point in points:
        keys = (normalise(keyword) for keyword in point.keywords)
        result.append(any(key and key in answer for key in keys))
    return result


def suggested_grade(ticks: Sequence[bool]) -> int | None:
    """The rating (1 Again … 4 Easy) the share of points covered suggests; None without points."""
    if not ticks:
        return None
    fraction = sum(ticks) / len(ticks)
    return next(rating for least, rating in GRADE_THRESHOLDS if fraction >= least)
