"""Search concepts by id, title or alias (either language, substring), then by body text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.core.store import ContentStore, fold

__all__ = ["Hit", "normalise_query", "search", "MAX_QUERY"]

#: Longer queries are cut: nothing real is that long, and it bounds the work.
MAX_QUERY = 200


@dataclass(frozen=True)
class Hit:
    concept_id: str
    field: str  # "title", "alias", "id" or "body"
    rank: tuple


_FIELDS = {3: "title", 2: "alias", 1: "id"}


def normalise_query(query: str) -> str:
    """NFC, case-folded, whitespace collapsed, control characters removed, length bounded."""
    text = query[: MAX_QUERY * 2]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t")
    return fold(text)[:MAX_QUERY]


def search(store: ContentStore, query: str, limit: int = 50) -> list[Hit]:
    """Names first (exact, then prefix, then substring; titles before aliases), then bodies."""
    folded = normalise_query(query)
    if not folded:
        return []
    best: dict[str, Hit] = {}
    for concept_id, name, weight in store.match_names(folded, limit * 20):
        closeness = 0 if name == folded else 1 if name.startswith(folded) else 2
        rank = (0, closeness, -weight, len(name), concept_id)
        if concept_id not in best or rank < best[concept_id].rank:
            best[concept_id] = Hit(concept_id, _FIELDS.get(weight, "alias"), rank)
    hits = sorted(best.values(), key=lambda h: h.rank)[:limit]
    if len(hits) < limit:
        for position, concept_id in enumerate(store.match_bodies(folded, limit + len(best))):
            if concept_id not in best:
                hits.append(Hit(concept_id, "body", (1, position)))
                best[concept_id] = hits[-1]
                if len(hits) >= limit:
                    break
    return hits
