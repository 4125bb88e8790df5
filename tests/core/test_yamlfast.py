"""The fast front-matter reader returns what `yamlsafe` returns, or None: never anything else."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
import ryml
import yaml.resolver

from app.core import yamlfast, yamlsafe
from benchmarks.synthetic import write_pack
from tests.conftest import BUNDLED_PACK
from tests.hostile.corpus import BASE_FILES, CASES

_REFUSED = object()  # what yamlsafe.parse gave when it raised YamlError


def _front(text: str) -> str | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index])
    return None


def _same(fast: Any, slow: Any) -> bool:
    """Equal, with the same types all the way down (True is not 1; dict may stand for LineMap)."""
    if isinstance(slow, dict):
        return (
            type(fast) is dict
            and list(fast) == list(slow)
            and all(type(a) is type(b) for a, b in zip(fast, slow, strict=True))
            and all(_same(fast[key], slow[key]) for key in slow)
        )
    if isinstance(slow, list):
        return (
            type(fast) is list
            and len(fast) == len(slow)
            and all(_same(a, b) for a, b in zip(fast, slow, strict=True))
        )
    return type(fast) is type(slow) and fast == slow


def _slow(text: str) -> Any:
    try:
        return yamlsafe.parse(text)
    except yamlsafe.YamlError:
        return _REFUSED


def _holds(text: str) -> bool:
    """The contract: None, or exactly what yamlsafe returns."""
    fast = yamlfast.parse(text)
    return fast is None or _same(fast, _slow(text))


def _bundled() -> list[str]:
    fronts = [_front(p.read_text(encoding="utf-8")) for p in sorted(BUNDLED_PACK.rglob("*.md"))]
    return [front for front in fronts if front is not None]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = write_pack(tmp_path_factory.mktemp("synthetic"), 300)
    fronts = [_front(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.md"))]
    return [front for front in fronts if front is not None]


def _hostile() -> list[str]:
    texts = [*BASE_FILES.values()]
    texts += [c for case in CASES for c in case.files.values() if isinstance(c, str)]
    fronts = [_front(text) for text in texts]
    return [front for front in fronts if front is not None]


# -- 1. differential on real inputs -----------------------------------------------------------


def test_the_fast_path_is_there() -> None:
    assert yamlfast.available()


def _taken_share(fronts: list[str]) -> float:
    taken = 0
    for front in fronts:
        fast = yamlfast.parse(front)
        if fast is not None:
            assert _same(fast, _slow(front)), front
            taken += 1
    return taken / len(fronts)


def test_bundled_front_matters_read_alike_and_mostly_fast() -> None:
    fronts = _bundled()
    assert len(fronts) > 100
    assert _taken_share(fronts) >= 0.9


def test_synthetic_front_matters_read_alike_and_all_fast(synthetic: list[str]) -> None:
    assert _taken_share(synthetic) >= 0.99


def test_hostile_front_matters_read_alike() -> None:
    fronts = _hostile()
    assert len(fronts) > 40
    for front in fronts:
        assert _holds(front), front


def test_normal_content_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml's error handler writes to stderr; normal content never reaches it."""
    for front in _bundled():
        yamlfast.parse(front)
    assert capfd.readouterr() == ("", "")


# -- 2. tricky cases ------------------------------------------------------------------------

_TABLE: list[tuple[str, str, Any]] = [
    # YAML 1.1 typing that YAML 1.2 reads differently
    ("bool-yes", "a: yes", None),
    ("bool-True", "a: True", None),
    ("bool-off", "a: [off]", None),
    ("null-tilde", "a: ~", None),
    ("null-Null", "a: Null", None),
    ("hex", "a: 0x10", None),
    ("octal", "a: 010", None),
    ("underscore-int", "a: 1_000", None),
    ("sexagesimal", "a: 1:20", None),
    ("date", "a: 2024-01-01", None),
    ("float", "a: 1.10", None),
    ("float-dot", "a: .5", None),
    ("float-minus-dot", "a: -.5", None),  # text to PyYAML, -0.5 to rapidyaml
    ("exponent-unsigned", "a: 1e5", None),  # text to PyYAML, a number to rapidyaml
    ("inf", "a: .inf", None),
    ("infinity-text", "a: infinity", None),  # rapidyaml writes ".inf"
    ("plus-int", "a: +5", None),
    ("value-tag", "a: =", None),
    ("merge", "<<: {b: 1}", None),
    ("int-key", "5: a", None),
    ("bool-key", "true: a", None),
    ("null-key", "~: a", None),
    ("empty-key", ": a", None),
    ("quoted-number-key", '"5": a', None),  # keys are always quoted in JSON: unsure
    ("empty-quoted", 'a: ""', None),
    # what is certain
    ("plain", "a: b", {"a": "b"}),
    ("int", "correct: 0", {"correct": 0}),
    ("negative-int", "a: -3", {"a": -3}),
    ("big-int", "a: 123456789012345678901234567890", {"a": 123456789012345678901234567890}),
    ("true", "a: true", {"a": True}),
    ("false", "a: [false]", {"a": [False]}),
    ("null", "a: null", {"a": None}),
    ("empty-value", "a:\nb: c", {"a": None, "b": "c"}),
    ("quoted-number", 'a: "404"', {"a": "404"}),
    ("quoted-number-list", 'a: ["404", "1.25"]', {"a": ["404", "1.25"]}),
    ("quoted-bool", "a: 'yes'", None),  # JSON cannot tell it from a plain yes
    ("flow-map", "t: {en: A, ko: 가}", {"t": {"en": "A", "ko": "가"}}),
    ("flow-null", "a: {b}", {"a": {"b": None}}),
    ("block-seq", "a:\n  - x\n  - {y: z}", {"a": ["x", {"y": "z"}]}),
    ("indentless-seq", "a:\n- b\n- c", {"a": ["b", "c"]}),
    ("comment", "a: b # c\n# d\ne: f", {"a": "b", "e": "f"}),
    ("hash-in-plain", "a: b#c", {"a": "b#c"}),
    ("escapes", r'a: "x\"y\\n\nw\tv"', {"a": 'x"y\\n\nw\tv'}),
    ("escaped-backslash-then-text", r'a: "C:\\dir"', None),  # the guard reads `\d`
    ("quote-inside-plain", 'a: x"y', {"a": 'x"y'}),
    ("url-quoted", 'u: "https://x.org/a#b"', {"u": "https://x.org/a#b"}),
    ("multi-line-plain", "a: x\n  y", {"a": "x y"}),
    ("korean", "제목: 해시 테이블", {"제목": "해시 테이블"}),
    ("emoji", 'a: "🔥"', {"a": "🔥"}),
    # top level other than a mapping: the caller reports it with yamlsafe's help
    ("list", "- a\n- b", None),
    ("scalar", "just text", None),
    ("flow-top", "{a: b}", None),
    ("empty", "", None),
    ("comment-only", "# nothing", None),
    # duplicate keys: rapidyaml keeps the last one, yamlsafe refuses
    ("duplicate", "a: 1\na: 2", None),
    ("duplicate-flow", "a: {b: 1, b: 2}", None),
    # anchors, aliases, tags, directives, documents, complex keys, reserved indicators
    ("anchor", "a: &x b\nc: *x", None),
    ("alias-undefined", "a: *x", None),  # rapidyaml reads "*x"
    ("tag-python", "a: !!python/object/apply:os.system [ls]", None),
    ("tag-local", "a: !secret b", None),
    ("directive", "%YAML 1.1\n---\na: b", None),
    ("second-document", "a: b\n---\nc: d", None),
    ("document-end", "a: b\n...\n", None),
    # rapidyaml ends the document at an indented `...`; libyaml refuses the line
    ("document-end-indented", "q:\n  - c: 0\n  ...\n", None),
    ("document-start-indented", "q:\n  - c: 0\n  ---\n", None),
    # a line indented past a sequence at its key's indentation: rapidyaml reads key " c"
    ("over-indented-after-compact-sequence", "a:\n  b:\n  - {x: 1}\n   c:\n  - id: q", None),
    ("key-with-spaces-quoted", '" c": 1', None),
    ("complex-key", "? a\n: b", None),
    ("at-sign", "a: @b", None),
    ("backtick", "a: `b`", None),
    ("block-literal", "a: |\n  x\n", None),
    ("block-folded", "a: >\n  x\n", None),
    ("closing-bracket", "a: ]", None),  # text to rapidyaml
    # characters and escapes
    ("escape-e", r'a: "\e[2J"', None),
    ("escape-x", r'a: "\x41"', None),
    ("escape-u", r'a: "\u00e9"', None),
    ("escape-slash", r'a: "\/"', None),
    ("tab", "a:\tb", None),
    ("tab-indent", "a:\n\t- b", None),
    ("crlf", "a: b\r\nc: d", None),
    ("nel", "a: b\x85c", None),
    ("line-separator", "a: b\u2028c", None),
    ("paragraph-separator", "a: b\u2029c", None),
    ("bom", "\ufeffa: b", None),
    ("bom-inside", "a: b\ufeffc", None),
    ("nul", "a: b\x00", None),
    ("escape-char", "a: b\x1b", None),
    ("del", "a: b\x7f", None),
    ("c1", "a: b\x9b", None),
    ("nonchar", "a: b\ufffe", None),
    ("surrogate", "a: b\ud83d", None),
    # flow collections that libyaml refuses and rapidyaml reads
    ("multi-line-flow-key", "a: {b\n c: d}", None),
    ("multi-line-quoted-flow-key", 'a: {"b\n c": d}', None),
    ("flow-key-next-line", "a: {b\n: c}", None),
    ("flow-colon-comma", "a: [b:,c]", None),
    ("flow-colon-question", "a: [b:?]", None),
    ("flow-colon-start", "a: [:b]", None),
    ("flow-comment", "a: {k: y #c}", None),
    ("after-flow", "s:\n- {} -", None),
    ("multi-line-dq-key", 'i: "j\n  k":', None),
    ("multi-line-sq-key", "f: 'g\n\n  h':", None),
    ("multi-line-dq-key-escapes", 'a: "x\n  \\"q\\" z": b', None),
    ("quoted-key", '"k": v', {"k": "v"}),
    ("escaped-quote-colon", 'a: "{\\"age\\": 1}"', {"a": '{"age": 1}'}),
    ("after-flow-text", "a: [b] c", None),
    # sizes: long keys, deep nesting
    ("long-key", "k" * 101 + ": v", None),
    ("spaced-key", "a" + " " * 20 + ": v", None),
    ("deep-flow", "a: " + "[" * 5000 + "]" * 5000, None),
    ("deep-flow-4", "a: [[[[b]]]]", None),
    ("deep-block", "\n".join(" " * i + "k:" for i in range(60)) + " x", None),
    ("compact-chain", "a:\n  - - - - b", None),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in _TABLE], ids=[c[0] for c in _TABLE])
def test_tricky_case(text: str, expected: Any) -> None:
    fast = yamlfast.parse(text)
    if expected is None:
        assert fast is None
    else:
        assert _same(fast, expected)
        assert _same(fast, _slow(text))  # the table itself agrees with yamlsafe


def test_a_front_matter_whose_json_outgrows_the_buffer_reads_alike() -> None:
    """rapidyaml writes its JSON into a fixed buffer; a longer one takes the allocating path."""
    text = "\n".join(f"k{i}: {'가' * 60} {i}" for i in range(400))
    assert len(text.encode()) > len(yamlfast._OUT)
    fast = yamlfast.parse(text)
    assert fast is not None and _same(fast, _slow(text))
    assert _same(yamlfast.parse("a: [b]"), {"a": ["b"]})  # and the buffer serves the next one


def test_huge_input_is_refused_quickly() -> None:
    assert yamlfast.parse("a: " + "x" * 3_000_000) is None


def test_without_rapidyaml_nothing_is_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfast, "ryml", None)
    assert not yamlfast.available()
    assert yamlfast.parse("a: b") is None


# -- what the checks on rapidyaml's output rest on -------------------------------------------


def _plain_resolves(value: str) -> bool:
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
    return tag != "tag:yaml.org,2002:str"


def test_every_string_pyyaml_would_type_is_caught() -> None:
    """The check on rapidyaml's JSON matches each string PyYAML's resolvers type as non-text."""
    implicit = yamlfast._IMPLICIT
    assert implicit is not None
    rng = random.Random(3)
    alphabet = "0123456789.+-_eExXoObB:~yYnNtTfFaAlLuUsSiI<=!&* T"
    samples = ["", "~", "<<", "=", "yes", "NO", "on", "Off", ".inf", "-.Inf", ".NaN", "0o7"]
    samples += ["2001-12-14t21:59:43.10-05:00", "2002-12-14", "190:20:30.15", "0b1_0"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(5000)
    ]
    typed = [s for s in samples if _plain_resolves(s)]
    assert len(typed) > 200
    for value in typed:
        assert implicit.search(f'"{value}": 1'), value  # as a key
        if not re.fullmatch(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?", value):  # see the next test
            assert implicit.search(f'["{value}"]'), value  # as a value


def test_rapidyaml_writes_plain_decimal_numbers_unquoted() -> None:
    """Why a quoted "404" value can stay text: a plain 404 would come out unquoted."""
    rng = random.Random(4)
    numbers = ["0", "-0", "7", "404", "1.25", "0.81", "-3.5", "10.0"]
    numbers += [str(rng.randint(-(10**20), 10**20)) for _ in range(300)]
    numbers += [f"{rng.randint(0, 10**6)}.{rng.randint(0, 10**6)}" for _ in range(300)]
    for number in numbers:
        assert re.fullmatch(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?", number)
        emitted = ryml.emit_json(ryml.parse_in_arena(f"a: [{number}]\nb: {number}".encode()))
        assert f"[{number}]" in emitted and f": {number}\n" in emitted, number


# -- the guards' cheaper forms refuse exactly what their first forms refused ---------------

# The first forms, kept here as the reference: three passes, then one match per flow bracket.
_NODE_START_1 = re.compile(
    r"""[&*!|>%@`?](?:(?<=[\n\-?,\[{].)|(?<=[\n\-?,\[{:][ ].)|(?<=["']:.)|(?<=[ ][ ].))"""
)
_CLOSE_START_1 = re.compile(r"[\]}](?:(?<=[\n:\-].)|(?<=[\n:\-][ ].)|(?<=[ ][ ].))")
_FLOW_OPEN_1 = re.compile(r"[\[{](?:(?<=[\n:\-].)|(?<=[\n:\-][ ].)|(?<=[ ][ ].))")
_P1 = r"""(?:[^\[\]{}"'\n#:]++|:(?=[ ]))"""
_Q1 = r"""(?:(?<=[\[{,:])|(?<=[\[{,:][ ])|(?<=[\[{,:][ ][ ]))(?:"(?:[^"\\\n]++|\\.)*+"|'(?:[^'\n]++|'')*+')"""
_F1 = rf"(?:\[(?:{_P1}|{_Q1})*+\]|\{{(?:{_P1}|{_Q1})*+\}})"
_F2 = rf"(?:\[(?:{_P1}|{_Q1}|{_F1})*+\]|\{{(?:{_P1}|{_Q1}|{_F1})*+\}})"
_F3 = rf"(?:\[(?:{_P1}|{_Q1}|{_F2})*+\]|\{{(?:{_P1}|{_Q1}|{_F2})*+\}})"
_FLOW_LINE_1 = re.compile(rf"{_F3}(?:[ ]++#[^\n]*+)?[ ]*+(?:\n|\Z)")


def _refused_1(text: str) -> bool:
    y = yamlfast
    return bool(
        y._BAD_CHAR.search(text)
        or y._MARKER.search(text)
        or y._FIRST_NODE.match(text)
        or _NODE_START_1.search(text)
        or _CLOSE_START_1.search(text)
        or y._ESCAPE.search(text)
        or y._multi_line_quoted_key(text)
        or y._DEEP_INDENT in text
        or " " * 16 + ":" in text
        or y._COMPACT_CHAIN.search(text)
        or any(not _FLOW_LINE_1.match(text, m.start()) for m in _FLOW_OPEN_1.finditer(text))
    )


def test_printable_characters_are_all_ones_the_character_check_lets_through() -> None:
    """Why `str.isprintable` may stand in for `_BAD_CHAR` first: it refuses a superset."""
    printable = [chr(c) for c in range(0x110000) if chr(c).isprintable()]
    assert len(printable) > 100_000
    assert not yamlfast._BAD_CHAR.search("".join(printable) + "\n")


def test_the_guards_refuse_what_their_first_forms_refused(synthetic: list[str]) -> None:
    seeds = _bundled()[:40] + synthetic[:20] + _hostile() + _SMALL
    texts = [*seeds, *_mutants(seeds, 3000, seed=5), *_line_mutants(seeds, 3000, seed=6)]
    texts += [t for _, t, _ in _TABLE]
    refused = 0
    for text in texts:
        assert yamlfast._refused(text) == _refused_1(text), repr(text)
        refused += _refused_1(text)
    assert 1000 < refused < len(texts) - 1000  # both outcomes are exercised


# -- 3. mutation fuzzer -----------------------------------------------------------------------

_ALPHABET = (
    list(":-?[]{},#&*!|>'\"%@`\t\n ")
    + list("abyYnN0158.+_eExo~=<")
    + [
        "가",
        "\\",
        "\xa0",
        "\u2028",
        "\x85",
        "\ufeff",
        "🔥",
        "\r",
        "\x00",
    ]
)
_SMALL = [
    "a: b c\n  d e\nf: 'g\n\n  h'\ni: \"j\n  k\"\n",
    "# c\na: b # c\nl:\n- m\n- n: o\n  p: q\n",
    "a: [x, {y: z}, [w]]\nb: {c: [d], e: f}\n",
    "k:\n  - x\n  - {y: z}\n",
]


def _mutants(seeds: list[str], count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        text = rng.choice(seeds)
        if rng.random() < 0.7:  # a window of a few lines, so the edits matter more
            lines = text.split("\n")
            start = rng.randrange(len(lines))
            text = "\n".join(lines[start : start + rng.randint(1, 8)])
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            op = rng.random()
            char = rng.choice(_ALPHABET)
            if op < 0.4:
                text = text[:at] + char + text[at:]
            elif op < 0.7:
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + char + text[at + 1 :]
        yield text


def test_mutants_hold_the_contract(synthetic: list[str]) -> None:
    seeds = _bundled()[:40] + synthetic[:20] + _hostile() + _SMALL
    taken = 0
    for text in _mutants(seeds, 4000, seed=1):
        assert _holds(text), repr(text)
        taken += yamlfast.parse(text) is not None
    assert taken > 500  # the fuzzer exercises the fast path, not only the refusals


_TOKENS = ["- ", ": ", "? ", "&a ", "*a", "!!str ", "|", ">", "'", '"', "[", "]", "{", "}",
           "#", "@", "`", "yes", "010", ".5", "", "\\", "  ", "\t", "key: value", "- item",
           "2024-01-01", "<<: ", "---", "...", "가", "+1", "True"]  # fmt: skip


def _line_mutants(seeds: list[str], count: int, seed: int) -> Iterator[str]:
    """Edits a person makes to whole lines: a line doubled (a duplicate key), dropped, swapped
    with the next, indented or dedented, or given a YAML token after its `: ` or anywhere."""
    rng = random.Random(seed)
    for _ in range(count):
        lines = rng.choice(seeds).split("\n")
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(lines))
            op = rng.randrange(6)
            token = rng.choice(_TOKENS)
            if op == 0:
                lines.insert(at, lines[at])
            elif op == 1 and len(lines) > 1:
                del lines[at]
            elif op == 2 and at + 1 < len(lines):
                lines[at], lines[at + 1] = lines[at + 1], lines[at]
            elif op == 3:
                lines[at] = " " * rng.randint(1, 3) + lines[at]
            elif op == 4:
                colon = lines[at].find(": ")
                lines[at] = (
                    lines[at][: colon + 2] + token + lines[at][colon + 2 :]
                    if colon >= 0
                    else token + lines[at]
                )
            else:
                cut = rng.randint(0, len(lines[at]))
                lines[at] = lines[at][:cut] + token + lines[at][cut:]
        yield "\n".join(lines)


def test_line_edits_hold_the_contract(synthetic: list[str]) -> None:
    """A long run of these mutants found an indented `...`, which rapidyaml takes for the
    document's end and libyaml refuses (the table holds that case now); 1.2 million more
    held once it was guarded."""
    seeds = _bundled()[:40] + synthetic[:20] + _SMALL
    taken = 0
    for text in _line_mutants(seeds, 4000, seed=2):
        assert _holds(text), repr(text)
        taken += yamlfast.parse(text) is not None
    assert taken > 500
