"""A YAML capture: one payload per document, its ``data`` the document written as JSON.

Documents are composed with the safe loader (``yaml.compose``, never ``yaml.load``): nothing is
constructed, so no tag can run code. The JSON text is written here while walking the node tree,
so that every key and value has a known offset in the JSON and a known YAML start mark;
``Payload.locate`` maps a JSON offset to the line and column of the YAML node that produced it.

Conversion: plain and quoted scalars resolve as YAML 1.1 does (``42`` an integer, ``"42"`` a
string, ``yes`` true, ``~`` null, ``.nan`` becomes ``NaN``, which JSON lacks and the JSON rules
report). Merge keys (``<<: *base``) are applied. Keys are the key's text as written. Any other
tag (``!!timestamp``, ``!!binary``, ``!!python/object:...``, ``!custom``) is ignored, never
constructed: the node is converted by its kind, so a tagged scalar is the string as written and a
tagged mapping an object. The payload is still checked, and a wrong type shows up as a finding.

Refused with a ``CaptureError`` (a J008 finding on that file): YAML syntax errors, recursive
aliases, nesting too deep for the parser, and documents whose aliases expand them beyond
``1 MiB + 50 x`` the file size (an "alias bomb"); the walk stops as soon as the limit is passed,
so a bomb costs little.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from envelint.captures.payload import Payload
from envelint.common.errors import CaptureError


def _composer_class() -> type:
    """A loader that composes nodes and constructs nothing, as fast as it may be safely.

    libyaml parses without recursing, but its own composer recurses in C, so a document nested
    some thirty thousand levels deep overflows the stack and kills the process. PyYAML's
    composer on top of libyaml's parser recurses in Python instead, which stops with a
    RecursionError (refused below as nested too deeply).
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return yaml.SafeLoader
    from yaml.composer import Composer
    from yaml.cyaml import CParser
    from yaml.resolver import Resolver

    class ComposingLoader(Composer, CParser, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)

    return ComposingLoader


_Loader = _composer_class()
_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG + "merge"
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_INDENT = "  "
_YAML_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a new line
_NODE_PROPERTIES = re.compile(r"(?:[&!]\S*(?:[ \t]+|$))*")
EXPANSION_BASE = 1 << 20
EXPANSION_FACTOR = 50


class _TooLarge(Exception):
    pass


class _Recursive(Exception):
    def __init__(self, node: Node):
        self.node = node


def read(source: str, data: bytes) -> Iterator[Payload]:
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    limit = EXPANSION_BASE + EXPANSION_FACTOR * len(text)
    lines = _YAML_LINE_BREAK.split(text)
    for node in _documents(source, text):
        if _is_empty_document(node):
            continue
        yield _payload(source, node, _JsonWriter(limit, lines))


def _documents(source: str, text: str) -> Iterator[Node]:
    loader = _Loader(text)
    try:
        while True:
            try:
                if not loader.check_node():
                    return
                node = loader.get_node()
            except yaml.MarkedYAMLError as error:
                raise _syntax_error(source, error) from None
            except yaml.YAMLError as error:
                raise _unmarked_error(source, text, error) from None
            except RecursionError:
                raise CaptureError(source, "YAML nested too deeply to read") from None
            yield node
    finally:
        loader.dispose()


def _syntax_error(source: str, error: yaml.MarkedYAMLError) -> CaptureError:
    mark = error.problem_mark or error.context_mark
    problem = f"not valid YAML: {error.problem or error.context or 'syntax error'}"
    if mark is None:
        return CaptureError(source, problem)
    return CaptureError(source, problem, mark.line + 1, mark.column + 1)


def _unmarked_error(source: str, text: str, error: yaml.YAMLError) -> CaptureError:
    """An error without a mark (a character the reader refuses, at a position)."""
    problem = str(error).strip().splitlines()[0] if str(error).strip() else "syntax error"
    position = getattr(error, "position", None)
    if not isinstance(position, int):
        return CaptureError(source, f"not valid YAML: {problem}")
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return CaptureError(source, f"not valid YAML: {problem}", line, column)


def _is_empty_document(node: Node) -> bool:
    """What a trailing ``---`` leaves behind: an implicit, empty null scalar."""
    return isinstance(node, ScalarNode) and node.value == "" and node.tag == _TAG + "null"


def _payload(source: str, root: Node, writer: _JsonWriter) -> Payload:
    try:
        writer.node(root, 0, set())
    except _TooLarge:
        line, column = _position(root.start_mark)
        raise CaptureError(
            source,
            f"the YAML document expands to more than {writer.limit} characters through its "
            "aliases; refusing it (an alias bomb?)",
            line,
            column,
        ) from None
    except _Recursive as error:
        line, column = _position(error.node.start_mark)
        raise CaptureError(source, "recursive YAML alias", line, column) from None
    except RecursionError:
        line, column = _position(root.start_mark)
        raise CaptureError(source, "YAML nested too deeply", line, column) from None
    line, column = writer.value_position(root)
    return Payload(
        source=source,
        data=writer.text().encode("utf-8"),
        line=line,
        column=column,
        locate=writer.locator(),
        source_line=writer.line_text,
    )


def _position(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _JsonWriter:
    """Writes JSON (indented two spaces) and remembers the YAML mark of every key and value."""

    def __init__(self, limit: int, lines: list[str]):
        self.limit = limit
        self.lines = lines
        self.parts: list[str] = []
        self.size = 0
        self.offsets: list[int] = []
        self.positions: list[tuple[int, int]] = []
        self._pairs: dict[int, list[tuple[Node, Node]]] = {}  # merges applied, by mapping

    def text(self) -> str:
        return "".join(self.parts)

    def line_text(self, number: int) -> str:
        """Line ``number`` (1-based) of the YAML file, as YAML counts lines; "" past the end."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def locator(self) -> Callable[[int], tuple[int, int]]:
        offsets, positions = self.offsets, self.positions

        def locate(offset: int) -> tuple[int, int]:
            return positions[max(0, bisect_right(offsets, offset) - 1)]

        return locate

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > self.limit:
            raise _TooLarge

    def mark(self, node: Node) -> None:
        self.offsets.append(self.size)
        self.positions.append(self.value_position(node))

    def value_position(self, node: Node) -> tuple[int, int]:
        """Where the node's value starts: past its ``&anchor`` and ``!tag``, if any."""
        line, column = _position(node.start_mark)
        if line > len(self.lines) or self.lines[line - 1][column - 1 : column] not in ("&", "!"):
            return line, column
        text = self.lines[line - 1]
        end = _NODE_PROPERTIES.match(text, column - 1).end()
        if text[end:].strip() and not text[end:].lstrip().startswith("#"):
            return line, end + 1
        if isinstance(node, ScalarNode):  # "key: &anchor" and nothing else: a null
            return line, column
        # "key: &anchor" with the value on the lines below: where the next content starts.
        for number in range(line + 1, len(self.lines) + 1):
            following = self.lines[number - 1]
            if following.strip() and not following.lstrip().startswith("#"):
                return number, len(following) - len(following.lstrip()) + 1
        return line, column

    def node(self, node: Node, depth: int, open_nodes: set[int]) -> None:
        if id(node) in open_nodes:
            raise _Recursive(node)
        self.mark(node)
        if isinstance(node, ScalarNode):
            self.emit(scalar_json(node))
            return
        open_nodes.add(id(node))
        if isinstance(node, SequenceNode):
            self._sequence(node, depth, open_nodes)
        else:
            self._mapping(node, depth, open_nodes)
        open_nodes.discard(id(node))

    def _sequence(self, node: SequenceNode, depth: int, open_nodes: set[int]) -> None:
        if not node.value:
            self.emit("[]")
            return
        inner = _INDENT * (depth + 1)
        self.emit("[\n")
        for index, item in enumerate(node.value):
            self.emit(inner if index == 0 else ",\n" + inner)
            self.node(item, depth + 1, open_nodes)
        self.emit("\n" + _INDENT * depth + "]")

    def _mapping(self, node: MappingNode, depth: int, open_nodes: set[int]) -> None:
        pairs = self._merged_pairs(node, open_nodes)
        if not pairs:
            self.emit("{}")
            return
        inner = _INDENT * (depth + 1)
        self.emit("{\n")
        for index, (key, value) in enumerate(pairs):
            self.emit(inner if index == 0 else ",\n" + inner)
            self.mark(key)
            self.emit(json.dumps(self._key_text(key, open_nodes), ensure_ascii=False) + ": ")
            self.node(value, depth + 1, open_nodes)
        self.emit("\n" + _INDENT * depth + "}")

    def _merged_pairs(self, node: MappingNode, open_nodes: set[int]) -> list[tuple[Node, Node]]:
        """The mapping's pairs with ``<<`` merges applied: own keys win, then earlier sources.

        Keys written twice in the mapping itself are kept (a finding of their own). Merged keys
        are de-duplicated and each mapping is merged once, so chained merges stay cheap.
        """
        if id(node) in self._pairs:
            return self._pairs[id(node)]
        own = [(key, value) for key, value in node.value if key.tag != _MERGE_TAG]
        sources = [value for key, value in node.value if key.tag == _MERGE_TAG]
        pairs = own
        if sources:
            seen = {key.value for key, _ in own if isinstance(key, ScalarNode)}
            merged = []
            for source in _merge_sources(sources):
                if id(source) in open_nodes:
                    raise _Recursive(source)
                open_nodes.add(id(source))
                for key, value in self._merged_pairs(source, open_nodes):
                    name = key.value if isinstance(key, ScalarNode) else id(key)
                    if name not in seen:
                        seen.add(name)
                        merged.append((key, value))
                open_nodes.discard(id(source))
            pairs = merged + own
        self._pairs[id(node)] = pairs
        return pairs

    def _key_text(self, key: Node, open_nodes: set[int]) -> str:
        if isinstance(key, ScalarNode):
            return key.value
        # A sequence or mapping as a key (rare): its compact JSON text stands for it.
        writer = _JsonWriter(self.limit - self.size, self.lines)
        writer.node(key, 0, open_nodes)
        return " ".join(writer.text().split())


def scalar_json(node: ScalarNode) -> str:
    """The JSON text of a scalar node, by its resolved tag; unknown tags give the text as is."""
    tag, value = node.tag, node.value
    if tag in (_TAG + "int", _TAG + "float") and _JSON_NUMBER.fullmatch(value):
        return value  # already JSON: keep it as written ("1.50" stays "1.50")
    try:
        if tag == _TAG + "null":
            return "null"
        if tag == _TAG + "bool":
            return "true" if _CONSTRUCTOR.construct_yaml_bool(node) else "false"
        if tag == _TAG + "int":
            return str(_CONSTRUCTOR.construct_yaml_int(node))  # 0x1F, 1_000, 0o17
        if tag == _TAG + "float":
            return _float_json(_CONSTRUCTOR.construct_yaml_float(node))  # .5, .nan, 1_0.5
    except (ValueError, yaml.YAMLError):
        pass  # "!!int abc": keep the text as a string
    return json.dumps(value, ensure_ascii=False)


def _float_json(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return repr(number)


def _merge_sources(values: list[Node]) -> Iterator[MappingNode]:
    for value in values:
        if isinstance(value, MappingNode):
            yield value
        elif isinstance(value, SequenceNode):
            yield from (item for item in value.value if isinstance(item, MappingNode))
