"""The concept panel's page as HTML for QTextBrowser: content escaped, bodies rendered without raw HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from app.core.graph import Relation
from app.core.markup import CONCEPT_SCHEME, render_markdown
from app.core.model import Category, Concept, Question, Text
from app.ui.i18n import tr

__all__ = ["PanelPage", "render_page", "ANSWER_SCHEME"]

#: `answer:<question id>` toggles a question's answer in the panel.
ANSWER_SCHEME = "answer:"


@dataclass
class PanelPage:
    concept: Concept
    category: Category | None
    relations: list[tuple[Relation, list[str]]]
    path: list[str]
    titles: dict[str, Text]
    mastery: float | None = None
    mastery_known: bool = False
    shown_answers: set[str] = field(default_factory=set)


def _concept_link(concept_id: str, titles: dict[str, Text], lang: str) -> str:
    title = titles.get(concept_id)
    label = title.get(lang) if title else concept_id
    return f'<a href="{CONCEPT_SCHEME}{escape(concept_id)}">{escape(label)}</a>'


def render_page(page: PanelPage, lang: str) -> str:
    c = page.concept
    other = "en" if lang == "ko" else "ko"
    titles = page.titles
    parts = [f"<h1>{escape(c.title.get(lang))}</h1>"]
    parts.append(f'<p class="subtitle">{escape(c.title.get(other))}</p>')
    meta = []
    if page.category is not None:
        colour = escape(page.category.colour)
        meta.append(
            f'<span style="color:{colour}">■</span> {escape(page.category.title.get(lang))}'
        )
    if page.mastery_known:
        value = tr("mastery_new", lang) if page.mastery is None else f"{round(page.mastery * 100)}%"
        meta.append(f"{escape(tr('mastery', lang))}: {escape(value)}")
    parts.append(f'<p class="meta">{" &nbsp;·&nbsp; ".join(meta)}</p>')
    if c.aliases:
        parts.append(
            f'<p class="aliases">{escape(tr("aliases", lang))}: {escape(", ".join(c.aliases))}</p>'
        )
    if page.path:
        chain = " → ".join(_concept_link(p, titles, lang) for p in page.path)
        parts.append(
            f'<p class="path"><b>{escape(tr("learn_path", lang))}:</b> {chain} → {escape(c.title.get(lang))}</p>'
        )

    def title_of(concept_id: str) -> str | None:
        title = titles.get(concept_id)
        return title.get(lang) if title else None

    parts.append(
        f'<div class="body">{render_markdown(c.body.get(lang), title_of, images=True)}</div>'
    )
    if c.misconceptions:
        parts.append(f"<h2>{escape(tr('misconceptions', lang))}</h2><ul>")
        parts += [f"<li>{escape(m.get(lang))}</li>" for m in c.misconceptions]
        parts.append("</ul>")
    if page.relations:
        parts.append(f"<h2>{escape(tr('links', lang))}</h2>")
        for relation, ids in page.relations:
            links = ", ".join(_concept_link(i, titles, lang) for i in ids)
            parts.append(f"<p><b>{escape(relation.label.get(lang))}:</b> {links}</p>")
    if c.questions:
        parts.append(f"<h2>{escape(tr('questions', lang))}</h2><ol>")
        for q in c.questions:
            parts.append(f"<li><p>{escape(q.prompt.get(lang))}</p>")
            if q.kind == "choice":
                parts.append(
                    "<ul>"
                    + "".join(f"<li>{escape(ch.get(lang))}</li>" for ch in q.choices)
                    + "</ul>"
                )
            if q.id in page.shown_answers:
                parts.append(f'<p class="answer">{escape(_answer_text(q, lang))}</p>')
            else:
                parts.append(
                    f'<p><a href="{ANSWER_SCHEME}{escape(q.id)}">{escape(tr("show_answer", lang))}</a></p>'
                )
            parts.append("</li>")
        parts.append("</ol>")
    if c.sources:
        parts.append(f"<h2>{escape(tr('sources', lang))}</h2><ul>")
        for source in c.sources:
            if source.url:
                parts.append(f'<li><a href="{escape(source.url)}">{escape(source.title)}</a></li>')
            else:
                parts.append(f"<li>{escape(source.title)}</li>")
        parts.append("</ul>")
    return "\n".join(parts)


def _answer_text(question: Question, lang: str) -> str:
    if question.kind == "choice" and question.correct is not None:
        right = question.choices[question.correct].get(lang)
        why = question.explanation.get(lang) if question.explanation else ""
        return f"✓ {right}" + (f" — {why}" if why else "")
    return question.answer.get(lang) if question.answer else ""
