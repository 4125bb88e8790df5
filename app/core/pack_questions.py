"""Reading a concept file's questions: recall with its key points, and multiple choice."""

from __future__ import annotations

from typing import Any

from app.core.crosscheck import ID_RE
from app.core.findings import Fields, Report, kind_of, line_of, nfc, suggest
from app.core.model import LANGS, KeyPoint, Question, Text

__all__ = ["QUESTION_FIELDS", "POINT_FIELDS", "read_questions"]

QUESTION_FIELDS = {
    "id", "kind", "prompt", "answer", "choices", "correct", "explanation", "points",
}  # fmt: skip
POINT_FIELDS = {"en", "ko", "keywords"}


def read_questions(
    data: Any, fields: Fields, report: Report, concept_id: str
) -> list[tuple[int, Question]]:
    """The questions of one concept file, each with its 0-based front-matter line."""
    questions: list[tuple[int, Question]] = []
    for line, item in fields.list_of(data, "questions", ""):
        if not isinstance(item, dict):
            report.error(line, f"a question must be a mapping, got {kind_of(item)}")
            continue
        for key in item:
            if key not in QUESTION_FIELDS:
                report.warning(
                    line_of(item, key),
                    f"unknown question field '{key}'{suggest(str(key), QUESTION_FIELDS)}",
                )
        qid = fields.string(item, "id", "question ")
        kind = fields.string(item, "kind", "question ")
        prompt = fields.text(item, "prompt", "question ")
        if qid is not None and not ID_RE.match(qid):
            report.error(
                line_of(item, "id"), f"question id '{qid}' must be kebab-case (a-z, 0-9, '-')"
            )
            qid = None
        if kind is not None and kind not in ("recall", "choice"):
            report.error(
                line_of(item, "kind"),
                f"unknown question kind '{kind}'{suggest(kind, ('recall', 'choice'))}; use recall or choice",
            )
            kind = None
        if qid is None or kind is None or prompt is None:
            continue
        if kind == "recall":
            answer = fields.text(item, "answer", "recall question ")
            points = _read_points(item, fields, report)
            if answer is not None and points is not None:
                question = Question(qid, concept_id, kind, prompt, answer, points=points)
                questions.append((line, question))
            continue
        if "points" in item:
            report.error(
                line_of(item, "points"),
                "'points' belong to recall questions only (a choice question has one right answer)",
            )
            continue
        choices: list[Text] = []
        choice_items = fields.list_of(item, "choices", "choice question ")
        for index, (choice_line, choice) in enumerate(choice_items):
            holder: dict[str, Any] = {"c": choice}
            if not isinstance(choice, dict):
                report.error(
                    choice_line,
                    f"choice {index} must be a mapping {{en: ..., ko: ...}}, got {kind_of(choice)}",
                )
                continue
            choice_text = fields.text(holder, "c", f"choice {index} ")
            if choice_text is not None:
                choices.append(choice_text)
        if len(choice_items) < 2:
            report.error(
                line_of(item, "choices", line), "a choice question needs at least 2 choices"
            )
            continue
        if len(choices) != len(choice_items):
            continue
        correct = item.get("correct")
        if isinstance(correct, bool) or not isinstance(correct, int):
            report.error(
                line_of(item, "correct", line),
                f"'correct' must be the 0-based index of the right choice, got {kind_of(correct)}",
            )
            continue
        if not 0 <= correct < len(choices):
            report.error(
                line_of(item, "correct"),
                f"'correct' is {correct} but there are {len(choices)} choices (0-based: 0 to {len(choices) - 1})",
            )
            continue
        explanation = fields.text(item, "explanation", "question ", required=False)
        answer = fields.text(item, "answer", "question ", required=False)
        questions.append(
            (
                line,
                Question(
                    id=qid,
                    concept_id=concept_id,
                    kind=kind,
                    prompt=prompt,
                    answer=answer,
                    choices=tuple(choices),
                    correct=correct,
                    explanation=explanation,
                ),
            )
        )
    return questions


def _read_points(item: Any, fields: Fields, report: Report) -> tuple[KeyPoint, ...] | None:
    """A recall question's key points (`()` when it has none), or None after an error."""
    entries = fields.list_of(item, "points", "recall question ")
    if "points" in item and item["points"] is not None and not isinstance(item["points"], list):
        return None
    points: list[KeyPoint] = []
    ok = True
    for index, (line, entry) in enumerate(entries):
        if not isinstance(entry, dict):
            report.error(
                line,
                f"point {index} must be a mapping {{en: ..., ko: ..., keywords: [...]}}, "
                f"got {kind_of(entry)}",
            )
            ok = False
            continue
        for key in entry:
            if key not in POINT_FIELDS:
                report.warning(
                    line_of(entry, key, line),
                    f"unknown point field '{key}'{suggest(str(key), POINT_FIELDS)}",
                )
        where = f"point {index} "
        texts = {lang: fields.string(entry, lang, where) for lang in LANGS}
        keywords = _read_keywords(entry, line, where, fields, report)
        if texts["en"] is None or texts["ko"] is None or keywords is None:
            ok = False
            continue
        points.append(KeyPoint(Text(en=texts["en"], ko=texts["ko"]), keywords))
    return tuple(points) if ok else None


def _read_keywords(
    entry: Any, line: int, where: str, fields: Fields, report: Report
) -> tuple[str, ...] | None:
    """A point's keywords: at least one, each non-empty text; None after reporting why not."""
    if "keywords" not in entry or entry["keywords"] is None:
        report.error(line_of(entry, "keywords", line), f"{where}needs at least one keyword")
        return None
    items = fields.list_of(entry, "keywords", where)
    if not isinstance(entry["keywords"], list):
        return None
    keywords: list[str] = []
    for keyword_line, keyword in items:
        if not isinstance(keyword, str) or not keyword.strip():
            what = "empty text" if isinstance(keyword, str) else kind_of(keyword)
            report.error(keyword_line, f"{where}keywords must be text, got {what}")
            return None
        keywords.append(nfc(keyword.strip()))
    if not keywords:
        report.error(line_of(entry, "keywords", line), f"{where}needs at least one keyword")
        return None
    return tuple(dict.fromkeys(keywords))
