"""The SQL text of the export's data (run by store.py, the one module that talks to content.db)."""

from __future__ import annotations

__all__ = [
    "CONCEPTS_JSON_SQL",
    "QUESTIONS_JSON_SQL",
    "NODES_JSON_SQL",
    "EDGES_JSON_SQL",
    "ALL",
    "SOME",
]

#: The export's data, built by SQLite's JSON functions in one pass each: at 10,000 concepts
#: (27 MB of text) ~0.1 s, where assembling Python records and encoding them took ~2 s.
#: Rows come in rowid order, which is the pack's order (build_database inserts them in
#: it); a concept's aliases and sources come in their order in its file, the rowid order
#: in which the per-concept index scans return them. So the same database gives the same
#: bytes. Misconceptions and sources are null for a concept without any, as are a
#: question's absent parts. `{concepts}` and `{questions}` are the tables, or subqueries of
#: some concepts' rows (and `{both_kept}` says a link is among them).
CONCEPTS_JSON_SQL = """
SELECT CAST(json_group_object(c.id, json_object(
    'title', json_array(c.title_en, c.title_ko),
    'category', c.category,
    'aliases', (SELECT json_group_array(a.alias) FROM aliases a WHERE a.concept_id = c.id),
    'body', json_array(c.body_en, c.body_ko),
    'misconceptions', json(nullif(c.misconceptions, '[]')),
    'sources', (SELECT json_group_array(json_array(s.title, s.url))
                FROM sources s WHERE s.concept_id = c.id HAVING count(*) > 0)
)) AS BLOB)
FROM {concepts} c
"""
# Flat, not nested in each concept's record: 20% less work at 10,000 concepts.
QUESTIONS_JSON_SQL = """
SELECT CAST(json_group_array(json_array(q.concept_id, json_object(
    'id', q.id,
    'kind', q.kind,
    'prompt', json_array(q.prompt_en, q.prompt_ko),
    'answer', iif(q.answer_en IS NULL, NULL, json_array(q.answer_en, q.answer_ko)),
    'choices', json(nullif(q.choices, '[]')),
    'correct', q.correct,
    'explanation', iif(q.explanation_en IS NULL, NULL, json_array(q.explanation_en, q.explanation_ko)),
    'points', json(nullif(q.points, '[]'))
))) AS BLOB)
FROM {questions} q
"""
NODES_JSON_SQL = """
SELECT CAST(json_group_array(json_object(
    'id', c.id,
    'label', iif(:lang = 'ko', coalesce(nullif(c.title_ko, ''), c.title_en),
                               coalesce(nullif(c.title_en, ''), c.title_ko)),
    'x', p.x, 'y', p.y, 'group', c.category
)) AS BLOB)
FROM (SELECT id, title_en, title_ko, category FROM {concepts} ORDER BY position) c
LEFT JOIN layout p ON p.concept_id = c.id
"""
# A symmetric link written from both ends is drawn once: from its smaller id.
EDGES_JSON_SQL = """
SELECT CAST(json_group_array(json_object('from', d.source, 'to', d.target, 'kind', d.kind)) AS BLOB)
FROM (SELECT DISTINCT source, target, kind FROM links d
      WHERE kind != :mentions AND {both_kept}
        AND NOT (kind IN (SELECT value FROM json_each(:symmetric)) AND source > target
                 AND EXISTS (SELECT 1 FROM links e
                             WHERE e.source = d.target AND e.target = d.source AND e.kind = d.kind))
      ORDER BY 1, 2, 3) d
"""
ALL = {"concepts": "concepts", "questions": "questions", "both_kept": "1"}
KEPT = "(SELECT value FROM json_each(:ids))"
SOME = {
    "concepts": f"(SELECT * FROM concepts WHERE id IN {KEPT} ORDER BY rowid)",
    "questions": f"(SELECT * FROM questions WHERE concept_id IN {KEPT} ORDER BY rowid)",
    "both_kept": f"(d.source IN {KEPT} AND d.target IN {KEPT})",
}
