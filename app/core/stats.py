"""Numbers about the graph and the user's progress, for `backend-atlas stats` and the stats view."""

from __future__ import annotations

from typing import Any

from app.core.paths import UserPaths
from app.core.progress_report import progress_summary
from app.core.store import ContentStore

__all__ = ["content_stats", "format_stats"]


def content_stats(store: ContentStore, paths: UserPaths | None = None) -> dict[str, Any]:
    """Concepts, links and questions per category; progress when a progress database exists."""
    summaries = store.summaries()
    category_of = {s.id: s.category for s in summaries}
    rows: dict[str, dict[str, Any]] = {}
    for category in store.categories():
        rows[category.id] = {"title": {"en": category.title.en, "ko": category.title.ko},
                             "concepts": 0, "links": 0, "questions": 0}  # fmt: skip
    for summary in summaries:
        rows[summary.category]["concepts"] += 1
    for link in store.links():
        rows[category_of[link.source]]["links"] += 1
    for question in store.questions():
        rows[category_of[question.concept_id]]["questions"] += 1
    data: dict[str, Any] = {
        "concepts": len(summaries),
        "links": sum(r["links"] for r in rows.values()),
        "questions": sum(r["questions"] for r in rows.values()),
        "categories": rows,
    }
    if paths is not None:
        progress = progress_summary(store, paths.progress_db)
        if progress is not None:
            data["progress"] = progress
    return data


def format_stats(data: dict[str, Any]) -> str:
    lines = [f"{'category':<34}{'concepts':>9}{'links':>7}{'questions':>10}"]
    for row in data["categories"].values():
        lines.append(
            f"{row['title']['en']:<34}{row['concepts']:>9}{row['links']:>7}{row['questions']:>10}"
        )
    lines.append(f"{'total':<34}{data['concepts']:>9}{data['links']:>7}{data['questions']:>10}")
    progress = data.get("progress")
    if progress:
        lines.append("")
        lines.append(
            f"progress: {progress['reviewed']} reviews, {progress['seen']} questions seen, "
            f"{progress['due']} due now, {progress['mastered']} mastered"
        )
    return "\n".join(lines)
