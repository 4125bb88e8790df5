"""The content model: plain, frozen dataclasses shared by every layer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "LANGS",
    "LINK_KINDS",
    "SYMMETRIC_KINDS",
    "DIRECTED_KINDS",
    "MENTIONS",
    "Text",
    "short_title",
    "Category",
    "Link",
    "Source",
    "KeyPoint",
    "Question",
    "Concept",
    "ConceptSummary",
    "Pack",
]

LANGS = ("en", "ko")

#: Typed link kinds an author may write, in the order the UI lists them.
LINK_KINDS = (
    "prerequisite-of",
    "part-of",
    "example-of",
    "used-for",
    "contrasts-with",
    "related-to",
)
SYMMETRIC_KINDS = frozenset({"contrasts-with", "related-to"})
DIRECTED_KINDS = tuple(k for k in LINK_KINDS if k not in SYMMETRIC_KINDS)
#: The kind given to a `[[wikilink]]` found in a body.
MENTIONS = "mentions"


_ASIDES = re.compile(r"\s+[(（][^()（）]*[)）]")


def short_title(title: str) -> str:
    """A title for a graph label: asides in parentheses after a space go.

    "Object-Relational Mapping (ORM)" → "Object-Relational Mapping", "정규화 (Normalization)와
    반정규화" → "정규화와 반정규화"; a parenthesis inside a word, as in "O(n)", stays. The
    export's page applies the same rule (resources/export/atlas.js, `shortTitle`).
    """
    return _ASIDES.sub("", title).strip() or title


@dataclass(frozen=True, slots=True)
class Text:
    """A string in both languages."""

    en: str
    ko: str

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to the other language when empty."""
        first, second = (self.ko, self.en) if lang == "ko" else (self.en, self.ko)
        return first or second

    def __reduce__(self) -> tuple[type[Text], tuple[str, str]]:
        # Pickled as its two strings: a big pack's texts cross from the worker processes
        # that read them (pack_pool.py) a third faster than as slotted dataclass state.
        return Text, (self.en, self.ko)


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    title: Text
    colour: str


@dataclass(frozen=True, slots=True)
class Link:
    """A directed link as authored: `source` --kind--> `target`."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One part of a model answer: said in either language, found by any of its keywords."""

    text: Text
    keywords: tuple[str, ...]

    def __reduce__(self) -> tuple[type[KeyPoint], tuple[Text, tuple[str, ...]]]:
        return KeyPoint, (self.text, self.keywords)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    concept_id: str
    kind: str  # "recall" or "choice"
    prompt: Text
    answer: Text | None = None
    choices: tuple[Text, ...] = ()
    correct: int | None = None
    explanation: Text | None = None
    points: tuple[KeyPoint, ...] = ()  # recall questions only: the rubric

    def __reduce__(self) -> tuple[type[Question], tuple[object, ...]]:
        return Question, (self.id, self.concept_id, self.kind, self.prompt, self.answer,
                          self.choices, self.correct, self.explanation, self.points)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    title: Text
    category: str
    body: Text
    aliases: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    mentions: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    questions: tuple[Question, ...] = ()
    misconceptions: tuple[Text, ...] = ()
    path: str = ""  # relative to the pack folder, with forward slashes


@dataclass(frozen=True, slots=True)
class ConceptSummary:
    """What the graph view and lists need of a concept, without its body."""

    id: str
    title: Text
    category: str


@dataclass(frozen=True)
class Pack:
    """A loaded content pack."""

    root: str
    categories: tuple[Category, ...]
    concepts: tuple[Concept, ...]
    digest: str
    by_id: dict[str, Concept] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            self.by_id.update((c.id, c) for c in self.concepts)
