"""Quiz items over a small pack: authored and generated questions, and what to ask next."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import networkx as nx
import pytest

from app.core.content import build_content
from app.core.graph import build_graph
from app.core.progress import ProgressStore
from app.core.quiz import (
    GENERATED_KINDS,
    QuizItem,
    due_items,
    generated_id,
    is_generated_id,
    item_by_id,
    items_for,
    new_items,
    question_ids_by_concept,
    study_order,
)
from app.core.store import ContentStore
from tests.core.quiz_pack import write_pack

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("quizpack")
    build_content(write_pack(root / "pack"), root / "content.db")
    store = ContentStore(root / "content.db")
    yield store, build_graph(store.summaries(), store.links())
    store.close()


@pytest.fixture
def progress(tmp_path: Path):
    with ProgressStore(tmp_path / "progress.db") as store:
        yield store


def _by_id(items: list[QuizItem]) -> dict[str, QuizItem]:
    return {item.question_id: item for item in items}


def _answer_id(item: QuizItem) -> str:
    assert item.correct is not None
    return item.choice_concepts[item.correct]


def test_items_for_a_concept_are_authored_then_generated(content) -> None:
    store, graph = content
    items = items_for(store, graph, ["jwt"], seed=1)
    assert [i.question_id for i in items] == [
        "jwt-parts", "gen:define:jwt", "gen:prereq:jwt", "gen:contrast:jwt",
    ]  # fmt: skip
    authored = items[0]
    assert (authored.kind, authored.generated, authored.correct) == ("choice", False, 1)
    assert authored.choices[1].ko == "셋"
    recall = items_for(store, graph, ["http"], seed=1)[0]
    assert (recall.kind, recall.answer.en, recall.choices) == (
        "recall", "Each request stands alone.", ()
    )  # fmt: skip


@pytest.mark.parametrize(
    ("question_id", "answers", "never"),
    [
        # part-of is transitive: ttl is part of cache-aside, so also of caching
        ("gen:part:caching", {"cache-aside", "write-through"}, {"ttl", "caching"}),
        ("gen:part:http", {"http-methods", "status-codes"}, {"http"}),
        ("gen:example:http-methods", {"get-method", "post-method"}, {"http-methods"}),
        ("gen:example:caching", {"redis"}, {"caching"}),
        ("gen:prereq:authorization", {"authentication"}, {"authorization"}),
        ("gen:prereq:rest", {"http"}, {"rest"}),
        # contrasts-with reads the same from both ends
        ("gen:contrast:rest", {"graphql"}, {"rest"}),
        ("gen:contrast:graphql", {"rest"}, {"graphql"}),
        ("gen:contrast:cache-aside", {"write-through"}, {"cache-aside"}),
    ],
)
def test_relation_questions_have_one_right_answer(content, question_id, answers, never) -> None:
    store, graph = content
    for seed in range(8):
        item = item_by_id(store, graph, question_id, seed)
        assert item is not None and item.generated and item.kind == "choice"
        assert _answer_id(item) in answers
        distractors = set(item.choice_concepts) - {_answer_id(item)}
        assert distractors and not distractors & (answers | never)
        assert len(item.choices) == len(item.choice_concepts) == len(set(item.choices))
        assert item.answer == item.choices[item.correct]
        assert item.explanation is not None


def test_distractors_come_from_the_same_category_first(content) -> None:
    store, graph = content
    item = item_by_id(store, graph, "gen:define:jwt", seed=3)
    assert {graph.nodes[c]["category"] for c in item.choice_concepts} == {"auth"}
    # caching's parts leave only redis in its category; the rest is borrowed
    item = item_by_id(store, graph, "gen:part:caching", seed=3)
    categories = [graph.nodes[c]["category"] for c in item.choice_concepts]
    assert len(categories) == 4 and "redis" in item.choice_concepts


def test_prompts_and_choices_are_bilingual(content) -> None:
    store, graph = content
    item = item_by_id(store, graph, "gen:prereq:jwt")
    assert item.prompt.en == "What must you understand before JSON Web Token (JWT)?"
    assert item.prompt.ko == "JSON 웹 토큰 (JWT)보다 먼저 알아야 할 개념은 무엇인가요?"
    assert item.answer.ko == "인증 (Authentication)"
    assert item.explanation.ko == (
        "JSON 웹 토큰 (JWT)을(를) 이해하려면 먼저 인증 (Authentication)을(를) 알아야 합니다."
    )
    part = item_by_id(store, graph, "gen:part:http")
    assert part.prompt.ko == "다음 중 HTTP의 구성 요소는 무엇인가요?"
    assert part.explanation.ko in (
        "HTTP 메서드는 HTTP의 구성 요소입니다.",
        "상태 코드는 HTTP의 구성 요소입니다.",
    )


def test_definition_is_plain_text_with_the_answer_masked(content) -> None:
    store, graph = content
    item = item_by_id(store, graph, "gen:define:authentication")
    assert item.prompt.en == (
        "Which term matches this definition?\n\n"
        "____ answers who are you? by checking a credential. ____ comes before Authorization."
    )  # the heading and code block above the paragraph are skipped; ** and [[...]] gone
    assert item.prompt.ko.endswith(
        "____은 자격 증명을 확인해 당신은 누구인가?에 답합니다. ____은 인가보다 먼저 일어납니다."
    )
    assert _answer_id(item) == "authentication"
    assert item.explanation.en.startswith("Authentication: Authentication answers")


@pytest.mark.parametrize(
    ("concept_id", "hidden"),
    [
        ("jwt", ["JWT"]),  # alias, and the plural "JWTs"
        ("caching", ["Caching", "캐싱"]),
        ("rbac", ["Role-based access control", "역할 기반 접근 제어"]),
        ("ttl", ["TTL"]),  # from the title's parenthesis
    ],
)
def test_definition_hides_every_name_of_the_concept(content, concept_id, hidden) -> None:
    store, graph = content
    item = item_by_id(store, graph, generated_id("define", concept_id))
    for name in hidden:
        assert name.casefold() not in item.prompt.en.casefold()
        assert name.casefold() not in item.prompt.ko.casefold()
    assert "____" in item.prompt.en


def test_generation_is_deterministic_per_seed_and_ids_are_stable(content) -> None:
    store, graph = content
    concepts = sorted(graph.nodes)
    first = items_for(store, graph, concepts, seed=42)
    assert items_for(store, graph, concepts, seed=42) == first
    other = items_for(store, graph, concepts, seed=43)
    assert [i.question_id for i in other] == [i.question_id for i in first]
    assert [i.choices for i in other] != [i.choices for i in first]
    generated = [i for i in first if i.generated]
    assert all(is_generated_id(i.question_id) for i in generated)
    assert {i.question_id.split(":")[1] for i in generated} == set(GENERATED_KINDS)
    assert all(item_by_id(store, graph, i.question_id, seed=42) == i for i in first)


def test_unknown_ids_resolve_to_nothing(content) -> None:
    store, graph = content
    for question_id in ["nope", "gen:define:nope", "gen:bogus:jwt", "gen:", "gen:part:jwt"]:
        assert item_by_id(store, graph, question_id) is None  # jwt has no parts


def test_study_order_puts_prerequisites_first(content) -> None:
    store, graph = content
    order = study_order(store, graph)
    assert sorted(order) == sorted(graph.nodes)
    for source, target, kind in graph.edges(keys=True):
        if kind == "prerequisite-of":
            assert order.index(source) < order.index(target)
    assert order[:3] == ["get-method", "graphql", "http"]  # category order, then id


def test_study_order_survives_a_cycle(content) -> None:
    store, graph = content
    cyclic = nx.MultiDiGraph(graph)
    cyclic.add_edge("rest", "http", key="prerequisite-of")
    order = study_order(store, cyclic)
    assert sorted(order) == sorted(graph.nodes)


def test_new_items_skip_seen_and_follow_prerequisites(content, progress) -> None:
    store, graph = content
    progress.record("http-stateless", "http", 3, NOW)
    progress.record("gen:define:get-method", "get-method", 3, NOW)
    fresh = new_items(store, graph, progress, limit=500, seed=1)
    ids = [i.question_id for i in fresh]
    assert "http-stateless" not in ids and "gen:define:get-method" not in ids
    assert len(ids) == len(set(ids))
    assert ids.index("gen:define:authentication") < ids.index("gen:define:jwt")
    assert ids.index("gen:define:http") < ids.index("gen:define:rest")
    assert set(ids) | {"http-stateless", "gen:define:get-method"} == {
        i.question_id for i in items_for(store, graph, graph.nodes, seed=1)
    }
    assert [i.question_id for i in new_items(store, graph, progress, limit=3, seed=1)] == ids[:3]


def test_due_items_are_most_overdue_first(content, progress) -> None:
    store, graph = content
    progress.record("gen:part:caching", "caching", 1, NOW)
    progress.record("jwt-parts", "jwt", 1, NOW + timedelta(seconds=30))
    progress.record("gone-from-the-pack", "jwt", 1, NOW)
    progress.record("gen:define:http", "http", 4, NOW)  # not due for days
    later = NOW + timedelta(minutes=5)
    due = due_items(store, graph, progress, later, seed=2)
    assert [i.question_id for i in due] == ["gen:part:caching", "jwt-parts"]
    assert due[0] == item_by_id(store, graph, "gen:part:caching", seed=2)
    assert len(due_items(store, graph, progress, later, limit=1)) == 1


def test_question_ids_by_concept_feed_mastery(content, progress) -> None:
    store, graph = content
    ids = question_ids_by_concept(store, graph)
    assert ids["jwt"] == ["jwt-parts", "gen:define:jwt", "gen:prereq:jwt", "gen:contrast:jwt"]
    for question_ids in ids.values():  # every id listed can be asked
        for question_id in question_ids:
            assert item_by_id(store, graph, question_id) is not None, question_id
    progress.record("gen:prereq:jwt", "jwt", 4, NOW)
    mastery = progress.mastery(ids, NOW + timedelta(days=1))
    assert 0 < mastery["jwt"] <= 1 and mastery["http"] is None
