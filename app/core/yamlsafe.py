"""A strict YAML reader for content files: safe types only, no aliases, no duplicate keys, line numbers kept."""

from __future__ import annotations

import re
from typing import Any

import yaml

from app.core.messages import Message, msg

__all__ = ["CONTROL_RE", "YamlError", "LineMap", "LineList", "parse"]


class YamlError(Exception):
    """A YAML problem at a 0-based `line` of the parsed text; `message` in both languages."""

    def __init__(self, message: Message, line: int) -> None:
        super().__init__(message.en)
        self.message = message
        self.line = line


class _Refused(yaml.MarkedYAMLError):
    """What this reader refuses although YAML allows it (aliases, tags...), with its message."""

    def __init__(self, message: Message, mark: Any) -> None:
        super().__init__(problem=message.en, problem_mark=mark)
        self.message = message


class LineMap(dict):
    """A mapping that remembers the 0-based line of each key."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}


class LineList(list):
    """A sequence that remembers the 0-based line of each item."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []


# Control characters other than tab and newline.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# libyaml's parser when PyYAML was built with it (about 10x faster); the constructors stay ours.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _MAP, _SEQ, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq", "merge"))


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Builds strings, mappings and sequences itself, walking the node tree directly: PyYAML's
    general `construct_object` (generators, state, recursion bookkeeping) cost about half of
    loading a big pack. Every other tag (numbers, booleans, dates, sets) goes through PyYAML."""

    def construct_document(self, node: Any) -> Any:
        self._visited: set[int] = set()
        return self.construct_object(node, True)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # An alias is the same node reached twice. Aliases make "billion laughs" documents
        # possible, and content never needs them.
        if id(node) in self._visited:
            raise _Refused(msg("yaml_alias"), node.start_mark)
        self._visited.add(id(node))
        tag = node.tag
        if tag == _STR and isinstance(node, yaml.ScalarNode):
            return _checked_str(node)
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            return _construct_map(self, node)
        if tag == _SEQ and isinstance(node, yaml.SequenceNode):
            return _construct_seq(self, node)
        return super().construct_object(node, True)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    result = LineMap()
    result.line = node.start_mark.line
    lines = result.lines
    build = loader.construct_object
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            raise _Refused(msg("yaml_merge"), key_node.start_mark)
        key = build(key_node, True)
        try:
            hash(key)
        except TypeError:
            raise _Refused(msg("yaml_key_plain"), key_node.start_mark) from None
        if key in result:
            raise _Refused(msg("yaml_duplicate_key", key=repr(key)), key_node.start_mark)
        result[key] = build(value_node, True)
        lines[key] = key_node.start_mark.line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = node.start_mark.line
    build = loader.construct_object
    for item in node.value:
        result.append(build(item, True))
        result.lines.append(item.start_mark.line)
    return result


def _checked_str(node: yaml.ScalarNode) -> str:
    text: str = node.value
    # Escapes such as "\e[2J" would reach terminals and labels as control characters.
    control = CONTROL_RE.search(text)
    if control:
        raise _Refused(msg("yaml_control", code=ord(control.group())), node.start_mark)
    return text


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    loader.construct_scalar(node)  # a !!str tag on a mapping or a sequence is refused here
    return _checked_str(node)


# Reached through PyYAML only for collections it builds itself (a !!set's keys, say).
_Loader.add_constructor(_MAP, _construct_map)
_Loader.add_constructor(_STR, _construct_str)
_Loader.add_constructor(_SEQ, _construct_seq)


#: PyYAML's problems, by how they start (libyaml's words, then the pure-Python parser's).
_PROBLEMS = {
    "did not find expected ',' or ']'": "yaml_flow_sequence",
    "expected ',' or ']'": "yaml_flow_sequence",
    "did not find expected ',' or '}'": "yaml_flow_mapping",
    "expected ',' or '}'": "yaml_flow_mapping",
    "found character": "yaml_bad_token",
    "could not find expected ':'": "yaml_no_colon",
    "found unexpected end of stream": "yaml_unexpected_end",
    "mapping values are not allowed": "yaml_mapping_here",
    "block sequence entries are not allowed": "yaml_sequence_here",
    "did not find expected key": "yaml_expected_key",
    "expected <block end>": "yaml_expected_key",
    "did not find expected '-' indicator": "yaml_expected_dash",
    "did not find expected node content": "yaml_expected_content",
    "expected the node content": "yaml_expected_content",
    "did not find expected comment or line break": "yaml_line_end",
    "expected a comment or a line break": "yaml_line_end",
    "found a tab character": "yaml_tab_indent",
    "found unknown escape character": "yaml_escape",
    "found unexpected document indicator": "yaml_document_marker",
    "but found another document": "yaml_another_document",
    "found undefined alias": "yaml_undefined_alias",
    "exceeded maximum nesting depth": "yaml_nesting",
}
#: Where the parser gives up only after reading past the fault, the line it started on is
#: the one to fix: an unclosed `[` or `{`, a key without its `:`, an unclosed quote.
_STARTED_AT = ("while parsing a flow", "while scanning a simple key")
_QUOTED = "while scanning a quoted"


def parse(text: str) -> Any:
    """Parse one YAML document; raise `YamlError` with a readable message and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except _Refused as exc:
        mark = exc.problem_mark
        return _raise(msg("yaml", problem=exc.message), mark.line if mark else 0)
    except yaml.MarkedYAMLError as exc:
        return _raise(_marked(exc), _line(exc))
    except yaml.YAMLError as exc:
        return _raise(msg("yaml", problem=msg("verbatim", text=str(exc))), 0)
    except RecursionError:
        return _raise(msg("yaml", problem=msg("yaml_too_deep")), 0)


def _marked(exc: yaml.MarkedYAMLError) -> Message:
    """The problem in both languages; the English is PyYAML's own words, as before."""
    problem = exc.problem or exc.context
    if not problem:
        return msg("yaml", problem=msg("yaml_invalid"))
    if "could not determine a constructor" in problem:
        return msg("yaml", problem=msg("yaml_tag", tag=problem.split("tag ")[-1]))
    key = next((k for start, k in _PROBLEMS.items() if problem.startswith(start)), "verbatim")
    if key == "yaml_unexpected_end" and _unclosed_quote(exc):
        key = "yaml_unclosed_quote"
    return msg("yaml", problem=msg(key, text=problem))


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    return (exc.context or "").startswith(_QUOTED) and (exc.problem or "").startswith(
        "found unexpected end of stream"
    )


def _line(exc: yaml.MarkedYAMLError) -> int:
    """The 0-based line to fix: where an unclosed bracket or quote opened, else where the
    parser stopped."""
    started = (exc.context or "").startswith(_STARTED_AT) or _unclosed_quote(exc)
    mark = exc.context_mark if started and exc.context_mark else exc.problem_mark
    mark = mark or exc.context_mark
    return mark.line if mark else 0


def _raise(message: Message, line: int) -> Any:
    raise YamlError(message, line)
