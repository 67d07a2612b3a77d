"""Read YAML safely and keep the position of every value.

Files are parsed with ruamel.yaml's composer (no object construction, so no tags can run
code) and turned into plain Python values by :func:`_Builder`, which also

* records the line and column of every key and value, so findings land where the writer typed;
* reports duplicate keys (the first value wins; the duplicate becomes a finding);
* bounds the document it builds, aliases expanded: values, characters and nesting (see
  :mod:`ccm_cli.yamlbounds`), so an "alias bomb", a recursive alias or a 1 MB string aliased
  100,000 times is a one-line error at the alias before anything walks, copies or caches it;
* refuses what later code could not hold: a ``<<`` merge of anything but mappings, and whole
  numbers of more than 308 digits (beyond a float; Python refuses more than 4,300 anyway);
* handles YAML 1.1/1.2 surprises deliberately: plain scalars are resolved with the YAML 1.2
  core schema: ``no``/``on``/``yes`` and ``1:30`` are strings, integers written with a leading
  zero (``0755``, ``0120``) stay strings (they are codes, not numbers), and dates stay ISO
  strings (``2026-01-01``) so JSON Schema ``format: date`` applies.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import yamlbounds
from .errors import CcmError
from .yamlbounds import MAX_CHARS, MAX_DEPTH, MAX_NODES, Excess, Overflow

try:  # PyYAML with libyaml: the fast parser (see _compose)
    import yaml as _LIBYAML

    if not getattr(_LIBYAML, "__with_libyaml__", False):
        _LIBYAML = None
except ImportError:  # pragma: no cover - PyYAML is a dependency
    _LIBYAML = None

_MARKED_ERRORS: tuple = (MarkedYAMLError,) + ((_LIBYAML.MarkedYAMLError,) if _LIBYAML else ())
_YAML_ERRORS: tuple = (YAMLError,) + ((_LIBYAML.YAMLError,) if _LIBYAML else ())

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_INT_DIGITS = 308  # a float holds up to ~1.8e308: every number ccm reads converts to one
MAX_HEX_DIGITS = 255  # 0x... up to 2**1020
__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_NODES"]  # bounds re-exported from yamlbounds

Path_ = tuple  # a path into a document: keys and list indices


@dataclass(frozen=True)
class Mark:
    """Where a node starts and ends in the file (0-based, as ruamel reports them)."""

    line: int
    column: int
    index: int
    end_index: int
    style: str | None = None


@dataclass(frozen=True)
class Duplicate:
    path: Path_
    key: str
    line: int  # 1-based
    column: int


@dataclass
class YamlDoc:
    """One parsed YAML file: plain data plus the position of every value.

    A document restored from the parse cache (:meth:`restored`) has its data but no marks:
    they are computed by parsing the text again the first time a position is asked for,
    which only happens for files with findings. Its data may still be the cache's JSON text,
    decoded the first time :attr:`data` is read (a run that lints a few comms of thousands
    reads the others' summaries only, see ``ccm_cli.model.Comm``).
    """

    rel: str
    text: str
    _data: Any = field(repr=False, compare=False)  # the data is the text's: compare the text
    _values: dict[Path_, Mark] | None = field(default_factory=dict, repr=False)
    _keys: dict[Path_, Mark] | None = field(default_factory=dict, repr=False)
    _duplicates: list[Duplicate] | None = field(default_factory=list, repr=False)
    _sha: str | None = field(default=None, repr=False)
    _json: str | None = field(default=None, repr=False, compare=False)  # the data, not decoded yet
    summary: Any = field(default=None, repr=False, compare=False)  # what the loader keeps of the data (cached with it)

    @classmethod
    def restored(cls, rel: str, text: str, data: Any, has_duplicates: bool, sha: str | None = None, summary: Any = None,
                 data_json: str | None = None) -> "YamlDoc":
        """A document without marks; its data is ``data``, or ``data_json`` decoded when first read."""
        return cls(rel, text, data, None, None, [] if not has_duplicates else None, sha, data_json, summary)

    @property
    def data(self) -> Any:
        if self._json is not None:
            try:
                self._data = json.loads(self._json)
            except (ValueError, RecursionError):  # a damaged cache row: the text is the truth
                self._data = parse_lazy(self.text, self.rel).data
            self._json = None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data, self._json = value, None

    @property
    def decoded(self) -> bool:
        """Is the data decoded (always, but for a document restored from the cache not read yet)?"""
        return self._json is None

    @property
    def is_empty(self) -> bool:
        """No YAML document in the file (its data is None), known without decoding the data."""
        return self._json == "null" if self._json is not None else self._data is None

    @property
    def has_duplicate_keys(self) -> bool:
        """Does the file repeat a key? Known without positions: a document parsed without them
        records only that, and finds where when :attr:`duplicates` is first read."""
        return self._duplicates is None or bool(self._duplicates)

    @property
    def sha(self) -> str:
        """The sha256 (hex) of the text: what the stores of :mod:`ccm_cli.scale` key it by."""
        if self._sha is None:
            self._sha = text_sha(self.text)
        return self._sha

    def _marks(self) -> None:
        parsed = parse(self.text, self.rel)
        self._values, self._keys = parsed._values, parsed._keys
        self._duplicates = parsed._duplicates

    @property
    def values(self) -> dict[Path_, Mark]:
        if self._values is None:
            self._marks()
        return self._values

    @property
    def keys(self) -> dict[Path_, Mark]:
        if self._keys is None:
            self._marks()
        return self._keys

    @property
    def duplicates(self) -> list[Duplicate]:
        if self._duplicates is None:
            self._marks()
        return self._duplicates

    def position(self, path: Path_) -> tuple[int, int]:
        """1-based line and column of the value at ``path`` (or its nearest parent)."""
        if self._values is None and len(path) == 1 and isinstance(path[0], str):
            found = self._top_level_value(path[0])
            if found is not None:
                return found
        mark = self._nearest(self.values, path)
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)

    def _top_level_value(self, key: str) -> tuple[int, int] | None:
        """Where a top-level ``key: value`` line's value starts, without parsing (a restored
        document asks this for the comm id of every cross-comm finding)."""
        match = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*(?=[^\s#])", self.text, re.M)
        if match is None or self.text.count("\n", 0, match.start()) != self.text.count("\n", 0, match.end()):
            return None
        line = self.text.count("\n", 0, match.start()) + 1
        return (line, match.end() - (self.text.rfind("\n", 0, match.end()) + 1) + 1)

    def key_position(self, path: Path_) -> tuple[int, int]:
        """1-based position of the key that holds ``path`` (falls back to the value)."""
        mark = self.keys.get(tuple(path))
        if mark is None:
            return self.position(path)
        return (mark.line + 1, mark.column + 1)

    def locate(self, path: Path_, offset: int) -> tuple[int, int]:
        """1-based position of character ``offset`` of the string scalar at ``path``.

        Literal blocks (``|``) map exactly, line by line; folded, plain and quoted scalars map
        each source line to the text it produced (a line break counts as one character).
        """
        mark = self.values.get(tuple(path))
        if mark is None:
            return self.position(path)
        raw = self.text[mark.index : mark.end_index]
        lines = raw.split("\n")
        first_line = mark.line
        if mark.style in ("|", ">"):
            lines = lines[1:]
            first_line += 1
            indent = _block_indent(lines)
            pieces = [(first_line + i, indent, line[indent:]) for i, line in enumerate(lines)]
        else:
            quote = 1 if mark.style in ("'", '"') else 0
            pieces = [(first_line, mark.column + quote, lines[0][quote:])]
            for i, line in enumerate(lines[1:], start=1):
                stripped = line.lstrip(" \t")
                pieces.append((first_line + i, len(line) - len(stripped), stripped))
        remaining = max(offset, 0)
        for line_no, column, content in pieces:
            if remaining <= len(content):
                return (line_no + 1, column + remaining + 1)
            remaining -= len(content) + 1
        line_no, column, content = pieces[-1]
        return (line_no + 1, column + len(content) + 1)

    @staticmethod
    def _nearest(table: dict[Path_, Mark], path: Path_) -> Mark | None:
        path = tuple(path)
        while True:
            mark = table.get(path)
            if mark is not None or not path:
                return mark
            path = path[:-1]


def _block_indent(lines: list[str]) -> int:
    for line in lines:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


def decode_text(raw: bytes, rel: str) -> str:
    """UTF-8 text from bytes, refusing binaries with a clear error."""
    if b"\x00" in raw:
        raise CcmError("binary file, not YAML or text", rel, hint="remove it or rename it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CcmError("file is not UTF-8 text", rel, line, hint="save it as UTF-8") from None
    return text.removeprefix("\ufeff")


def check_size(size: int, rel: str, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse files larger than ``limit`` with a clear error."""
    if size > limit:
        raise CcmError(
            f"file is {size / 1_048_576:.1f} MiB; ccm reads files up to {limit / 1_048_576:.0f} MiB",
            rel,
            hint="split it into smaller files",
        )


def _compose(text: str):
    """The node tree of ``text``: libyaml (PyYAML's C parser, ~40x faster) when available,
    else ruamel.yaml's pure-Python safe composer. Both give the same node shapes and marks
    (character index, 0-based line and column); tags are re-resolved by :func:`_scalar`."""
    if _LIBYAML is not None:
        return _LIBYAML.compose(text, Loader=_fast_loader())
    return YAML(typ="safe", pure=True).compose(text)  # the round-trip scanner marks folds with \a


_LOADER = None


def _fast_loader():
    """CSafeLoader with one regex for PyYAML's YAML 1.1 implicit scalar types instead of its
    per-first-character resolver lists: :func:`_scalar` only asks whether a plain scalar
    resolved to null/bool/int/float/timestamp (then applies the 1.2 core schema) or is a merge
    key, so which of those types matched does not matter."""
    global _LOADER
    if _LOADER is None:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from yaml.resolver import Resolver

        patterns = {regexp.pattern for resolvers in Resolver.yaml_implicit_resolvers.values()
                    for tag, regexp in resolvers if tag.endswith(_IMPLICIT)}
        implicit = re.compile("|".join(f"(?:{p})" for p in sorted(patterns)), re.X)
        typed, text, merge = "tag:yaml.org,2002:int", Resolver.DEFAULT_SCALAR_TAG, "tag:yaml.org,2002:merge"
        base = _LIBYAML.CSafeLoader
        assert not Resolver.yaml_path_resolvers  # none registered: descending/ascending is a no-op

        class _Loader(base):
            def resolve(self, kind, value, implicit_flags):
                if kind is ScalarNode:
                    if not implicit_flags[0]:
                        return text
                    if value == "<<":
                        return merge
                    return typed if implicit.match(value) else text
                if kind is MappingNode:
                    return Resolver.DEFAULT_MAPPING_TAG
                if kind is SequenceNode:
                    return Resolver.DEFAULT_SEQUENCE_TAG
                return base.resolve(self, kind, value, implicit_flags)

            def descend_resolver(self, current_node, current_index):
                pass

            def ascend_resolver(self):
                pass

        _LOADER = _Loader
    return _LOADER


def parse(text: str, rel: str) -> YamlDoc:
    """Parse YAML text into a :class:`YamlDoc` (see the module docstring for the guarantees)."""
    node = _composed(text, rel)
    doc = YamlDoc(rel=rel, text=text, _data=None)
    if node is not None:
        builder = _Builder(doc)
        doc.data = _built(builder, node, text, rel)
        if _ODD_BREAKS.search(text):
            _editor_lines(doc, builder.duplicate_at)
    return doc


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _editor_lines(doc: YamlDoc, duplicate_at: list[int]) -> None:
    """Marks by the lines an editor shows: libyaml (YAML 1.1) also breaks lines at U+0085,
    U+2028 and U+2029, which would put every position after one a line too far."""
    import bisect

    starts = [0] + [match.end() for match in re.finditer("\n", doc.text)]

    def where(index: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, index) - 1
        return line, index - starts[line]

    def moved(mark: Mark) -> Mark:
        line, column = where(mark.index)
        return Mark(line, column, mark.index, mark.end_index, mark.style)

    doc._values = {path: moved(mark) for path, mark in doc._values.items()}
    doc._keys = {path: moved(mark) for path, mark in doc._keys.items()}
    doc._duplicates = [Duplicate(d.path, d.key, where(index)[0] + 1, where(index)[1] + 1)
                       for d, index in zip(doc._duplicates, duplicate_at)]


def _composed(text: str, rel: str):
    """The node tree of ``text``, or a :class:`CcmError` naming where the YAML is invalid."""
    try:
        if yamlbounds.may_nest_too_deep(text):  # libyaml's composer recurses in C: no RecursionError, a crash
            error = _locate_depth(text, rel)
            if error is not None:
                raise error
        return _compose(text)
    except _MARKED_ERRORS as exc:
        raise _syntax_error(exc, text, rel) from None
    except _YAML_ERRORS as exc:
        raise _syntax_error(exc, text, rel) from None
    except RecursionError:  # ruamel's pure-Python composer
        raise yamlbounds.locate(_events(text), rel, Excess("depth", 1, 1)) from None


def _locate_depth(text: str, rel: str) -> CcmError | None:
    """Where ``text`` passes a bound, from its parser events. libyaml from PyYAML 6.0.4 on stops
    at 1,000 levels of flow nesting while it scans ahead, before it has given the events of
    level 200: then the pure-Python parser (iterative, no such stop; only ever on this path)
    finds the place."""
    try:
        return yamlbounds.locate(_events(text), rel)
    except _YAML_ERRORS as exc:
        if "nesting depth" not in str(exc) or _LIBYAML is None:
            raise
        return yamlbounds.locate(YAML(typ="safe", pure=True).parse(text), rel)


def _syntax_error(exc: Exception, text: str, rel: str) -> CcmError:
    from .yamlerrors import explain

    return explain(exc, text, rel, _tokens)


def _tokens(text: str):
    """The scanner tokens of ``text`` (for explaining a syntax error)."""
    if _LIBYAML is not None:
        return _LIBYAML.scan(text, Loader=_LIBYAML.CSafeLoader)
    return YAML(typ="safe", pure=True).scan(text)


def _events(text: str):
    """The parser events of ``text`` (libyaml when available): iterative, never recursive."""
    if _LIBYAML is not None:
        return _LIBYAML.parse(text, Loader=_LIBYAML.CSafeLoader)
    return YAML(typ="safe", pure=True).parse(text)


def _built(builder: "_Counting", node: Any, text: str, rel: str) -> Any:
    """``builder.build(node)``, turning what stops a builder into a :class:`CcmError` at the right place."""
    try:
        data = builder.build(node)
        if builder.chars < 0:  # counted, not checked, per scalar: building copies no text
            raise _overflow("chars", node)
        return data
    except _Refused as refused:
        raise refused.error(rel) from None
    except Overflow as overflow:
        raise yamlbounds.locate(_events(text), rel, overflow.excess) from None
    except RecursionError:  # the caller's stack was already deep: the document may be fine
        raise yamlbounds.locate(_events(text), rel, Excess("depth", node.start_mark.line + 1, node.start_mark.column + 1)) from None


def parse_lazy(text: str, rel: str) -> YamlDoc:
    """:func:`parse` without the positions: the data (same values, same errors) and whether
    keys are duplicated; positions are computed by parsing again the first time one is asked
    for, which only happens for files with findings."""
    node = _composed(text, rel)
    builder = _DataBuilder(text)
    data = _built(builder, node, text, rel) if node is not None else None
    return YamlDoc.restored(rel, text, data, builder.duplicated)


def text_sha(text: str) -> str:
    """The sha256 (hex) of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Counting:
    """What both builders share: the budgets of values and characters, and keys as text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.budget = MAX_NODES
        self.chars = MAX_CHARS

    def _key(self, node: Any) -> str:
        """A mapping key as text (keys are always strings); a list or mapping used as a key
        (``{{ name }}`` unquoted is one) is its source text."""
        if node.id == "scalar":
            self.chars -= len(node.value)
            key = _scalar(node)
            return key if type(key) is str else str(key)
        start, end = node.start_mark.index, node.end_mark.index
        self.chars -= end - start
        if self.chars < 0:  # before slicing: a slice copies
            raise _overflow("chars", node)
        return self.text[start:end]


class _DataBuilder(_Counting):
    """:class:`_Builder`'s values without marks or paths (the same budgets, depth, merges and
    first-key-wins); only notes whether a key is duplicated."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.duplicated = False

    def build(self, node: Any, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _overflow("values", node)
        if node.id == "mapping":
            if depth >= MAX_DEPTH:
                raise _overflow("depth", node)
            result: dict = {}
            merged: list = []
            for key_node, value_node in node.value:
                if key_node.value == "<<" and str(key_node.tag).endswith(":merge"):
                    merged.append((key_node, self.build(value_node, depth + 1)))
                    continue
                key = self._key(key_node)
                if key in result:
                    self.duplicated = True
                    continue
                result[key] = self.build(value_node, depth + 1)
            return _merged(result, merged) if merged else result
        if node.id == "sequence":
            if depth >= MAX_DEPTH:
                raise _overflow("depth", node)
            return [self.build(item, depth + 1) for item in node.value]
        self.chars -= len(node.value)  # checked once built: building copies no text
        return _scalar(node)


def _overflow(kind: str, node: Any) -> Overflow:
    return Overflow(Excess(kind, node.start_mark.line + 1, node.start_mark.column + 1))


class _Refused(Exception):
    """A value ccm will not build (a merge of a non-mapping, a number no float holds), at its node."""

    def __init__(self, node: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.node, self.message, self.hint = node, message, hint

    def error(self, rel: str) -> CcmError:
        mark = self.node.start_mark
        return CcmError(self.message, rel, mark.line + 1, mark.column + 1, hint=self.hint)


class _Builder(_Counting):
    """Turns composed nodes into plain values, recording marks, duplicates and the budgets."""

    def __init__(self, doc: YamlDoc) -> None:
        super().__init__(doc.text)
        self.doc = doc
        self.duplicate_at: list[int] = []  # where each duplicate key starts (character offset)

    def build(self, node: Any, path: Path_ = ()) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _overflow("values", node)
        if path not in self.doc.values:
            self.doc.values[path] = _mark(node)
        if node.id == "mapping":
            if len(path) >= MAX_DEPTH:
                raise _overflow("depth", node)
            return self._mapping(node, path)
        if node.id == "sequence":
            if len(path) >= MAX_DEPTH:
                raise _overflow("depth", node)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        self.chars -= len(node.value)  # checked once built: building copies no text
        return _scalar(node)

    def _mapping(self, node: Any, path: Path_) -> dict:
        result: dict = {}
        merged: list = []
        for key_node, value_node in node.value:
            if key_node.value == "<<" and str(key_node.tag).endswith(":merge"):
                merged.append((key_node, self.build(value_node, path + ("<<",))))
                continue
            key = self._key(key_node)
            if key in result:
                self.doc.duplicates.append(
                    Duplicate(path, key, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                )
                self.duplicate_at.append(key_node.start_mark.index)
                continue
            self.doc.keys[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return _merged(result, merged) if merged else result


def _merged(result: dict, merged: list) -> dict:
    """``result`` with the keys it does not have itself from each ``<<`` merge, in order;
    ``merged`` holds (the ``<<`` key node, its built value): a mapping or a list of mappings."""
    for key_node, value in merged:
        for extra in value if isinstance(value, list) else (value,):
            if not isinstance(extra, dict):
                what = _what(extra)
                if isinstance(value, list):
                    what = f"a list with {what} in it"
                raise _Refused(key_node, f"'<<' merges mappings into this one, but its value is {what}",
                               "write '<<: *name' where &name is a mapping, or '<<: [*a, *b]'")
            for key, item in extra.items():
                result.setdefault(key, item)
    return result


def _what(value: Any) -> str:
    """A value in a few words, for an error message."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"the text '{text[:40]}{'...' if len(text) > 40 else ''}'"


def _mark(node: Any) -> Mark:
    start, end = node.start_mark, node.end_mark
    return Mark(start.line, start.column, start.index, end.index, getattr(node, "style", None))


# YAML 1.2 core schema, applied to plain scalars whatever the parser resolved (libyaml
# resolves YAML 1.1: `no` -> false, `0755` -> 493, `1:30` -> 90, which surprises writers).
_IMPLICIT = ("null", "bool", "int", "float", "timestamp")  # never "str": keeps explicit !!str
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_BASE = re.compile(r"^(?:0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def _too_long(node: Any, has: str, most: str) -> _Refused:
    return _Refused(node, f"this number has {has}; ccm reads numbers of up to {most}",
                    "quote it if it is an id or a code rather than a number")


def _scalar(node: Any) -> Any:
    value = node.value
    tag = str(node.tag)
    if node.style or not tag.endswith(_IMPLICIT):
        return value  # quoted, block, or explicitly tagged: text as written
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        digits = value.lstrip("+-")
        if len(digits) > 1 and digits.startswith("0"):
            return value  # a code such as 0755 or 0120: keep as written
        if len(digits) > MAX_INT_DIGITS:
            raise _too_long(node, f"{len(digits):,} digits", f"{MAX_INT_DIGITS} digits")
        return int(value)
    if _INT_BASE.match(value):
        if len(value) - 2 > MAX_HEX_DIGITS:
            raise _too_long(node, f"{len(value) - 2:,} hexadecimal digits", f"{MAX_HEX_DIGITS} hexadecimal digits")
        return int(value, 0)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value  # everything else, dates and 1:30 included, is text
