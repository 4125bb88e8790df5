"""A valid content pack whose every text field carries script, markup and template payloads."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["PAYLOADS", "MARKDOWN_PAYLOADS", "HOSTILE_IDS", "write_hostile_pack"]

#: Each one sets `window.__pwned` or opens a dialog if it ever runs.
PAYLOADS = (
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(2)">',
    "</script><script>window.__pwned=1;alert(3)</script>",
    '"><svg onload="window.__pwned=1;alert(4)">',
    "javascript:window.__pwned=1;alert(5)",
    "{{7*7}} {% raw %} ${7*7}",
    '<a href="javascript:alert(6)" onmouseover="alert(7)">href</a>',
    "\u2028line\u2029separators <!-- -->",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
)

#: Markdown-level attacks a body can carry on top of the raw payloads.
MARKDOWN_PAYLOADS = (
    "[click me](javascript:window.__pwned=1;alert(8))",
    "[click me too](<javascript:alert(9)>)",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=)",
    "<javascript:alert(11)>",
    '![img](x" onerror="alert(12))',
    '[title attr](https://example.com "x\\" onmouseover=\\"alert(13)")',
    '<div onclick="alert(14)">block html</div>',
    "`<script>alert(15)</script>` in code",
    "```html\n</script><script>alert(16)</script>\n```",
)

HOSTILE_IDS = ("evil-one", "evil-two", "evil-three")


def _q(text: str) -> str:
    # JSON strings are YAML double-quoted strings; ASCII escapes keep U+2028 a character.
    return json.dumps(text)


def _pair(text: str) -> str:
    return "{en: " + _q(text) + ", ko: " + _q("한국어 " + text) + "}"


def _concept(index: int, concept_id: str, target: str) -> str:
    payload = PAYLOADS[index % len(PAYLOADS)]
    title = f"{payload} {index}"
    aliases = ", ".join(_q(p) for p in PAYLOADS)
    body = "\n\n".join((*PAYLOADS, *MARKDOWN_PAYLOADS))
    return f"""---
id: {concept_id}
title: {_pair(title)}
category: evil
aliases: [{aliases}, {_q("악성" + str(index))}]
links:
  - {{to: {target}, kind: related-to}}
sources:
  - {{title: {_q(PAYLOADS[0])}, url: "https://example.com/?q=<script>alert(17)</script>"}}
misconceptions:
  - {_pair(PAYLOADS[1])}
questions:
  - id: {concept_id}-recall
    kind: recall
    prompt: {_pair(PAYLOADS[2])}
    answer: {_pair(PAYLOADS[3])}
  - id: {concept_id}-choice
    kind: choice
    prompt: {_pair(PAYLOADS[5])}
    choices:
      - {_pair(PAYLOADS[6])}
      - {_pair(PAYLOADS[0])}
    correct: 1
    explanation: {_pair(PAYLOADS[8])}
---
## en
{body}

See [[{target}]] and [[{target}|{PAYLOADS[0]}]].

## ko
{body}

[[{target}|{PAYLOADS[5]}]]
"""


def write_hostile_pack(folder: Path) -> Path:
    """Write the pack into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "categories.yaml").write_text(
        f'- id: evil\n  title: {_pair(PAYLOADS[3])}\n  colour: "#aa0000"\n', encoding="utf-8"
    )
    for index, concept_id in enumerate(HOSTILE_IDS):
        target = HOSTILE_IDS[(index + 1) % len(HOSTILE_IDS)]
        (folder / f"{concept_id}.md").write_text(_concept(index, concept_id, target), "utf-8")
    return folder
