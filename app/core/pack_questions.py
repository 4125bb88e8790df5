"""Reading a concept file's questions: recall with its key points, and multiple choice."""

from __future__ import annotations

import functools
from typing import Any

from app.core.crosscheck import ID_RE
from app.core.findings import NOTHING, Fields, Message, Report, kind_of, line_of, msg, nfc, suggest
from app.core.model import LANGS, KeyPoint, Question, Text

__all__ = ["QUESTION_FIELDS", "POINT_FIELDS", "read_questions"]

QUESTION_FIELDS = frozenset({
    "id", "kind", "prompt", "answer", "choices", "correct", "explanation", "points",
})  # fmt: skip
POINT_FIELDS = frozenset({"en", "ko", "keywords"})


def read_questions(
    data: Any, fields: Fields, report: Report, concept_id: str
) -> list[tuple[int, Question]]:
    """The questions of one concept file, each with its 0-based front-matter line."""
    questions: list[tuple[int, Question]] = []
    for line, item in fields.list_of(data, "questions", NOTHING):
        if not isinstance(item, dict):
            report.error(line, msg("question_not_map", what=kind_of(item)))
            continue
        if not item.keys() <= QUESTION_FIELDS:  # most questions use only known fields
            for key in item:
                if key not in QUESTION_FIELDS:
                    report.warning(
                        line_of(item, key),
                        msg(
                            "question_field_unknown",
                            key=str(key),
                            hint=suggest(str(key), QUESTION_FIELDS),
                        ),
                    )
        where = msg("where_question")
        qid = fields.string(item, "id", where)
        kind = fields.string(item, "kind", where)
        prompt = fields.text(item, "prompt", where)
        if qid is not None and not ID_RE.match(qid):
            report.error(line_of(item, "id"), msg("question_id_case", id=qid))
            qid = None
        if kind is not None and kind not in ("recall", "choice"):
            report.error(
                line_of(item, "kind"),
                msg("question_kind_unknown", kind=kind, hint=suggest(kind, ("recall", "choice"))),
            )
            kind = None
        if qid is None or kind is None or prompt is None:
            continue
        if kind == "recall":
            answer = fields.text(item, "answer", msg("where_recall"))
            points = _read_points(item, fields, report)
            if answer is not None and points is not None:
                question = Question(qid, concept_id, kind, prompt, answer, points=points)
                questions.append((line, question))
            continue
        if "points" in item:
            report.error(line_of(item, "points"), msg("points_on_choice"))
            continue
        choices: list[Text] = []
        choice_items = fields.list_of(item, "choices", msg("where_choice_question"))
        for index, (choice_line, choice) in enumerate(choice_items):
            if not isinstance(choice, dict):
                report.error(choice_line, msg("choice_not_map", index=index, what=kind_of(choice)))
                continue
            holder: dict[str, Any] = {"c": choice}
            choice_text = fields.text(holder, "c", _where("where_choice", index))
            if choice_text is not None:
                choices.append(choice_text)
        if len(choice_items) < 2:
            report.error(line_of(item, "choices", line), msg("choices_too_few"))
            continue
        if len(choices) != len(choice_items):
            continue
        correct = item.get("correct")
        if isinstance(correct, bool) or not isinstance(correct, int):
            report.error(
                line_of(item, "correct", line),
                msg("correct_not_index", what=kind_of(correct)),
            )
            continue
        if not 0 <= correct < len(choices):
            report.error(
                line_of(item, "correct"),
                msg(
                    "correct_out_of_range",
                    correct=correct,
                    count=len(choices),
                    last=len(choices) - 1,
                ),
            )
            continue
        explanation = fields.text(item, "explanation", where, required=False)
        answer = fields.text(item, "answer", where, required=False)
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
    entries = fields.list_of(item, "points", msg("where_recall"))
    if "points" in item and item["points"] is not None and not isinstance(item["points"], list):
        return None
    points: list[KeyPoint] = []
    ok = True
    for index, (line, entry) in enumerate(entries):
        if not isinstance(entry, dict):
            report.error(line, msg("point_not_map", index=index, what=kind_of(entry)))
            ok = False
            continue
        if not entry.keys() <= POINT_FIELDS:  # most points use only known fields
            for key in entry:
                if key not in POINT_FIELDS:
                    report.warning(
                        line_of(entry, key, line),
                        msg(
                            "point_field_unknown",
                            key=str(key),
                            hint=suggest(str(key), POINT_FIELDS),
                        ),
                    )
        where = _where("where_point", index)
        texts = {lang: fields.string(entry, lang, where) for lang in LANGS}
        keywords = _read_keywords(entry, line, where, fields, report)
        if texts["en"] is None or texts["ko"] is None or keywords is None:
            ok = False
            continue
        points.append(KeyPoint(Text(en=texts["en"], ko=texts["ko"]), keywords))
    return tuple(points) if ok else None


def _read_keywords(
    entry: Any, line: int, where: Message, fields: Fields, report: Report
) -> tuple[str, ...] | None:
    """A point's keywords: at least one, each non-empty text; None after reporting why not."""
    if "keywords" not in entry or entry["keywords"] is None:
        report.error(line_of(entry, "keywords", line), msg("keywords_none", where=where))
        return None
    items = fields.list_of(entry, "keywords", where)
    if not isinstance(entry["keywords"], list):
        return None
    keywords: list[str] = []
    for keyword_line, keyword in items:
        if not isinstance(keyword, str) or not keyword.strip():
            what = msg("kind_empty_text") if isinstance(keyword, str) else kind_of(keyword)
            report.error(keyword_line, msg("keywords_not_text", where=where, what=what))
            return None
        keywords.append(nfc(keyword.strip()))
    if not keywords:
        report.error(line_of(entry, "keywords", line), msg("keywords_none", where=where))
        return None
    return tuple(dict.fromkeys(keywords))


@functools.lru_cache(maxsize=64)
def _where(key: str, index: int) -> Message:
    """`msg(key, index=index)`, made once for the first choices and points of every file."""
    return msg(key, index=index)
