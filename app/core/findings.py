"""Findings about a content pack, and typed reads of YAML values that report what is wrong, where."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.model import LANGS, Text

__all__ = ["Finding", "Report", "Fields", "nfc", "kind_of", "line_of", "missing", "suggest"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {_visible(self.message)}"


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

    def error(self, line: int, message: str) -> None:
        self.findings.append(Finding(self.path, line + self.offset, "error", message))

    def warning(self, line: int, message: str) -> None:
        self.findings.append(Finding(self.path, line + self.offset, "warning", message))


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false (YAML reads yes/no/on/off as booleans: put the text in quotes)"
    if isinstance(value, int | float):
        return "a number (put it in quotes if it is text)"
    if value is None:
        return "nothing"
    if isinstance(value, date):
        return "a date (put it in quotes if it is text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def line_of(container: Any, key: Any, default: int = 0) -> int:
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, getattr(container, "line", default))
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return lines[key]
    return getattr(container, "line", default)


def missing(key: str, where: str) -> str:
    return f"missing required field '{key}'" + (f" in {where.strip()}" if where.strip() else "")


def suggest(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


class Fields:
    """Typed reads of front-matter values that report what is wrong, where."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def _absent(self, mapping: Any, key: str, where: str, required: bool) -> bool:
        """Whether `key` is missing from `mapping`; an error when it is required."""
        if key in mapping:
            return False
        if required:
            self.report.error(getattr(mapping, "line", 0), missing(key, where))
        return True

    def string(self, mapping: Any, key: str, where: str, required: bool = True) -> str | None:
        if self._absent(mapping, key, where, required):
            return None
        value = mapping[key]
        if not isinstance(value, str) or not value.strip():
            what = "empty text" if isinstance(value, str) else kind_of(value)
            self.report.error(line_of(mapping, key), f"{where}'{key}' must be text, got {what}")
            return None
        return nfc(value.strip())

    def text(self, mapping: Any, key: str, where: str, required: bool = True) -> Text | None:
        if self._absent(mapping, key, where, required):
            return None
        value = mapping[key]
        line = line_of(mapping, key)
        if not isinstance(value, dict):
            self.report.error(
                line,
                f"{where}'{key}' must be a mapping {{en: ..., ko: ...}}, got {kind_of(value)}",
            )
            return None
        parts: dict[str, str] = {}
        for lang in LANGS:
            part = value.get(lang)
            if not isinstance(part, str) or not part.strip():
                what = (
                    "is missing"
                    if part is None
                    else (
                        "is empty"
                        if isinstance(part, str)
                        else f"must be text, got {kind_of(part)}"
                    )
                )
                self.report.error(line_of(value, lang, line), f"{where}'{key}.{lang}' {what}")
                return None
            parts[lang] = nfc(part.strip())
        for extra in value:
            if extra not in LANGS:
                self.report.warning(
                    line_of(value, extra, line),
                    f"{where}'{key}' has unknown language '{extra}' (use en and ko)",
                )
        return Text(en=parts["en"], ko=parts["ko"])

    def list_of(self, mapping: Any, key: str, where: str) -> list[tuple[int, Any]]:
        if key not in mapping or mapping[key] is None:
            return []
        value = mapping[key]
        if not isinstance(value, list):
            self.report.error(
                line_of(mapping, key), f"{where}'{key}' must be a list, got {kind_of(value)}"
            )
            return []
        return [(line_of(value, i, line_of(mapping, key)), item) for i, item in enumerate(value)]
