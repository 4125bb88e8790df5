"""A strict YAML reader for content files: safe types only, no aliases, no duplicate keys, line numbers kept."""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["CONTROL_RE", "YamlError", "LineMap", "LineList", "parse"]


class YamlError(Exception):
    """A YAML problem at a 0-based `line` of the parsed text."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_document(self, node: Any) -> Any:
        self._visited: set[int] = set()
        return super().construct_document(node)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # An alias is the same node reached twice. Aliases make "billion laughs" documents
        # possible, and content never needs them.
        if id(node) in self._visited:
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not allowed in content files",
                problem_mark=node.start_mark,
            )
        self._visited.add(id(node))
        return super().construct_object(node, deep)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    result = LineMap()
    result.line = node.start_mark.line
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.MarkedYAMLError(
                problem="merge keys (<<) are not allowed in content files",
                problem_mark=key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.MarkedYAMLError(
                problem="a key must be plain text", problem_mark=key_node.start_mark
            ) from None
        if key in result:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList()
    result.line = node.start_mark.line
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(item.start_mark.line)
    return result


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = loader.construct_yaml_str(node)
    # Escapes such as "\e[2J" would reach terminals and labels as control characters.
    control = CONTROL_RE.search(text)
    if control:
        raise yaml.MarkedYAMLError(
            problem=f"control character U+{ord(control.group()):04X} is not allowed in text",
            problem_mark=node.start_mark,
        )
    return text


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse(text: str) -> Any:
    """Parse one YAML document; raise `YamlError` with a readable message and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = f"the tag {problem.split('tag ')[-1]} is not allowed (plain YAML only)"
        return _raise(f"YAML: {problem}", mark.line if mark else 0)
    except yaml.YAMLError as exc:
        return _raise(f"YAML: {exc}", 0)
    except RecursionError:
        return _raise("YAML: nesting is too deep", 0)


def _raise(message: str, line: int) -> Any:
    raise YamlError(message, line)
