"""The hostile corpus: a small base pack plus one defect or payload each, as data and generators."""

from __future__ import annotations

import dataclasses
import json
import os
import struct
import unicodedata
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.base_pack import ALPHA, CATEGORIES

__all__ = [
    "BASE_FILES",
    "CASES",
    "Case",
    "PAYLOADS",
    "SEARCHES",
    "SearchCase",
    "as_plain_text",
    "huge_png",
    "write_pack",
]

Writer = Callable[[Path], None]  # writes the file at the path it is given
Content = str | bytes | Writer | None  # None: the base file is removed


BETA = """\
---
id: beta
title: {en: Beta, ko: 베타}
category: cache
links:
  - {to: alpha, kind: related-to}
---
## en
Beta.

## ko
베타.
"""

BASE_FILES: dict[str, str] = {"categories.yaml": CATEGORIES, "a/alpha.md": ALPHA, "b/beta.md": BETA}


@dataclass(frozen=True)
class Case:
    """One pack: the base pack with `files` written over it.

    `expect` is the finding every face must report (`path:line: error: message`, a prefix,
    the path relative to the pack); None means the pack is valid (a hostile payload, an odd
    encoding, a big graph) and must be shown: `select` in the panel with `shows` as text.
    `pack_writer` generates what is too big to spell out (5,000 files, 100,000 links).
    """

    name: str
    files: Mapping[str, Content]
    expect: str | None = None
    select: str | None = None
    shows: tuple[str, ...] = ()
    payload: str | None = None  # text that must reach the export as data, never as markup
    image: str | None = None  # an image URL in the body the panel must refuse to load
    pack_writer: Writer | None = field(default=None, compare=False)  # for the big cases
    group: str = ""


@dataclass(frozen=True)
class SearchCase:
    """A query typed into the search box; `finds` is a concept it must return (or None)."""

    name: str
    query: str
    finds: str | None = None


def write_pack(case: Case, root: Path) -> Path:
    """Write the base pack with the case's files over it into `root`."""
    files: dict[str, Content] = {**BASE_FILES, **case.files}
    for rel, content in files.items():
        path = root / rel
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            content(path)
    if case.pack_writer is not None:
        case.pack_writer(root)
    return root


def _alpha(old: str, new: str) -> dict[str, Content]:
    assert old in ALPHA, old
    return {"a/alpha.md": ALPHA.replace(old, new, 1)}


def _q(text: str) -> str:
    """A YAML double-quoted scalar. JSON strings are YAML ones, but not `\\ud83d` surrogate
    escapes (YAML refuses them), and YAML reads a raw U+2028 as a line break."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _concept(cid: str, title: str, body: str = "Text.", extra: str = "") -> str:
    """A valid concept file in category `auth`; `extra` is more front matter."""
    return (
        f"---\nid: {cid}\ntitle: {{en: {_q(title)}, ko: {_q(title)}}}\ncategory: auth\n"
        f"{extra}---\n## en\n{body}\n\n## ko\n{body}\n"
    )


# -- payloads: every text field of one valid concept carries the same string ---------------


def _hostile(payload: str, body: str | None = None) -> str:
    """A valid concept `hostile` with `payload` in every text field."""
    p = _q(payload)
    pair = f"{{en: {p}, ko: {p}}}"
    body = payload if body is None else body
    return f"""---
id: hostile
title: {pair}
category: auth
aliases: [{p}]
links:
  - {{to: alpha, kind: related-to}}
sources:
  - {{title: {p}, url: "https://example.org/?q=%3Cscript%3E"}}
misconceptions:
  - {pair}
questions:
  - id: hostile-recall
    kind: recall
    prompt: {pair}
    answer: {pair}
  - id: hostile-choice
    kind: choice
    prompt: {pair}
    choices: [{pair}, {{en: other, ko: 다른}}]
    correct: 0
    explanation: {pair}
---
## en
{body}

See [[alpha|{payload}]].

## ko
{body}
"""


PAYLOADS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "close-script": "</script><script>alert(2)</script>",
    "svg-onload": '"><svg onload=alert(3)>',
    "iframe-srcdoc": '<iframe srcdoc="<script>parent.x=1</script>"></iframe>',
    "template": "{{7*7}} {% raw %} ${7*7} #{7*7}",
    "sql": "'); DROP TABLE concepts; --",
    "line-separators": "a\u2028b\u2029c <!-- -->",
    "style-tag": "<style>*{display:none}</style>",
    "markdown-in-title": "**bold** [x](javascript:alert(4))",
}

_LINKS = {
    "javascript-link": "[click](javascript:alert(5)) [mixed](JaVaScRiPt:alert(6)) <javascript:alert(7)>",
    "data-link": "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)",
    "file-link": "[passwd](file:///etc/passwd) [share](file://server/share)",
}

_IMAGES = {
    "image-absolute": "/etc/hostname",
    "image-dotdot": "../../../../../../etc/hostname",
    "image-percent-dotdot": "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname",
    "image-huge-png": "huge.png",
    "image-symlink-out": "pics/outside.png",
}


def huge_png(path: Path, side: int = 30_000) -> None:
    """A PNG whose header claims `side`×`side` pixels; only a few bytes of image data follow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x00" * 3 * 16)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _outside_image(root: Path) -> None:
    """A real image outside the pack, reached through a symbolic link inside it."""
    outside = root.parent / f"{root.name}-outside.png"
    huge_png(outside, side=4)
    (root / "pics").mkdir(exist_ok=True)
    (root / "pics" / "outside.png").symlink_to(outside)


def as_plain_text(text: str) -> str:
    """`text` as the panel's plain text has it: Qt shows U+2028 as a space, U+2029 as a break."""
    return text.replace("\u2028", " ").replace("\u2029", "\n")


def _payload_cases() -> list[Case]:
    cases = [
        Case(f"payload-{name}", {"h/hostile.md": _hostile(text)}, select="hostile",
             shows=(text,), payload=text)
        for name, text in PAYLOADS.items()
    ]  # fmt: skip
    for name, body in _LINKS.items():
        cases.append(
            Case(f"payload-{name}", {"h/hostile.md": _hostile(name, body)},
                 select="hostile", shows=(name, body), payload=body)
        )  # fmt: skip
    for name, url in _IMAGES.items():
        files: dict[str, Content] = {"h/hostile.md": _hostile(name, f"![{name}]({url})")}
        if name == "image-huge-png":
            files["h/huge.png"] = huge_png
        cases.append(
            Case(f"payload-{name}", files, select="hostile", shows=(name,),
                 image=url, pack_writer=_outside_image if "symlink" in name else None)
        )  # fmt: skip
    return cases


# -- big cases, written by generators ------------------------------------------------------


def _chain(length: int) -> Writer:
    """`length` concepts, each a prerequisite of the next, 500 to a folder."""

    def write(root: Path) -> None:
        for i in range(length):
            folder = root / "chain" / f"part{i // 500:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            links = (
                f"links:\n  - {{to: c{i + 1}, kind: prerequisite-of}}\n" if i + 1 < length else ""
            )
            (folder / f"c{i}.md").write_text(_concept(f"c{i}", f"C{i}", extra=links), "utf-8")

    return write


def _many_links(concepts: int, per_concept: int) -> Writer:
    """`concepts` × `per_concept` typed links spread over one file per concept."""
    kinds = ("related-to", "used-for", "part-of", "example-of", "contrasts-with")

    def write(root: Path) -> None:
        for i in range(concepts):
            folder = root / "web" / f"part{i // 100:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            lines = ["links:"]
            for k in range(1, per_concept + 1):
                j = (i + k) % concepts
                kind = "prerequisite-of" if j > i and k % 10 == 0 else kinds[k % len(kinds)]
                lines.append(f"  - {{to: w{j}, kind: {kind}}}")
            (folder / f"w{i}.md").write_text(
                _concept(f"w{i}", f"W{i}", extra="\n".join(lines) + "\n"), "utf-8"
            )

    return write


def _cycle(length: int) -> Writer:
    def write(root: Path) -> None:
        for i in range(length):
            nxt = f"r{(i + 1) % length}"
            (root / "ring").mkdir(exist_ok=True)
            extra = f"links:\n  - {{to: {nxt}, kind: prerequisite-of}}\n"
            (root / "ring" / f"r{i}.md").write_text(
                _concept(f"r{i}", f"R{i}", extra=extra), "utf-8"
            )

    return write


def _sparse(size: int) -> Writer:
    def write(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(size)  # no blocks written: the file reads as zeros

    return write


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block until someone writes


def _one_line(size: int) -> Writer:
    def write(path: Path) -> None:
        head = ALPHA.split("## en\n")[0] + "## en\n"
        path.write_bytes(head.encode() + b"x" * (size - len(head.encode())))

    return write


def _billion_laughs() -> str:
    """Nine levels of ten references each: 10⁹ "lol"s if aliases were expanded."""
    levels = [f"lol1: &l1 [{', '.join(['lol'] * 10)}]"]
    levels += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(2, 10)]
    return ALPHA.replace("aliases: [a, 에이]\n", "\n".join(levels) + "\n", 1)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# One case per entry: name, files over the base pack, then the expected finding or, for a
# valid pack, what the panel must show. `group` comes from the key.
# fmt: off
_GROUPS: dict[str, list[Case]] = {
    "front-matter": [
        Case("yaml-broken-flow", _alpha("aliases: [a, 에이]", "aliases: [a, 에이"),
             "a/alpha.md:5: error: YAML: did not find expected ',' or ']'"),
        # Where the parser gives up lines later, the line named is where the fault began.
        Case("yaml-broken-flow-mapping", _alpha("title: {en: Alpha, ko: 알파}", "title: {en: Alpha, ko: 알파"),
             "a/alpha.md:3: error: YAML: did not find expected ',' or '}'"),
        Case("yaml-unclosed-quote", _alpha("category: auth", "category: 'auth"),
             "a/alpha.md:4: error: YAML: found unexpected end of stream"),
        Case("yaml-missing-colon", _alpha("category: auth", "category auth"),
             "a/alpha.md:4: error: YAML: could not find expected ':'"),
        Case("yaml-tab-indent", _alpha("  - {to: beta", "\t- {to: beta"),
             "a/alpha.md:7: error: YAML: found character that cannot start any token"),
        Case("unclosed-front-matter", {"a/alpha.md": ALPHA.replace("---\n## en", "## en")},
             "a/alpha.md:1: error: the front matter opened on line 1 is never closed"),
        Case("no-front-matter", {"a/alpha.md": ALPHA[4:]},
             "a/alpha.md:1: error: file must start with a '---' line"),
        Case("bom-crlf-line-numbers",
             {"a/alpha.md": b"\xef\xbb\xbf" + ALPHA.replace("category: auth", "category: atuh").replace("\n", "\r\n").encode()},
             "a/alpha.md:4: error: unknown category 'atuh' (did you mean 'auth'?)"),
        Case("cr-only-line-numbers", {"a/alpha.md": ALPHA.replace("to: beta,", "to: betta,").replace("\n", "\r")},
             "a/alpha.md:7: error: link to unknown concept 'betta'"),
        Case("bom-crlf-valid", {"a/alpha.md": b"\xef\xbb\xbf" + ALPHA.replace("\n", "\r\n").encode()},
             select="alpha", shows=("Alpha\n알파", "Alpha comes before Beta.")),
        Case("python-object-apply",
             _alpha("aliases: [a, 에이]", 'aliases: !!python/object/apply:os.system ["touch hostile-pwned"]'),
             "a/alpha.md:5: error: YAML: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
        Case("python-name", _alpha("category: auth", "category: !!python/name:os.system"),
             "a/alpha.md:4: error: YAML: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
        Case("local-tag", _alpha("category: auth", "category: !secret auth"),
             "a/alpha.md:4: error: YAML: the tag '!secret' is not allowed"),
        Case("billion-laughs", {"a/alpha.md": _billion_laughs()},
             "a/alpha.md:5: error: YAML: anchors and aliases (*name) are not allowed"),
        Case("merge-key", _alpha("category: auth", "category: auth\n<<: {level: 1}"),
             "a/alpha.md:5: error: YAML: merge keys (<<) are not allowed"),
        Case("duplicate-key", _alpha("category: auth", "category: auth\nid: beta"),
             "a/alpha.md:5: error: YAML: duplicate key 'id'"),
        Case("yaml11-no", _alpha("aliases: [a, 에이]", "aliases: [a, no, off]"),
             "a/alpha.md:5: error: 'aliases' items must be text, got true/false"),
        Case("yaml11-version-number", _alpha("{en: Alpha, ko: 알파}", "{en: 1.10, ko: 1.10}"),
             "a/alpha.md:3: error: 'title.en' must be text, got a number"),
        Case("yaml11-sexagesimal", _alpha("id: alpha", "id: 1:20"),
             "a/alpha.md:2: error: 'id' must be text, got a number"),
        Case("yaml11-date", _alpha("category: auth", "category: 2024-01-01"),
             "a/alpha.md:4: error: 'category' must be text, got a date"),
        Case("yaml-deep-nesting", _alpha("aliases: [a, 에이]", "aliases: " + "[" * 5000 + "]" * 5000),
             "a/alpha.md:5: error: YAML: exceeded maximum nesting depth"),
        Case("front-matter-list", {"a/alpha.md": "---\n- id\n- alpha\n---\n## en\nx\n## ko\ny\n"},
             "a/alpha.md:2: error: front matter must be a mapping of fields, got a list"),
        Case("front-matter-scalar", {"a/alpha.md": "---\njust some text\n---\n## en\nx\n## ko\ny\n"},
             "a/alpha.md:2: error: front matter must be a mapping of fields, got str"),
        Case("front-matter-empty", {"a/alpha.md": "---\n---\n## en\nx\n## ko\ny\n"},
             "a/alpha.md:2: error: front matter must be a mapping of fields, got nothing"),
        Case("missing-id", _alpha("id: alpha\n", ""),
             "a/alpha.md:2: error: missing required field 'id'"),
        Case("missing-category", _alpha("category: auth\n", ""),
             "a/alpha.md:2: error: missing required field 'category'"),
        Case("links-not-a-list", _alpha("links:\n  - {to: beta, kind: prerequisite-of}", "links: beta"),
             "a/alpha.md:6: error: 'links' must be a list, got str"),
        Case("title-a-list", _alpha("{en: Alpha, ko: 알파}", "[Alpha, 알파]"),
             "a/alpha.md:3: error: 'title' must be a mapping {en: ..., ko: ...}, got a list"),
        Case("correct-as-text", _alpha("correct: 1", 'correct: "1"'),
             "a/alpha.md:13: error: 'correct' must be the 0-based index of the right choice, got str"),
        Case("categories-not-a-list", {"categories.yaml": "auth: Auth\n"},
             "categories.yaml:1: error: categories.yaml must be a list of categories, got a mapping"),
        Case("categories-missing", {"categories.yaml": None},
             "categories.yaml:1: error: missing categories.yaml"),
    ],
    "graph": [
        Case("duplicate-id", {"b/beta.md": BETA.replace("id: beta", "id: alpha")},
             "b/beta.md:2: error: duplicate concept id 'alpha'"),
        Case("duplicate-id-by-case", {"b/beta.md": BETA.replace("id: beta", "id: ALPHA")},
             "b/beta.md:2: error: id 'ALPHA' must be kebab-case"),
        Case("duplicate-id-nfd",
             {"a/alpha.md": ALPHA.replace("id: alpha", "id: café"),
              "b/beta.md": BETA.replace("id: beta", "id: " + _nfd("café"))},
             "b/beta.md:2: error: id 'café' must be kebab-case"),  # NFD read as NFC: the same id
        Case("duplicate-id-zero-width", {"b/beta.md": BETA.replace("id: beta", 'id: "alpha\u200b"')},
             "b/beta.md:2: error: id 'alpha\\u200b' must be kebab-case"),
        Case("bidi-in-id", _alpha("id: alpha", 'id: "al\u202ehpa"'),
             "a/alpha.md:2: error: id 'al\\u202ehpa' must be kebab-case"),
        Case("missing-target", _alpha("{to: beta, kind", "{to: nowhere, kind"),
             "a/alpha.md:7: error: link to unknown concept 'nowhere'"),
        Case("self-link", _alpha("{to: beta, kind", "{to: alpha, kind"),
             "a/alpha.md:7: error: 'alpha' links to itself"),
        Case("unknown-wikilink", _alpha("before [[beta]].", "before [[../../etc/passwd]]."),
             "a/alpha.md:16: error: [[../../etc/passwd]] names an unknown concept"),
        Case("prerequisite-cycle", {"b/beta.md": BETA.replace("kind: related-to", "kind: prerequisite-of")},
             "a/alpha.md:7: error: prerequisite-of links form a cycle: alpha → beta → alpha"),
        Case("prerequisite-cycle-1000", {}, "ring/r0.md:6: error: prerequisite-of links form a cycle: r0 → r1",
             pack_writer=_cycle(1000)),
        Case("chain-5000-deep", {}, select="c4999", shows=("C4997 → C4998 → C4999", "C0 → C1"),
             pack_writer=_chain(5000)),
        Case("links-100000", {}, select="w7", shows=("W8", "W107"), pack_writer=_many_links(1000, 100)),
    ],
    "encoding": [
        Case("invalid-utf8", {"a/alpha.md": ALPHA.encode().replace(b"Alpha comes", b"Alpha \xff comes")},
             "a/alpha.md:16: error: invalid UTF-8"),
        Case("cp949-korean", {"b/beta.md": BETA.encode("cp949")},
             "b/beta.md:3: error: invalid UTF-8"),
        Case("utf16-bom", {"a/alpha.md": ALPHA.encode("utf-16")},
             "a/alpha.md:1: error: file is UTF-16; save it as UTF-8"),
        Case("utf16-no-bom", {"a/alpha.md": ALPHA.encode("utf-16-le")},
             "a/alpha.md:1: error: file contains a NUL byte"),
        Case("nul-byte", {"a/alpha.md": ALPHA.replace("Alpha comes", "Alpha\x00 comes")},
             "a/alpha.md:16: error: file contains a NUL byte"),
        Case("control-character-raw", _alpha("Alpha comes", "Alpha \x1b]0;pwned\x07\x1b[2J comes"),
             "a/alpha.md:16: error: file contains a control character (U+001B)"),
        Case("control-character-escaped", _alpha("category: auth", 'category: "\\e[2Jauth"'),
             "a/alpha.md:4: error: YAML: control character U+001B is not allowed in text"),
        Case("nfd-korean-names", {"b/beta.md": None, _nfd("b/베타.md"): _nfd(BETA)},
             select="beta", shows=("Beta\n베타",)),
        Case("emoji-flood-body",
             {"h/hostile.md": _concept("hostile", "🔥" * 200, body="👩‍👩‍👧‍👦🏳️‍🌈" * 10_000)},
             select="hostile", shows=("🔥" * 200,)),
        Case("combining-flood-title", {"h/hostile.md": _concept("hostile", "Z" + "\u0336\u0489" * 5000)},
             "h/hostile.md:3: error: 'title.en' is 10,001 characters long; the limit is 200"),
        Case("combining-flood-body",
             {"h/hostile.md": _concept("hostile", "Zalgo", body="Z" + "\u0336\u0489\u0310" * 50_000)},
             select="hostile", shows=("Zalgo",)),
        Case("alias-flood",
             {"h/hostile.md": _concept("hostile", "Aliases", extra=f"aliases: [{'x' * 500}]\n")},
             "h/hostile.md:5: error: an alias is 500 characters long; the limit is 200"),
    ],
    "payload": _payload_cases(),
    "size": [
        Case("line-10mb", {"a/alpha.md": _one_line(10 * 1024 * 1024)},
             "a/alpha.md:1: error: file is 10,485,760 bytes; the limit is 1,000,000"),
        Case("empty-file", {"a/alpha.md": ""},
             "a/alpha.md:1: error: file must start with a '---' line"),
        Case("sparse-2gb", {"a/alpha.md": _sparse(2 * 1024**3)},
             "a/alpha.md:1: error: file is 2,147,483,648 bytes; the limit is 1,000,000"),
        Case("named-pipe", {"h/pipe.md": _fifo},
             "h/pipe.md:1: error: not a regular file"),
        Case("empty-categories", {"categories.yaml": ""},
             "categories.yaml:1: error: categories.yaml must be a list of categories, got nothing"),
        Case("body-near-limit", {"h/hostile.md": _concept("hostile", "Long line", body="word " * 95_000)},
             select="hostile", shows=("word word word",)),
    ],
}
# fmt: on

CASES: list[Case] = [
    dataclasses.replace(case, group=group) for group, cases in _GROUPS.items() for case in cases
]

SEARCHES: list[SearchCase] = [
    SearchCase("fts-quote", '"'),
    SearchCase("fts-unbalanced-quote", '"comes before'),
    SearchCase("fts-star", "alph*"),
    SearchCase("fts-operators", "alpha OR beta NOT x AND"),
    SearchCase("fts-near", "NEAR(alpha beta, 2)"),
    SearchCase("fts-column", "body: comes"),
    SearchCase("fts-caret-minus-parens", "^( -alpha ) +"),
    SearchCase("sql-injection", "'; DROP TABLE concepts; --"),
    SearchCase("like-wildcards", "%_%\\"),
    SearchCase("nul-and-controls", "al\x00pha\x1b[2J"),
    SearchCase("10000-chars", "a" * 10_000),
    SearchCase("10000-korean", "알" * 10_000),
    SearchCase("nfd-korean", _nfd("알파"), finds="alpha"),
    SearchCase("nfd-korean-body", _nfd("먼저입니다"), finds="alpha"),
    SearchCase("emoji-zwj", "👩‍👩‍👧‍👦"),
    SearchCase("bidi", "\u202ealpha"),
]
