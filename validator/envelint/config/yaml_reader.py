"""Reading a YAML configuration: the safe loader, with every key's and value's line kept.

Loaded only when the configuration is a YAML file, so that a run without one never imports yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from envelint.common.errors import EnvelintError
from envelint.config.places import where

BOOL_TAG = "tag:yaml.org,2002:bool"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"
# A configuration is small: its aliases may repeat a value, never blow it up (an "alias bomb").
EXPANDED_NODES_SLACK = 10_000
EXPANDED_NODES_FACTOR = 10


class ConfigLoader(yaml.SafeLoader):
    """The safe loader, reading scalars as YAML 1.2 does: ``off``, ``no`` and ``on`` stay words
    (``undocumented: off``), dates stay text, and every mapping key is text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        return {str(key): value for key, value in mapping.items()}


ConfigLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag not in (BOOL_TAG, TIMESTAMP_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ConfigLoader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class YamlLines:
    """Lines of every key and value, from the composed nodes' marks."""

    def __init__(self, root: yaml.Node | None):
        self.keys: dict[tuple[Any, ...], int] = {}
        self.values: dict[tuple[Any, ...], int] = {(): 1}
        self.duplicates: list[
            tuple[tuple[Any, ...], int, int]
        ] = []  # (path, line, line of the first)
        self.recursive: list[tuple[Any, ...]] = []  # paths of aliases to a node that holds them
        if root is not None:
            self._walk(root)

    def _walk(self, root: yaml.Node) -> None:
        stack: list[tuple[tuple[Any, ...], yaml.Node, frozenset[int]]] = [((), root, frozenset())]
        seen: set[int] = set()
        while stack:
            path, node, ancestors = stack.pop()
            if id(node) in ancestors:
                self.recursive.append(path)
                continue
            if id(node) in seen:  # an alias: its lines are those of its anchor
                continue
            seen.add(id(node))
            self.values[path] = node.start_mark.line + 1
            inside = ancestors | {id(node)}
            if isinstance(node, yaml.MappingNode):
                stack.extend((member, item, inside) for member, item in self._members(path, node))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(
                    (path + (index,), item, inside) for index, item in enumerate(node.value)
                )

    def _members(
        self, path: tuple[Any, ...], node: yaml.MappingNode
    ) -> Iterator[tuple[tuple[Any, ...], yaml.Node]]:
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                continue
            member = path + (key_node.value,)
            line = key_node.start_mark.line + 1
            if member in self.keys:
                self.duplicates.append((member, line, self.keys[member]))
            else:
                self.keys[member] = line
            yield member, value_node

    def line(self, path: tuple[Any, ...], at_key: bool = False, value: object = None) -> int:
        if at_key and path in self.keys:
            return self.keys[path]
        while path not in self.values:
            path = path[:-1]
        return self.values[path]


def parse_yaml(text: str, shown: str) -> tuple[object, YamlLines]:
    try:
        loader = ConfigLoader(text)
        root = loader.get_single_node()
        lines = YamlLines(root)
        _refuse_duplicates_and_cycles(lines, shown)
        _refuse_alias_bombs(root, shown)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = f"{error.context}, {error.problem}" if error.context else error.problem
        raise EnvelintError(f"{shown}:{line}: invalid YAML: {what}") from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise EnvelintError(f"{shown}:{line}: invalid YAML: {error.reason}") from None
    return data, lines


def _refuse_duplicates_and_cycles(lines: YamlLines, shown: str) -> None:
    if lines.recursive:
        path = lines.recursive[0]
        line = lines.line(path)
        raise EnvelintError(f"{shown}:{line}: {where(path)} is an alias of a value that holds it")
    if lines.duplicates:
        path, line, first_line = min(lines.duplicates, key=lambda item: item[1])
        raise EnvelintError(
            f"{shown}:{line}: duplicate key {where(path)!r} (first at line {first_line})"
        )


def _refuse_alias_bombs(root: yaml.Node | None, shown: str) -> None:
    """Refuse a document whose aliases expand it far beyond its own nodes, before it is built."""
    if root is None:
        return
    expanded, distinct = _expanded_size(root)
    limit = EXPANDED_NODES_SLACK + EXPANDED_NODES_FACTOR * distinct
    if expanded > limit:
        raise EnvelintError(
            f"{shown}:{root.start_mark.line + 1}: its aliases expand the document's {distinct} "
            f"YAML nodes to more than {limit} (an alias bomb?); refusing it"
        )


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(nodes with every alias expanded, distinct nodes), each node counted once: linear."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)], len(sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
