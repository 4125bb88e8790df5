"""The bundled pack keeps its minimums, so a later edit cannot quietly break them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from app.core.graph import build_graph
from app.core.markup import prose_lines
from app.core.model import ConceptSummary, Pack
from app.core.pack import load_pack
from app.core.search import search
from app.core.store import ContentStore
from tests.conftest import BUNDLED_PACK

CATEGORIES = {
    "auth",
    "web",
    "database",
    "cache",
    "python",
    "os",
    "network",
    "cloud",
    "languages",
    "dsa",
    "design",
}
MIN_CONCEPTS = 210
MIN_PER_CATEGORY = 8
MIN_EN_WORDS = 120
MIN_KO_CHARS = 300  # non-space characters: about what 120 English words take in Korean
HANGUL = re.compile("[가-힣]")
LATIN = re.compile("[A-Za-z]")
# Multiple choice must not be answerable by its shape (English text, characters).
MAX_KEY_LONGEST = 0.35  # the key is the uniquely longest option
MAX_KEY_MUCH_LONGER = 0.05  # the key is at least 1.3 times the longest distractor
# One-syllable Hangul keywords match inside many words (행 in 실행, 풀 in 풀다); these few are
# loanwords that name one thing in a backend answer.
ONE_SYLLABLE_KEYWORDS = {"락", "힙", "큐", "뷰", "훅", "폼", "맵", "셀", "핫"}


@pytest.fixture(scope="module")
def pack() -> Pack:
    result = load_pack(BUNDLED_PACK, "graph_data")
    problems = [str(f) for f in result.findings]
    assert problems == [], "\n".join(problems[:50])
    assert result.pack is not None
    return result.pack


def _prose(text: str) -> str:
    return "\n".join(line for _i, line, is_prose in prose_lines(text) if is_prose)


def test_size_and_categories(pack: Pack) -> None:
    assert len(pack.concepts) >= MIN_CONCEPTS
    assert {c.id for c in pack.categories} == CATEGORIES
    counts = Counter(c.category for c in pack.concepts)
    thin = {k: v for k, v in counts.items() if v < MIN_PER_CATEGORY}
    assert not thin, thin
    assert set(counts) == CATEGORIES


def test_every_concept_teaches_in_both_languages(pack: Pack) -> None:
    short = []
    for c in pack.concepts:
        en_words = len(re.findall(r"[A-Za-z0-9][\w'’-]*", _prose(c.body.en)))
        ko_chars = len(re.sub(r"\s", "", _prose(c.body.ko)))
        if en_words < MIN_EN_WORDS or ko_chars < MIN_KO_CHARS or not HANGUL.search(c.body.ko):
            short.append((c.id, en_words, ko_chars))
    assert not short, short


def test_every_concept_has_an_example(pack: Pack) -> None:
    # A code block, an HTTP exchange, a query or a text diagram: a fenced block in the body.
    # The app shows one language at a time, so each section carries its own example.
    missing = [
        f"{c.id} ({lang})"
        for c in pack.concepts
        for lang in ("en", "ko")
        if "```" not in c.body.get(lang) and "~~~" not in c.body.get(lang)
    ]
    assert not missing, missing


def test_aliases_in_both_scripts(pack: Pack) -> None:
    missing = [c.id for c in pack.concepts
               if not any(HANGUL.search(a) for a in c.aliases) or not any(re.search("[A-Za-z]", a) for a in c.aliases)]  # fmt: skip
    assert not missing, missing


def test_links_questions_and_sources(pack: Pack) -> None:
    few_links = [c.id for c in pack.concepts if len(c.links) < 2]
    few_questions = [c.id for c in pack.concepts if len(c.questions) < 2]
    no_source = [
        c.id for c in pack.concepts if not any(s.url.startswith("https://") for s in c.sources)
    ]
    assert not few_links, few_links
    assert not few_questions, few_questions
    assert not no_source, no_source
    with_choice = sum(1 for c in pack.concepts if any(q.kind == "choice" for q in c.questions))
    assert with_choice * 3 >= len(pack.concepts)


def test_no_isolated_concept_and_one_connected_graph(pack: Pack) -> None:
    graph = build_graph(
        [ConceptSummary(c.id, c.title, c.category) for c in pack.concepts],
        [link for c in pack.concepts for link in c.links],
    )
    isolated = [n for n in graph.nodes if graph.degree(n) == 0]
    assert not isolated, isolated
    import networkx as nx

    components = list(nx.weakly_connected_components(graph))
    assert len(components) == 1, [sorted(c)[:5] for c in components if len(c) < 20]


def test_emphasis_renders_in_both_languages(pack: Pack) -> None:
    # CommonMark will not close `**bold**` right before a Hangul letter when the bold text ends
    # in punctuation or a link; the reader then sees stray asterisks.
    from html.parser import HTMLParser

    from app.core.markup import render_markdown

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.code = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.code += tag in ("code", "pre")

        def handle_endtag(self, tag: str) -> None:
            self.code -= tag in ("code", "pre")

        def handle_data(self, data: str) -> None:
            if not self.code:
                self.parts.append(data)

    stray = []
    for c in pack.concepts:
        for lang in ("en", "ko"):
            parser = Text()
            parser.feed(render_markdown(c.body.get(lang), lambda i: i))
            text = "".join(parser.parts)
            if "**" in text or "__" in text:
                stray.append(f"{c.path} ({lang})")
    assert not stray, stray


def test_choice_questions_are_well_formed(pack: Pack) -> None:
    bad = []
    for c in pack.concepts:
        for q in c.questions:
            if q.kind != "choice":
                continue
            texts = [ch.en.strip().lower() for ch in q.choices]
            if len(q.choices) < 3 or len(set(texts)) != len(texts) or q.explanation is None:
                bad.append(q.id)
    assert not bad, bad


@pytest.mark.parametrize(
    ("chain"),
    [
        [
            "authentication",
            "session-based-authentication",
            "token-based-authentication",
            "jwt",
            "access-token",
            "refresh-token",
            "refresh-token-rotation",
            "oauth2",
            "openid-connect",
        ],
        [
            "orm",
            "lazy-loading",
            "eager-loading",
            "n-plus-one-problem",
            "select-related",
            "prefetch-related",
            "database-index",
            "b-plus-tree",
            "composite-index",
            "transaction",
            "acid",
            "isolation-levels",
        ],
        [
            "caching",
            "cache-eviction-policies",
            "cache-invalidation",
            "cache-aside",
            "write-through",
            "redis",
            "redis-persistence",
            "redis-data-types",
            "django-cache-framework",
        ],
        [
            "first-class-functions",
            "closures",
            "decorators",
            "django-mvt",
            "mvc-pattern",
            "compiled-language",
            "interpreted-language",
            "bytecode",
            "jit-compilation",
            "cpython",
            "gil",
        ],
        [
            "process",
            "thread",
            "process-vs-thread",
            "context-switch",
            "concurrency-vs-parallelism",
            "deadlock",
            "ec2",
            "s3",
            "rds",
            "iam",
            "elastic-load-balancing",
        ],
    ],
)
def test_the_interview_chains_are_there(pack: Pack, chain: list[str]) -> None:
    missing = [c for c in chain if c not in pack.by_id]
    assert not missing, missing


def test_choice_options_do_not_give_the_key_away_by_length(pack: Pack) -> None:
    questions = longest = much_longer = 0
    for c in pack.concepts:
        for q in c.questions:
            if q.kind != "choice" or q.correct is None:
                continue
            lengths = [len(choice.en) for choice in q.choices]
            key = lengths.pop(q.correct)
            questions += 1
            longest += key > max(lengths)
            much_longer += key >= 1.3 * max(lengths)
    assert questions >= 150
    assert longest <= MAX_KEY_LONGEST * questions, (longest, questions)
    assert much_longer <= MAX_KEY_MUCH_LONGER * questions, (much_longer, questions)


def test_correct_options_are_spread_over_positions(pack: Pack) -> None:
    positions = Counter(q.correct for c in pack.concepts for q in c.questions if q.kind == "choice")
    total = sum(positions.values())
    # Four positions, about a quarter each: no position a learner could simply bet on.
    assert all(positions[i] >= total // 8 for i in range(4)), positions
    assert max(positions.values()) <= total * 0.4, positions


def test_every_recall_question_has_key_points_in_both_languages(pack: Pack) -> None:
    bad = []
    for c in pack.concepts:
        for q in c.questions:
            if q.kind != "recall":
                continue
            if not 2 <= len(q.points) <= 5:
                bad.append(f"{q.id}: {len(q.points)} points")
            for point in q.points:
                words = [k.strip() for k in point.keywords]
                if not point.text.en.strip() or not point.text.ko.strip():
                    bad.append(f"{q.id}: point text {point.text}")
                if len(words) < 2 or not all(words):
                    bad.append(f"{q.id}: keywords {words}")
                # A Korean answer and an English one can each cover the point.
                if not any(HANGUL.search(w) for w in words) or not any(
                    LATIN.search(w) for w in words
                ):
                    bad.append(f"{q.id}: keywords in one script {words}")
                for w in words:
                    short_latin = re.fullmatch("[A-Za-z]{1,2}", w) and not w.isupper()
                    one_syllable = (
                        len(w) == 1 and HANGUL.match(w) and w not in ONE_SYLLABLE_KEYWORDS
                    )
                    if short_latin or one_syllable:
                        bad.append(f"{q.id}: keyword {w!r} matches too much")
    assert not bad, bad


@pytest.fixture(scope="module")
def bundled_store(bundled_db):
    store = ContentStore(bundled_db)
    yield store
    store.close()


# What learners type (issue #14), and the concept that must come first.
@pytest.mark.parametrize(
    ("query", "concept_id"),
    [
        ("login flow", "login-flow"),
        ("로그인 과정", "login-flow"),
        ("JWT header", "jwt"),
        ("JWT 헤더", "jwt"),
        ("Base64", "base64url"),
        ("Base64URL", "base64url"),
        ("token theft", "token-theft"),
        ("토큰 탈취", "token-theft"),
        ("GET", "http-methods"),
        ("POST", "http-methods"),
        ("PUT", "http-methods"),
        ("PATCH", "http-methods"),
        ("DELETE", "http-methods"),
        ("primary key", "primary-key"),
        ("기본 키", "primary-key"),
        ("foreign key", "foreign-key"),
        ("외래키", "foreign-key"),
        ("full table scan", "full-table-scan"),
        ("풀 스캔", "full-table-scan"),
        ("TTL", "ttl"),
        ("Memcached", "memcached"),
        ("Python", "python-language"),
        ("파이썬", "python-language"),
        ("Django model", "django-model"),
        ("Django view", "django-view"),
        ("Django template", "django-template"),
        ("URLconf", "django-urlconf"),
        ("django-redis", "django-redis"),
        ("program vs process", "program-vs-process"),
        ("프로그램과 프로세스", "program-vs-process"),
        ("memory hierarchy", "memory-hierarchy"),
        ("메모리 계층", "memory-hierarchy"),
        ("cloud computing", "cloud-computing"),
        ("클라우드 컴퓨팅", "cloud-computing"),
        ("Java", "java"),
        ("C", "c-language"),
        ("C 언어", "c-language"),
        ("JavaScript", "javascript-nodejs"),
        ("Node.js", "javascript-nodejs"),
        ("Go", "go-language"),
        ("Golang", "go-language"),
    ],
)
def test_search_finds_the_concept_learners_ask_for(
    bundled_store: ContentStore, query: str, concept_id: str
) -> None:
    hits = search(bundled_store, query)
    assert hits and hits[0].concept_id == concept_id, [h.concept_id for h in hits[:5]]
