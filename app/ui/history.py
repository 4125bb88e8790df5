"""Back/forward through visited concepts, as a browser does."""

from __future__ import annotations

__all__ = ["History"]


class History:
    def __init__(self, limit: int = 200) -> None:
        self._items: list[str] = []
        self._index = -1
        self._limit = limit

    def visit(self, concept_id: str) -> None:
        if self._index >= 0 and self._items[self._index] == concept_id:
            return
        del self._items[self._index + 1 :]
        self._items.append(concept_id)
        if len(self._items) > self._limit:
            del self._items[0]
        self._index = len(self._items) - 1

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_back():
            return None
        self._index -= 1
        return self._items[self._index]

    def forward(self) -> str | None:
        if not self.can_forward():
            return None
        self._index += 1
        return self._items[self._index]
