"""Content database, search and graph algorithms over the mini pack."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.core.content import ContentError, build_content, ensure_content
from app.core.graph import build_graph, learning_path, neighbourhood, relations_of
from app.core.layout import compute_layout
from app.core.search import search
from app.core.store import SCHEMA_VERSION, ContentStore
from tests.conftest import MINI_PACK


def test_build_writes_every_table(mini_store: ContentStore) -> None:
    assert mini_store.count("concepts") == 9
    assert {c.id for c in mini_store.categories()} == {"auth", "cache", "database"}
    jwt = mini_store.concept("jwt")
    assert jwt is not None
    assert jwt.title.ko == "JSON 웹 토큰 (JWT)"
    assert "제이더블유티" in jwt.aliases
    assert jwt.mentions == ("refresh-token",)
    assert [q.id for q in jwt.questions] == ["jwt-what"]
    assert len(mini_store.positions()) == 9


def test_key_points_round_trip(mini_store: ContentStore) -> None:
    question = mini_store.question("jwt-what")
    assert question is not None
    assert [p.text.en for p in question.points] == [
        "The signature proves integrity, not secrecy",
        "Three parts: header, payload, signature",
    ]
    assert question.points[0].text.ko == "서명은 무결성을 보장할 뿐 기밀성은 보장하지 않는다"
    assert question.points[0].keywords == ("integrity", "tamper", "무결성", "위변조")
    assert mini_store.questions(["jwt"])[0].points == question.points
    assert all(q.points == () for q in mini_store.questions() if q.id != "jwt-what")


def test_schema_version_is_recorded(mini_db: Path) -> None:
    with sqlite3.connect(mini_db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_failed_build_leaves_previous_database(tmp_path: Path) -> None:
    db = tmp_path / "content.db"
    build_content(MINI_PACK, db)
    before = db.read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "categories.yaml").write_text("- id: x\n  title: {en: X, ko: 엑스}\n")
    (broken / "a.md").write_text("---\nid: a\n")
    with pytest.raises(ContentError) as info:
        build_content(broken, db)
    assert any("never closed" in str(f) for f in info.value.findings)
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".building")] == []


def test_ensure_rebuilds_only_when_text_changes(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    import shutil

    shutil.copytree(MINI_PACK, pack)
    db = tmp_path / "content.db"
    assert ensure_content(pack, db).rebuilt
    assert not ensure_content(pack, db).rebuilt
    path = pack / "data" / "cache.md"
    path.write_text(path.read_text().replace("fast.", "faster."))
    assert ensure_content(pack, db).rebuilt


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("jwt", "jwt"),
        ("JWT", "jwt"),
        ("레디스", "redis"),
        ("리프레쉬", "refresh-token"),
        ("캐시", "cache"),
        ("인증", "authentication"),
        ("N+1", "n-plus-one-problem"),
        ("sorted", "redis-sorted-set"),
        ("zset", "redis-sorted-set"),
        ("n-plus-one-problem", "n-plus-one-problem"),
        ("hides the queries", "orm"),  # body text only
        ("\u1105\u1166\u1103\u1175\u1109\u1173", "redis"),  # 레디스 typed as NFD jamo
    ],
)
def test_search_finds(mini_store: ContentStore, query: str, first: str) -> None:
    hits = search(mini_store, query)
    assert hits, query
    assert hits[0].concept_id == first


def test_titles_rank_above_bodies(mini_store: ContentStore) -> None:
    hits = search(mini_store, "캐시")
    ids = [h.concept_id for h in hits]
    assert ids[0] == "cache"
    assert "jwt" in ids  # only its Korean body says 캐시
    assert [h.field for h in hits].index("body") > ids.index("cache")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "NEAR(",
        "*",
        "'; DROP TABLE concepts; --",
        "",
        "   ",
        "x" * 10_000,
        "%",
        "_",
        "\\",
        "a OR b",
        "\x00",
        'a"b',
        "(",
        "^",
        "{}",
    ],
)
def test_any_query_is_safe(mini_store: ContentStore, query: str) -> None:
    hits = search(mini_store, query)
    assert isinstance(hits, list)
    assert mini_store.count("concepts") == 9


def test_graph_relations_neighbourhood_and_path(mini_store: ContentStore) -> None:
    graph = build_graph(mini_store.summaries(), mini_store.links())
    groups = {(r.kind, r.outgoing): ids for r, ids in relations_of(graph, "jwt")}
    assert groups[("prerequisite-of", False)] == ["authentication"]
    assert groups[("prerequisite-of", True)] == ["refresh-token"]
    assert groups[("related-to", True)] == ["authorization"]  # written in authorization.md
    assert neighbourhood(graph, "redis-sorted-set", 1) == {"redis-sorted-set", "redis", "cache"}
    assert learning_path(graph, "refresh-token") == ["authentication", "jwt"]
    assert learning_path(graph, "authentication") == []


def test_layout_is_deterministic_and_spread() -> None:
    nodes = [f"n{i}" for i in range(60)]
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 60}") for i in range(60)]
    first = compute_layout(nodes, edges, seed=3)
    assert first == compute_layout(nodes, edges, seed=3)
    assert first != compute_layout(nodes, edges, seed=4)
    xs = [p[0] for p in first.values()]
    assert max(xs) - min(xs) > 200


def test_content_db_opens_read_only(mini_db: Path) -> None:
    os.chmod(mini_db, 0o444)
    with ContentStore(mini_db) as store:
        assert store.count("concepts") == 9


def test_an_exact_name_is_found_however_many_names_contain_it(bundled_db: Path) -> None:
    store = ContentStore(bundled_db)
    try:
        containing = store.match_names("c", 10_000)
        assert len(containing) > 40  # more than the cut below keeps
        # limit=2 reads at most 40 names containing "c": the exact name must not be cut.
        hits = search(store, "C", limit=2)
        assert hits[0].concept_id == "c-language"
    finally:
        store.close()
