"""Findings about a content pack, and typed reads of YAML values that report what is wrong, where."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.core.messages import NOTHING, Message, msg
from app.core.model import LANGS, Text

__all__ = [
    "Finding", "Report", "Fields", "Message", "msg", "nfc", "kind_of", "line_of", "missing",
    "suggest",
]  # fmt: skip


def nfc(text: str) -> str:
    # ASCII text is NFC already, and most of a pack's strings are ASCII (ids, kinds, urls).
    return text if text.isascii() else unicodedata.normalize("NFC", text)


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at a file's line (0: the whole file); `text` says it in English and Korean.

    `message` is the English text, as `backend-atlas validate` prints it; findings sort by it.
    """

    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str = field(init=False)
    text: Message = field(compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", self.text.en)

    def describe(self, lang: str = "en") -> str:
        """The message in `lang` with invisible characters spelled out, without the place."""
        return _visible(self.text.get(lang))

    def located(self, lang: str = "en") -> str:
        """`path:line: severity: message`, the message in `lang` (the severity stays a keyword)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.describe(lang)}"

    def __str__(self) -> str:
        return self.located()


def _visible(text: str) -> str:
    """Invisible characters spelled out (U+202E as \\u202e): a message cannot reorder or hide itself."""
    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text
    )


class Report:
    """Collects findings for one file; lines given 0-based relative to `offset`."""

    def __init__(self, findings: list[Finding], path: str, offset: int = 1) -> None:
        self.findings = findings
        self.path = path
        self.offset = offset

    def error(self, line: int, message: Message) -> None:
        self.findings.append(Finding(self.path, line + self.offset, "error", message))

    def warning(self, line: int, message: Message) -> None:
        self.findings.append(Finding(self.path, line + self.offset, "warning", message))


def kind_of(value: Any) -> Message:
    """What a value of the wrong type is, said so that the author sees how to fix it."""
    if isinstance(value, bool):
        return msg("kind_bool")
    if isinstance(value, int | float):
        return msg("kind_number")
    if value is None:
        return msg("kind_nothing")
    if isinstance(value, date):
        return msg("kind_date")
    if isinstance(value, dict):
        return msg("kind_mapping")
    if isinstance(value, list):
        return msg("kind_list")
    return msg("kind_type", name=type(value).__name__)


def line_of(container: Any, key: Any, default: int = 0) -> int:
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, getattr(container, "line", default))
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return lines[key]
    return getattr(container, "line", default)


def missing(key: str, where: Message) -> Message:
    if where.key:
        return msg("missing_field_in", key=key, where=where)
    return msg("missing_field", key=key)


def suggest(word: str, options: Iterable[str]) -> Message:
    """ " (did you mean 'x'?)" for the closest option, or nothing."""
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return msg("suggest", match=match[0]) if match else NOTHING


class Fields:
    """Typed reads of front-matter values that report what is wrong, where.

    `where` names the part of the file a field belongs to (`msg("where_question")`), or is
    `NOTHING` for a top-level field.
    """

    def __init__(self, report: Report) -> None:
        self.report = report

    def _missing(self, mapping: Any, key: str, where: Message, required: bool) -> None:
        """`key` is missing from `mapping`: an error when it is required."""
        if required:
            self.report.error(getattr(mapping, "line", 0), missing(key, where))

    def string(self, mapping: Any, key: str, where: Message, required: bool = True) -> str | None:
        if key not in mapping:
            self._missing(mapping, key, where, required)
            return None
        value = mapping[key]
        stripped = value.strip() if isinstance(value, str) else ""
        if not stripped:  # not text, or empty text
            what = msg("kind_empty_text") if isinstance(value, str) else kind_of(value)
            self.report.error(
                line_of(mapping, key), msg("must_be_text", where=where, key=key, what=what)
            )
            return None
        return nfc(stripped)

    def text(self, mapping: Any, key: str, where: Message, required: bool = True) -> Text | None:
        if key not in mapping:
            self._missing(mapping, key, where, required)
            return None
        value = mapping[key]
        if not isinstance(value, dict):
            self.report.error(
                line_of(mapping, key),
                msg("must_be_text_map", where=where, key=key, what=kind_of(value)),
            )
            return None
        parts: dict[str, str] = {}
        for lang in LANGS:
            part = value.get(lang)
            stripped = part.strip() if isinstance(part, str) else ""
            if not stripped:  # missing, empty, or not text
                if part is None:
                    problem = msg("lang_missing", where=where, key=key, lang=lang)
                elif isinstance(part, str):
                    problem = msg("lang_empty", where=where, key=key, lang=lang)
                else:
                    what = kind_of(part)
                    problem = msg("lang_not_text", where=where, key=key, lang=lang, what=what)
                self.report.error(line_of(value, lang, line_of(mapping, key)), problem)
                return None
            parts[lang] = nfc(stripped)
        if len(value) > len(LANGS):  # every language is there: anything more is unknown
            for extra in value:
                if extra not in LANGS:
                    self.report.warning(
                        line_of(value, extra, line_of(mapping, key)),
                        msg("lang_unknown", where=where, key=key, extra=str(extra)),
                    )
        return Text(en=parts["en"], ko=parts["ko"])

    def list_of(self, mapping: Any, key: str, where: Message) -> list[tuple[int, Any]]:
        if key not in mapping or mapping[key] is None:
            return []
        value = mapping[key]
        if not isinstance(value, list):
            self.report.error(
                line_of(mapping, key),
                msg("must_be_list", where=where, key=key, what=kind_of(value)),
            )
            return []
        lines = getattr(value, "lines", None)
        if isinstance(lines, list) and len(lines) == len(value):  # as yamlsafe reads a list
            return list(zip(lines, value, strict=True))
        outer = line_of(mapping, key)
        if lines is None:  # a plain list (the fast reader's): every item at the list's line
            return [(outer, item) for item in value]
        return [(line_of(value, i, outer), item) for i, item in enumerate(value)]
