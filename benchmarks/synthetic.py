"""Synthetic content packs in the real format, for benchmarks: N concepts, clustered, seeded."""

from __future__ import annotations

import random
from pathlib import Path

from app.core.model import LINK_KINDS

__all__ = ["write_pack", "CATEGORIES"]

CATEGORIES = (
    "auth",
    "web",
    "database",
    "cache",
    "python",
    "os",
    "network",
    "cloud",
    "languages",
    "dsa",
    "design",
)
_WORDS = [
    "request",
    "response",
    "server",
    "client",
    "cache",
    "index",
    "query",
    "token",
    "session",
    "thread",
    "process",
    "memory",
    "latency",
    "throughput",
    "replica",
    "shard",
    "lock",
    "transaction",
    "commit",
    "schema",
    "table",
    "column",
    "key",
    "value",
    "queue",
    "message",
    "event",
    "loop",
    "socket",
    "packet",
    "header",
    "payload",
    "signature",
    "hash",
    "tree",
    "node",
    "edge",
    "graph",
    "scale",
    "load",
    "balance",
    "route",
    "proxy",
    "gateway",
    "service",
    "container",
    "image",
    "deploy",
    "build",
    "test",
    "monitor",
]
_SYLLABLES = [
    "가",
    "나",
    "다",
    "라",
    "마",
    "바",
    "사",
    "아",
    "자",
    "차",
    "카",
    "타",
    "파",
    "하",
    "서",
    "버",
    "요",
    "청",
    "응",
    "답",
    "캐",
    "시",
    "인",
    "덱",
    "스",
    "토",
    "큰",
    "세",
    "션",
    "스",
    "레",
    "드",
    "메",
    "모",
    "리",
]
_NEIGHBOURHOOD = 40


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _korean(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    while sum(len(w) for w in out) < chars:
        out.append("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return " ".join(out) + "."


def write_pack(folder: Path, size: int, seed: int = 7) -> Path:
    """Write `size` concepts: ~1.5 typed links each (mostly to near neighbours, so clustered),
    bodies of ~180 English words and ~400 Korean characters, two questions, one source.

    Links always point to an older concept, so `prerequisite-of` links cannot form a cycle.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for index, cid in enumerate(CATEGORIES):
        colour = f"#{(index * 0x2F5B7 + 0x404040) & 0xFFFFFF:06x}"
        lines.append(
            f'- id: {cid}\n  title: {{en: "{cid}", ko: "분류 {cid}"}}\n  colour: "{colour}"'
        )
    (folder / "categories.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_category = max(1, size // len(CATEGORIES))
    for index in range(size):
        targets: dict[int, str] = {}
        for _ in range(2 if rng.random() < 0.5 else 1):
            if index == 0:
                break
            near = rng.random() < 0.85
            target = rng.randrange(max(0, index - _NEIGHBOURHOOD) if near else 0, index)
            targets[target] = rng.choice(LINK_KINDS)
        links = "".join(f"  - {{to: c{t}, kind: {k}}}\n" for t, k in targets.items())
        category = CATEGORIES[min(index // per_category, len(CATEGORIES) - 1)]
        mention = f" See [[c{index - 1}]]." if index else ""
        en = "\n\n".join(_sentence(rng, 30) + " " + _sentence(rng, 15) for _ in range(4))
        ko = "\n\n".join(_korean(rng, 100) for _ in range(4))
        sub = f"{index // 1000:03d}"
        path = folder / category / sub / f"c{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'---\nid: c{index}\ntitle: {{en: "Concept {index} {rng.choice(_WORDS)}", ko: "개념 {index} {rng.choice(_SYLLABLES)}"}}\n'
            f'category: {category}\naliases: ["alias {index}", "별칭{index}"]\n'
            + (f"links:\n{links}" if links else "")
            + f'sources:\n  - {{title: "Reference {index}", url: "https://example.org/{index}"}}\n'
            f"questions:\n  - id: q{index}\n    kind: recall\n"
            f'    prompt: {{en: "What is concept {index}?", ko: "개념 {index}은 무엇인가요?"}}\n'
            f'    answer: {{en: "{_sentence(rng, 25)}", ko: "{_korean(rng, 60)}"}}\n'
            f"  - id: q{index}-choice\n    kind: choice\n"
            f'    prompt: {{en: "Which one is concept {index}?", ko: "개념 {index}은 무엇인가요?"}}\n'
            f'    choices: [{{en: "this", ko: "이것"}}, {{en: "that", ko: "저것"}}, {{en: "neither", ko: "둘 다 아님"}}]\n'
            f"    correct: 0\n"
            f"---\n## en\n{en}{mention}\n\n```\nGET /c{index} HTTP/1.1\n```\n\n## ko\n{ko}{mention}\n",
            encoding="utf-8",
        )
    return folder
