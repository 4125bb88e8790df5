"""Key points: which ones a typed answer covers (any language, any spacing, any normal form)."""

from __future__ import annotations

import unicodedata

import pytest

from app.core.model import KeyPoint, Text
from app.core.rubric import covered, normalise, suggested_grade

INTEGRITY = KeyPoint(Text("Integrity, not secrecy", "무결성, 기밀성 아님"), ("integrity", "tamper", "무결성", "위변조"))  # fmt: skip
PARTS = KeyPoint(Text("Three parts", "세 부분"), ("header.payload", "헤더 페이로드"))
REVOKE = KeyPoint(Text("Hard to revoke", "폐기가 어렵다"), ("Revoke", "blacklist", "폐기"))
POINTS = (INTEGRITY, PARTS, REVOKE)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("The signature shows nobody tampered with it", [True, False, False]),
        ("INTEGRITY only; you can't REVOKE it early", [True, False, True]),
        ("header . payload . signature", [False, True, False]),  # spaces never matter
        ("Header.Payload.Signature", [False, True, False]),
        ("서명은 무결성을 보장합니다", [True, False, False]),
        ("서명은무결성을보장합니다", [True, False, False]),  # Korean written without spaces
        ("헤더페이로드 서명으로 되어 있고 폐기는 블랙리스트로", [False, True, True]),
        ("헤 더 페 이 로 드", [False, True, False]),
        (unicodedata.normalize("NFD", "위변조를 막는다"), [True, False, False]),  # NFD typed
        ("", [False, False, False]),
        ("   \n\t ", [False, False, False]),
        ("signing secret", [False, False, False]),
    ],
)
def test_a_point_is_covered_when_any_keyword_appears(typed: str, expected: list[bool]) -> None:
    assert covered(POINTS, typed) == expected


def test_nfd_keywords_match_nfc_answers() -> None:
    nfd = KeyPoint(Text("x", "x"), (unicodedata.normalize("NFD", "무결성"),))
    assert covered([nfd], "무결성") == [True]
    assert normalise(unicodedata.normalize("NFD", "Ｍ 무결성 ")) == normalise("ｍ무결성")


def test_a_blank_keyword_never_covers_a_point() -> None:
    assert covered([KeyPoint(Text("x", "x"), (" ",))], "anything at all") == [False]


@pytest.mark.parametrize(
    ("ticks", "grade"),
    [
        ([], None),
        ([False], 1),
        ([False, False, False], 1),
        ([True, False, False], 2),
        ([True, False, False, False], 2),
        ([True, True, False, False], 3),
        ([True, True, False], 3),
        ([True, True, True], 4),
        ([True], 4),
    ],
)
def test_suggested_grade_follows_the_share_covered(ticks: list[bool], grade: int | None) -> None:
    assert suggested_grade(ticks) == grade
