"""Quiz items: the pack's questions plus ones generated from the graph, and what to ask next."""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

import networkx as nx

from app.core.definition import definition, mask_names, names_pattern
from app.core.graph import learning_path
from app.core.model import KeyPoint, Question, Text

if TYPE_CHECKING:
    from app.core.progress import ProgressStore
    from app.core.store import ContentStore

__all__ = [
    "GENERATED_PREFIX",
    "askable",
    "GENERATED_KINDS",
    "QuizItem",
    "generated_id",
    "item_from_question",
    "is_generated_id",
    "items_for",
    "item_by_id",
    "due_items",
    "new_items",
    "study_order",
    "question_ids_by_concept",
]

GENERATED_PREFIX = "gen:"
#: Generated question kinds, in the order a concept offers them.
GENERATED_KINDS = ("define", "prereq", "part", "example", "contrast")
#: Choices of a generated question: the answer and up to three distractors.
CHOICES = 4


@dataclass(frozen=True)
class QuizItem:
    """One question as the quiz dialog shows it. `choice_concepts` names each generated choice."""

    question_id: str
    concept_id: str
    kind: str  # "recall" or "choice"
    prompt: Text
    answer: Text | None
    choices: tuple[Text, ...]
    correct: int | None
    explanation: Text | None
    generated: bool
    choice_concepts: tuple[str, ...] = ()
    points: tuple[KeyPoint, ...] = ()


def generated_id(kind: str, concept_id: str) -> str:
    """The stable id of a generated question: progress is keyed by it across runs and rebuilds."""
    return f"{GENERATED_PREFIX}{kind}:{concept_id}"


def is_generated_id(question_id: str) -> bool:
    return question_id.startswith(GENERATED_PREFIX)


def _parse_generated(question_id: str) -> tuple[str, str] | None:
    kind, _, concept_id = question_id[len(GENERATED_PREFIX) :].partition(":")
    return (kind, concept_id) if kind in GENERATED_KINDS and concept_id else None


def item_from_question(q: Question) -> QuizItem:
    """The quiz item of an authored question."""
    return QuizItem(
        question_id=q.id, concept_id=q.concept_id, kind=q.kind, prompt=q.prompt,
        answer=q.answer, choices=q.choices, correct=q.correct, explanation=q.explanation,
        generated=False, points=q.points,
    )  # fmt: skip


def _josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that fits `word`; both forms when it does not end in Hangul."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return after_consonant if (ord(last) - 0xAC00) % 28 else after_vowel
    return f"{after_consonant}({after_vowel})"


@dataclass(frozen=True)
class _Relation:
    link: str
    prompt: Text  # {x} is the concept asked about
    explanation: Text  # {a} is the answer; {a_eun} etc. carry Korean particles


_RELATIONS = {
    "prereq": _Relation(
        "prerequisite-of",
        Text("What must you understand before {x}?", "{x}보다 먼저 알아야 할 개념은 무엇인가요?"),
        Text("{a} is a prerequisite of {x}.", "{x}{x_eul} 이해하려면 먼저 {a}{a_eul} 알아야 합니다."),
    ),
    "part": _Relation(
        "part-of",
        Text("Which of these is part of {x}?", "다음 중 {x}의 구성 요소는 무엇인가요?"),
        Text("{a} is part of {x}.", "{a}{a_eun} {x}의 구성 요소입니다."),
    ),
    "example": _Relation(
        "example-of",
        Text("Which of these is an example of {x}?", "다음 중 {x}의 예시는 무엇인가요?"),
        Text("{a} is an example of {x}.", "{a}{a_eun} {x}의 예시입니다."),
    ),
    "contrast": _Relation(
        "contrasts-with",
        Text("Which concept contrasts with {x}?", "다음 중 {x}에 대비되는 개념은 무엇인가요?"),
        Text("{a} and {x} are contrasted with each other.", "{a}{a_wa} {x}{x_eun} 서로 대비되는 개념입니다."),
    ),
}  # fmt: skip


def _fill(template: Text, answer: Text | None, concept: Text) -> Text:
    def one(text: str, a: str, x: str, ko: bool) -> str:
        extra = {}
        if ko:
            for name, word in (("a", a), ("x", x)):
                extra[f"{name}_eun"] = _josa(word, "은", "는")
                extra[f"{name}_eul"] = _josa(word, "을", "를")
                extra[f"{name}_wa"] = _josa(word, "과", "와")
        return text.format(a=a, x=x, **extra)

    a = answer or Text("", "")
    return Text(one(template.en, a.en, concept.en, False), one(template.ko, a.ko, concept.ko, True))


class _Generator:
    """Generates questions for concepts of one graph; built once per call, reused per concept."""

    def __init__(self, store: ContentStore, graph: nx.MultiDiGraph) -> None:
        self.store = store
        self.graph = graph
        self.by_category: dict[str, list[str]] = {}
        for node in sorted(graph.nodes):
            self.by_category.setdefault(graph.nodes[node]["category"], []).append(node)

    def title(self, concept_id: str) -> Text:
        return self.graph.nodes[concept_id]["title"]

    def items(
        self, concept_id: str, seed: int | str, skip: Collection[str] = ()
    ) -> Iterator[QuizItem]:
        if concept_id not in self.graph:
            return
        for kind in GENERATED_KINDS:
            if generated_id(kind, concept_id) not in skip:
                item = self.item(kind, concept_id, seed)
                if item is not None:
                    yield item

    def item(self, kind: str, concept_id: str, seed: int | str) -> QuizItem | None:
        if concept_id not in self.graph:
            return None
        rng = random.Random(f"{seed}/{generated_id(kind, concept_id)}")
        if kind == "define":
            return self._define(concept_id, rng)
        return self._relation(kind, concept_id, rng)

    # -- relation questions --------------------------------------------------------------

    def _linked(self, concept_id: str, link: str) -> set[str]:
        """Concepts `c` with `c --link--> concept_id` (either direction for contrasts-with)."""
        found = {s for s, _t, k in self.graph.in_edges(concept_id, keys=True) if k == link}
        if link == "contrasts-with":
            found |= {t for _s, t, k in self.graph.out_edges(concept_id, keys=True) if k == link}
        return found

    def _satisfying(self, concept_id: str, link: str) -> set[str]:
        """Every concept that is a right answer, directly or transitively (a part of a part)."""
        if link == "prerequisite-of":
            return set(learning_path(self.graph, concept_id)) | self._linked(concept_id, link)
        if link == "contrasts-with":
            return self._linked(concept_id, link)
        found, stack = set(), [concept_id]
        while stack:
            for other in self._linked(stack.pop(), link):
                if other not in found:
                    found.add(other)
                    stack.append(other)
        return found

    def _relation(self, kind: str, concept_id: str, rng: random.Random) -> QuizItem | None:
        relation = _RELATIONS[kind]
        answers = sorted(self._linked(concept_id, relation.link))
        if not answers:
            return None
        answer = rng.choice(answers)
        excluded = self._satisfying(concept_id, relation.link) | {concept_id}
        x = self.title(concept_id)
        return self._choice(
            kind, concept_id, _fill(relation.prompt, None, x), answer, excluded, rng,
            _fill(relation.explanation, self.title(answer), x),
        )  # fmt: skip

    def _distractors(
        self, concept_id: str, answer: str, excluded: set[str], rng: random.Random
    ) -> list[str]:
        """Up to three wrong choices: siblings in the category first, so they are plausible."""
        # Two choices that read alike in either language would be two right answers.
        taken = [{title} for title in _keys(self.title(answer))]
        chosen: list[str] = []
        category = self.graph.nodes[concept_id]["category"]
        for same in (True, False):
            pool = self.by_category.get(category, []) if same else self._others(category)
            candidates = [n for n in pool if n not in excluded and n != answer]
            rng.shuffle(candidates)
            for node in candidates:
                keys = _keys(self.title(node))
                if all(key not in seen for key, seen in zip(keys, taken, strict=True)):
                    for key, seen in zip(keys, taken, strict=True):
                        seen.add(key)
                    chosen.append(node)
                    if len(chosen) == CHOICES - 1:
                        return chosen
        return chosen

    def _others(self, category: str) -> list[str]:
        return [n for c, nodes in sorted(self.by_category.items()) if c != category for n in nodes]

    def _choice(
        self, kind: str, concept_id: str, prompt: Text, answer: str, excluded: set[str],
        rng: random.Random, explanation: Text,
    ) -> QuizItem | None:  # fmt: skip
        distractors = self._distractors(concept_id, answer, excluded, rng)
        if not distractors:
            return None
        options = [answer, *distractors]
        rng.shuffle(options)
        correct = options.index(answer)
        choices = tuple(self.title(n) for n in options)
        return QuizItem(
            question_id=generated_id(kind, concept_id), concept_id=concept_id, kind="choice",
            prompt=prompt, answer=choices[correct], choices=choices, correct=correct,
            explanation=explanation, generated=True, choice_concepts=tuple(options),
        )  # fmt: skip

    # -- definition questions ------------------------------------------------------------

    def _define(self, concept_id: str, rng: random.Random) -> QuizItem | None:
        concept = self.store.concept(concept_id)
        if concept is None:
            return None
        names = [concept.title.en, concept.title.ko, *concept.aliases, concept.id.replace("-", " ")]
        parts: dict[str, str] = {}
        for lang in ("en", "ko"):
            text = definition(concept.body.get(lang), partial(self._title_in, lang=lang), lang)
            if not text:
                return None
            parts[lang] = text
        pattern = names_pattern(names)
        masked = Text(mask_names(parts["en"], pattern), mask_names(parts["ko"], pattern))
        prompt = Text(
            f"Which term matches this definition?\n\n{masked.en}",
            f"다음 설명에 해당하는 용어는 무엇인가요?\n\n{masked.ko}",
        )
        explanation = Text(
            f"{concept.title.en}: {parts['en']}", f"{concept.title.ko}: {parts['ko']}"
        )
        return self._choice(
            "define", concept_id, prompt, concept_id, {concept_id}, rng, explanation
        )

    def _title_in(self, concept_id: str, lang: str) -> str | None:
        return self.title(concept_id).get(lang) if concept_id in self.graph else None


def _keys(title: Text) -> tuple[str, str]:
    return (" ".join(title.en.casefold().split()), " ".join(title.ko.casefold().split()))


# -- selection ---------------------------------------------------------------------------


def _authored_by_concept(store: ContentStore, concept_ids: list[str]) -> dict[str, list[Question]]:
    grouped: dict[str, list[Question]] = {}
    for question in store.questions(concept_ids):
        grouped.setdefault(question.concept_id, []).append(question)
    return grouped


def items_for(
    store: ContentStore, graph: nx.MultiDiGraph, concept_ids: Iterable[str], seed: int | str = 0
) -> list[QuizItem]:
    """Each concept's authored questions, then the ones generated for it, concept by concept."""
    ids = list(dict.fromkeys(concept_ids))
    authored = _authored_by_concept(store, ids)
    generator = _Generator(store, graph)
    items: list[QuizItem] = []
    for concept_id in ids:
        items.extend(item_from_question(q) for q in authored.get(concept_id, []))
        items.extend(generator.items(concept_id, seed))
    return items


def item_by_id(
    store: ContentStore, graph: nx.MultiDiGraph, question_id: str, seed: int | str = 0
) -> QuizItem | None:
    """The item for a stored question id; None when the pack no longer has it."""
    return _lookup(_Generator(store, graph), question_id, seed)


def _lookup(generator: _Generator, question_id: str, seed: int | str) -> QuizItem | None:
    if is_generated_id(question_id):
        parsed = _parse_generated(question_id)
        return generator.item(*parsed, seed) if parsed else None
    question = generator.store.question(question_id)
    return item_from_question(question) if question else None


def due_items(
    store: ContentStore, graph: nx.MultiDiGraph, progress: ProgressStore,
    now: datetime | None = None, limit: int | None = None, seed: int | str = 0,
) -> list[QuizItem]:  # fmt: skip
    """Due questions, most overdue first; ones the pack no longer has are skipped (and kept)."""
    generator = _Generator(store, graph)
    items: list[QuizItem] = []
    for question_id in progress.due_ids(now):
        if limit is not None and len(items) >= limit:
            break
        item = _lookup(generator, question_id, seed)
        if item is not None:
            items.append(item)
    return items


def study_order(store: ContentStore, graph: nx.MultiDiGraph) -> list[str]:
    """Every concept, each after its prerequisites; ties by category (pack order), then id."""
    position = {c.id: i for i, c in enumerate(store.categories())}
    rank = {
        node: (position.get(data["category"], len(position)), node)
        for node, data in graph.nodes(data=True)
    }
    prerequisites = nx.DiGraph()
    prerequisites.add_nodes_from(graph.nodes)
    prerequisites.add_edges_from(
        (s, t) for s, t, k in graph.edges(keys=True) if k == "prerequisite-of"
    )
    if nx.is_directed_acyclic_graph(prerequisites):
        return list(nx.lexicographical_topological_sort(prerequisites, key=rank.__getitem__))
    # A cycle (the validator rejects them; a partial pack may have one) is taken as one step.
    condensed = nx.condensation(prerequisites)
    groups: dict[int, list[str]] = {}
    for node, group in condensed.graph["mapping"].items():
        groups.setdefault(group, []).append(node)
    order = nx.lexicographical_topological_sort(
        condensed, key=lambda g: min(rank[n] for n in groups[g])
    )
    return [node for group in order for node in sorted(groups[group], key=rank.__getitem__)]


def new_items(
    store: ContentStore, graph: nx.MultiDiGraph, progress: ProgressStore,
    limit: int = 20, seed: int | str = 0,
) -> list[QuizItem]:  # fmt: skip
    """Questions never answered, a concept's prerequisites' questions before its own."""
    seen = progress.seen_ids()
    generator = _Generator(store, graph)
    order = study_order(store, graph)
    items: list[QuizItem] = []
    for start in range(0, len(order), 256):  # authored questions a batch at a time
        batch = order[start : start + 256]
        authored = _authored_by_concept(store, batch)
        for concept_id in batch:
            fresh = [
                item_from_question(q) for q in authored.get(concept_id, []) if q.id not in seen
            ]
            for item in [*fresh, *generator.items(concept_id, seed, skip=seen)]:
                if len(items) >= limit:
                    return items
                items.append(item)
    return items


def question_ids_by_concept(store: ContentStore, graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Every question id a concept can be asked by (for `ProgressStore.mastery`)."""
    result: dict[str, list[str]] = {node: [] for node in graph.nodes}
    for question in store.questions():
        result.setdefault(question.concept_id, []).append(question.id)
    # In one pass over the edges: asking networkx per node took 0.25 s of a 10k-concept open.
    reaching = _reaching(graph.edges(keys=True))
    for node in graph.nodes:
        kinds = reaching.get(node, set())
        result[node] += [generated_id(k, node) for k in GENERATED_KINDS if _offers(k, kinds)]
    return result


def askable(store: ContentStore, graph: nx.MultiDiGraph, question_ids: Iterable[str]) -> set[str]:
    """Which of `question_ids` the pack can still ask: the authored ones it holds, and the
    generated ones whose concept and relation it still has.

    Equal to filtering by `question_ids_by_concept`, at the cost of the ids asked about (a
    due count reads the few due cards, not the whole pack's 30,000 question ids).
    """
    ids = set(question_ids)
    found = store.question_ids_among(i for i in ids if not is_generated_id(i))
    for question_id in ids:
        parsed = _parse_generated(question_id) if is_generated_id(question_id) else None
        if parsed is None or parsed[1] not in graph:
            continue
        kind, node = parsed
        edges = [*graph.in_edges(node, keys=True), *graph.out_edges(node, keys=True)]
        if _offers(kind, _reaching(edges).get(node, set())):
            found.add(question_id)
    return found


def _reaching(edges: Iterable[tuple[str, str, str]]) -> dict[str, set[str]]:
    """For each node of `edges`, the link kinds it can be asked by: those into it, and
    contrasts-with either way."""
    kinds: dict[str, set[str]] = {}
    for source, target, kind in edges:
        kinds.setdefault(target, set()).add(kind)
        if kind == "contrasts-with":
            kinds.setdefault(source, set()).add(kind)
    return kinds


def _offers(kind: str, reaching: set[str]) -> bool:
    """Whether a concept reached by the link kinds `reaching` has a generated `kind` question."""
    return kind == "define" or _RELATIONS[kind].link in reaching
