"""Branch coverage: which ``{% if %}``/``{% elif %}``/``{% else %}`` branches and ``{% for %}``
bodies (and their ``{% else %}``) a render went through, found by instrumenting the compiled
template, and what the branches no render went through say.

Instrumentation (:func:`mark_branches`, applied by the sandbox when it compiles a template):
the first statement of every branch body becomes ``_ccm_branch(i, _ccm_cov)`` — a filter
call whose result is dropped, so the output is unchanged. ``i`` is the branch's number in the
template (branches numbered in source order, the order :func:`branch_nodes` lists them);
``_ccm_cov`` is a module-level name of the compiled template (:func:`bind_key`): the
template's name for a loaded snippet, a fresh token otherwise. Numbers depend on the tree's
shape only, so code shared by texts of one shape (:mod:`.shared_code`) numbers their branches
alike, and each text keeps its own key. While :func:`recording` is active (the renderer
records every variant it renders), each branch entered adds ``(key, i)`` to the recording;
otherwise the call returns at once.

Analysis (:func:`branch_table`): the branches of one template text, each with the tag that
opens it (its offset in the source, its text), the variable its condition reads and what a
sample would need to take it, and the literal text written directly in it with each piece's
source offset — what :func:`uncovered_texts` hands to the text rules for branches no sample
renders.
"""

from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from jinja2 import nodes

from ..scale.lru import BoundedCache

BRANCH_FILTER = "_ccm_branch"  # the filter a marked branch calls
BRANCH_KEY = "_ccm_cov"  # the compiled module's name for its coverage key

_recording: contextvars.ContextVar[set | None] = contextvars.ContextVar("ccm_branches", default=None)


# ---------------------------------------------------------------- recording
def record_branch(index: int, key: Any) -> None:
    """The filter every marked branch calls when it is entered. A template that calls it
    itself cannot name a key (keys are module globals of compiled code, out of a template's
    reach, and no string is one): what it passes is ignored."""
    found = _recording.get()
    if found is not None and type(key) in _KEYS:
        found.add((key, index))


def start_recording() -> tuple[set, contextvars.Token]:
    """Start a recording: (the set it fills, the token :func:`stop_recording` takes)."""
    found: set = set()
    return found, _recording.set(found)


def stop_recording(token: contextvars.Token) -> None:
    """End the recording ``token`` started; an outer recording sees what it recorded."""
    found = _recording.get()
    _recording.reset(token)
    outer = _recording.get()
    if outer is not None and found:
        outer |= found


@contextmanager
def recording() -> Iterator[set]:
    """Collect ``(key, branch number)`` of every branch entered inside the block (nested
    recordings see their own branches; the outer one sees them too when they end)."""
    outer = _recording.get()
    found: set = set()
    token = _recording.set(found)
    try:
        yield found
    finally:
        _recording.reset(token)
        if outer is not None:
            outer |= found


def bind_key(namespace: dict) -> Any:
    """The coverage key of a compiled template's module (set once): its name for a loaded
    template (a snippet: :class:`SnippetKey`), else a token of its own."""
    key = namespace.get(BRANCH_KEY)
    if key is None:
        name = namespace.get("name")
        key = namespace[BRANCH_KEY] = SnippetKey(name) if isinstance(name, str) else _Token()
    return key


class _Token:
    """The coverage key of one unnamed compiled template (compared by identity)."""

    __slots__ = ()


class SnippetKey:
    """The coverage key of a loaded template: its name (the same for every comm that
    includes it)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name.replace("\\", "/")

    def __eq__(self, other: object) -> bool:
        return type(other) is SnippetKey and other.name == self.name

    def __hash__(self) -> int:
        return hash(("snippet", self.name))

    def __repr__(self) -> str:
        return f"SnippetKey({self.name!r})"


_KEYS = (_Token, SnippetKey)


# ---------------------------------------------------------------- the branches of a tree
def branch_nodes(ast: nodes.Node) -> list[tuple[str, nodes.Node, list, int, int]]:
    """Every branch of a parsed template in source order: (kind, node, body, frame, position
    in frame). ``kind``: if, elif, else (of an if), for, for-else. ``frame``: the number of
    the if/for statement it belongs to (statements numbered in source order); an ``{% else %}``
    with an empty body is no branch (Jinja's tree does not keep it)."""
    found: list = []
    frames = [0]

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.If):
            frame = frames[0]
            frames[0] += 1
            found.append(("if", node, node.body, frame, 0))
            visit_all(node.body)
            for position, elif_ in enumerate(node.elif_, 1):
                found.append(("elif", elif_, elif_.body, frame, position))
                visit_all(elif_.body)
            if node.else_:
                found.append(("else", node, node.else_, frame, len(node.elif_) + 1))
                visit_all(node.else_)
            return
        if isinstance(node, nodes.For):
            frame = frames[0]
            frames[0] += 1
            found.append(("for", node, node.body, frame, 0))
            visit_all(node.body)
            if node.else_:
                found.append(("for-else", node, node.else_, frame, 1))
                visit_all(node.else_)
            return
        for child in node.iter_child_nodes():
            visit(child)

    def visit_all(body: list) -> None:
        for child in body:
            visit(child)

    visit(ast)
    return found


def _internal_name(name: str) -> nodes.InternalName:
    node = object.__new__(nodes.InternalName)  # as Parser.free_identifier makes one
    nodes.Node.__init__(node, name, lineno=1)
    return node


def mark_branches(ast: nodes.Template) -> nodes.Template:
    """Make the first statement of every branch body record that the branch was entered
    (in place; returns the tree)."""
    for index, (_kind, node, body, _frame, _position) in enumerate(branch_nodes(ast)):
        lineno = body[0].lineno if body else node.lineno
        call = nodes.Filter(nodes.Const(index, lineno=lineno), BRANCH_FILTER, [_internal_name(BRANCH_KEY)], [], None, None, lineno=lineno)
        body.insert(0, nodes.ExprStmt(call, lineno=lineno))
    return ast


# ---------------------------------------------------------------- analysis of a text
@dataclass
class Branch:
    """One branch of a template text."""

    index: int
    kind: str  # if, elif, else, for, for-else
    tag: str  # the tag that opens it, as written ("{% elif segment == 'business' %}")
    offset: int | None  # of the tag in the source (None: not found)
    lineno: int
    subject: str | None  # the variable the condition (or the loop) reads, when it is one
    wants: str  # what a sample needs for the branch to render
    compared: list[tuple[str, Any]] = field(default_factory=list)  # (path, constant) the condition compares with ==/in
    pieces: list[tuple[int, str]] = field(default_factory=list)  # literal text typed directly in it: (source offset, text)
    parent: int | None = None  # the branch it sits in


@dataclass
class BranchTable:
    branches: list[Branch]
    compared: dict[str, set] = field(default_factory=dict)  # every path compared with constants anywhere in the text


_TABLES: BoundedCache = BoundedCache(2048)


def branch_table(env, source: str) -> BranchTable | None:
    """The branches of one template text (cached by text), or None when it does not parse."""
    return _TABLES.get(source, lambda: _analyse(env, source))


def _analyse(env, source: str) -> BranchTable | None:
    try:
        ast = env.parse(source)
        tokens = list(env.lexer.tokeniter(source, None))
    except Exception:  # reported by template/syntax-error and template/resource-limit
        return None
    found = branch_nodes(ast)
    tags, datas = _positions(source, tokens)
    frames: dict[int, list] = {}
    for kind, node, body, frame, position in found:
        frames.setdefault(frame, []).append(kind)
    # an {% else %} tag the tree dropped (empty body) is skipped when tags and frames are matched
    by_frame: dict[int, list] | None = None
    if tags is not None and len(tags) == len(frames):
        by_frame = {}
        for frame, (kinds, written) in enumerate(zip((frames[f] for f in sorted(frames)), tags)):
            if len(written) == len(kinds) + 1 and written[-1][0] == "else" and kinds[-1] not in ("else", "for-else"):
                written = written[:-1]
            if len(written) != len(kinds):
                by_frame = None
                break
            by_frame[frame] = written
    table = BranchTable([])
    owner: dict[int, int] = {}  # id(TemplateData) -> branch
    for index, (kind, node, body, frame, position) in enumerate(found):
        tag_offset, tag = None, f"{{% {kind.replace('for-else', 'else')} %}}"
        if by_frame is not None:
            tag_offset, tag = by_frame[frame][position][1], by_frame[frame][position][2]
        subject, wants, compared = _condition(kind, node, found, frame)
        table.branches.append(Branch(index, kind, tag, tag_offset, node.lineno, subject, wants, compared))
        for data in _direct_data(body):
            owner[id(data)] = index
        for path, value in compared:
            table.compared.setdefault(path, set()).add(_hashable(value))
    _nest(table, found)
    _compared_anywhere(ast, table.compared)
    if datas is not None:
        all_data = [n for n in ast.find_all(nodes.TemplateData)]
        ordered = _in_source_order(ast)
        if len(ordered) == len(datas) and len(all_data) == len(ordered):
            for node, (offset, text) in zip(ordered, datas):
                if node.data != text:
                    break
                index = owner.get(id(node))
                if index is not None:
                    table.branches[index].pieces.append((offset, text))
    return table


def _positions(source: str, tokens: list) -> tuple[list | None, list | None]:
    """From the lexer's tokens: the if/elif/else/for tags grouped by statement, in the order
    the statements open ([(kind, offset, tag text)] each), and every non-empty literal text
    piece (offset, text). None where the tokens cannot be placed in the source."""
    pos = 0
    placed = []
    for _lineno, kind, value in tokens:
        at = source.find(value, pos)
        if at < 0:
            return None, None
        placed.append((kind, value, at))
        pos = at + len(value)
    datas = [(at, value) for kind, value, at in placed if kind == "data" and value]
    frames: list[list] = []
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(placed):
        kind, value, at = placed[i]
        if kind == "block_begin":
            j = i + 1
            while j < len(placed) and placed[j][0] == "whitespace":
                j += 1
            name = placed[j][1] if j < len(placed) and placed[j][0] == "name" else None
            end = i
            while end < len(placed) and placed[end][0] != "block_end":
                end += 1
            stop = placed[end][2] + len(placed[end][1]) if end < len(placed) else len(source)
            text = source[at:stop]
            if name in ("if", "for"):
                stack.append((name, len(frames)))
                frames.append([(name, at, text)])
            elif name in ("elif", "else") and stack:
                frames[stack[-1][1]].append((name, at, text))
            elif name in ("endif", "endfor") and stack:
                stack.pop()
            i = end
        i += 1
    return frames, datas


def _in_source_order(ast: nodes.Node) -> list:
    found: list = []
    stack: list = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            found.append(node)
            continue
        children = list(node.iter_child_nodes())
        stack.extend(reversed(children))
    return found


_OWN_TEXT = (nodes.If, nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock)


def _direct_data(body: list) -> Iterator[nodes.TemplateData]:
    """The literal text written in a branch body itself (not in a nested branch, a macro, a
    captured block or a filter block, whose text reads otherwise)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            yield node
        elif not isinstance(node, _OWN_TEXT):
            stack.extend(reversed(list(node.iter_child_nodes())))


def _nest(table: BranchTable, found: list) -> None:
    ids = {id(body): index for index, (_k, _n, body, _f, _p) in enumerate(found)}
    for index, (_k, _n, body, _f, _p) in enumerate(found):
        stack = list(body)
        while stack:
            node = stack.pop()
            if isinstance(node, (nodes.If, nodes.For)):
                for sub in _bodies(node):
                    inner = ids.get(id(sub))
                    if inner is not None and table.branches[inner].parent is None:
                        table.branches[inner].parent = index
                continue
            stack.extend(node.iter_child_nodes())


def _bodies(node) -> list:
    if isinstance(node, nodes.If):
        return [node.body, *(e.body for e in node.elif_), node.else_]
    return [node.body, node.else_]


def _path(node) -> str | None:
    from .usage import attribute_chain

    if not isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
        return None
    base, parts, computed = attribute_chain(node)
    if computed or not isinstance(base, nodes.Name):
        return None
    return ".".join([base.name, *parts])


def _constants(node) -> list | None:
    if isinstance(node, nodes.Const):
        return [node.value]
    if isinstance(node, (nodes.List, nodes.Tuple)) and all(isinstance(i, nodes.Const) for i in node.items):
        return [i.value for i in node.items]
    return None


def _comparisons(test) -> list[tuple[str, Any, str]]:
    """(path, constant, operator) of every ``path ==/!= constant`` and ``path in/not in
    [constants]`` in a condition."""
    if not isinstance(test, nodes.Node):
        return []
    found = []
    for compare in [test, *test.find_all(nodes.Compare)]:
        if not isinstance(compare, nodes.Compare) or len(compare.ops) != 1:
            continue
        left, op = compare.expr, compare.ops[0]
        right = op.expr
        if op.op in ("eq", "ne"):
            path, value = _path(left), right
            if path is None:
                path, value = _path(right), left
            if path is not None and isinstance(value, nodes.Const):
                found.append((path, value.value, op.op))
        elif op.op in ("in", "notin") and isinstance(right, (nodes.List, nodes.Tuple)):
            path, values = _path(left), _constants(right)
            if path is not None and values is not None:
                found.extend((path, value, op.op) for value in values)
    return found


def _condition(kind: str, node, found: list, frame: int) -> tuple[str | None, str, list]:
    """(the variable the branch's condition reads, what a sample needs to take it, the
    (path, constant) pairs its condition compares with ``==``/``in``)."""
    if kind in ("for", "for-else"):
        path = _path(node.iter)
        what = f"`{path}`" if path else "the loop's list"
        return path, (f"a sample where {what} has at least one item" if kind == "for" else f"a sample where {what} is empty"), []
    if kind == "else":
        tests = [n.test for k, n, _b, f, _p in found if f == frame and k in ("if", "elif")]
        paths = {p for t in tests for p, _v, _o in _comparisons(t)}
        if len(paths) == 1:
            path = next(iter(paths))
            seen = [v for t in tests for p, v, o in _comparisons(t) if o in ("eq", "in")]
            shown = ", ".join(_show(v) for v in seen)
            return path, f"a sample where {path} is none of {shown}", []
        return None, "a sample that matches none of the conditions above", []
    test = node.test
    pairs = _comparisons(test)
    equal = [(p, v) for p, v, o in pairs if o in ("eq", "in")]
    if isinstance(test, nodes.Compare) and equal:
        path, value = equal[0]
        return path, f"a sample with {path}: {_show(value)}", equal
    path = _path(test)
    if path is not None:
        return path, f"a sample where {path} is set and not empty", equal
    if isinstance(test, nodes.Not) and _path(test.node) is not None:
        path = _path(test.node)
        return path, f"a sample where {path} is missing or empty", equal
    if isinstance(test, nodes.Test) and _path(test.node) is not None:
        path = _path(test.node)
        return path, f"a sample where {path} is {test.name}", equal
    return None, "a sample that makes this condition true", equal


def _compared_anywhere(ast: nodes.Node, compared: dict[str, set]) -> None:
    """Every ``path == constant`` / ``path in [constants]`` in the text, wherever it is (a
    condition, a ``{% set %}``, an inline ``x if c else y``)."""
    for compare in ast.find_all(nodes.Compare):
        for path, value, op in _comparisons(compare):
            if op in ("eq", "ne", "in", "notin"):
                compared.setdefault(path, set()).add(_hashable(value))


def _hashable(value: Any) -> Any:
    try:
        hash(value)
        return value
    except TypeError:
        return repr(value)


def _show(value: Any) -> str:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else repr(value)


# ---------------------------------------------------------------- what is not covered
def uncovered(table: BranchTable, key: Any, covered: set) -> list[Branch]:
    """The branches of ``table`` no recorded render entered (``covered``: (key, number)
    pairs). A branch inside an uncovered branch is reported through its parent only."""
    missing = {b.index for b in table.branches if (key, b.index) not in covered}
    return [b for b in table.branches if b.index in missing and (b.parent is None or b.parent not in missing)]


def uncovered_pieces(table: BranchTable, key: Any, covered: set) -> list[tuple[Branch, list[tuple[int, str]]]]:
    """Each branch no recorded render entered, nested ones included, with its literal text."""
    return [(b, b.pieces) for b in table.branches if (key, b.index) not in covered and b.pieces]


__all__ = [
    "BRANCH_FILTER", "BRANCH_KEY", "Branch", "BranchTable", "SnippetKey", "bind_key", "branch_nodes", "branch_table", "mark_branches",
    "record_branch", "recording", "start_recording", "stop_recording", "uncovered", "uncovered_pieces",
]


# ---------------------------------------------------------------- per comm
def may_branch(source: str) -> bool:
    """Whether a text can hold a branch at all (most fields have no block tag: no parse)."""
    return "{%" in source and ("if" in source or "for" in source)


@dataclass
class FieldCoverage:
    """One template field of a comm: its branches and what its samples' renders entered."""

    tfield: Any
    table: BranchTable
    key: Any
    covered: set

    def uncovered(self) -> list[Branch]:
        return uncovered(self.table, self.key, self.covered)

    def unrendered_pieces(self) -> list[tuple[Branch, list[tuple[int, str]]]]:
        return uncovered_pieces(self.table, self.key, self.covered)


def field_coverage(renderer, comm, variants: list) -> list[FieldCoverage]:
    """The fields of ``comm`` with branches whose coverage the rendered ``variants`` tell: a
    field some render of its locale and channel failed at (its coverage is partial, and the
    failure is reported) or no variant rendered (the comm has no samples) is left out."""
    by_place: dict[tuple[str, str], list] = {}
    for variant in variants:
        by_place.setdefault((variant.locale, variant.channel), []).append(variant)
    found = []
    for tfield in comm.fields:
        if not may_branch(tfield.source):
            continue
        rendered = by_place.get((tfield.locale, tfield.channel))
        if not rendered or any(error.field is tfield or error.field == tfield for v in rendered for error in v.errors):
            continue
        if any(tfield.name not in v.fields for v in rendered):
            continue
        compiled = renderer.compile(tfield)
        key = getattr(compiled, "branch_key", None)
        if key is None:
            continue
        covered = set()
        for variant in rendered:
            covered |= variant.branches
        if len({index for k, index in covered if k == key}) >= _tags(tfield.source):
            continue  # every branch it can have was entered: no need to parse it
        table = branch_table(renderer.env, tfield.source)
        if table is None or not table.branches:
            continue
        found.append(FieldCoverage(tfield, table, key, covered))
    return found


_TAG = re.compile(r"\{%[-+]?\s*(?:if|elif|else|for)\b")


def _tags(source: str) -> int:
    """At least the number of branches a text has (every if/elif/else/for tag, even in a
    comment or a raw block): when as many distinct branches were entered, all were."""
    return len(_TAG.findall(source))


def unrendered_text(coverage: FieldCoverage, placeholder: str) -> Iterator[tuple[Branch, str, list[tuple[int, int]], list[tuple[int, int]]]]:
    """The literal text of each branch of a field that no sample renders, as a reader would
    read it: (branch, text, placeholder ranges in the text, [(text offset, source offset)]
    where each piece starts). An expression between two pieces reads as ``placeholder``."""
    source = coverage.tfield.source
    for branch, pieces in coverage.unrendered_pieces():
        if not any(text.strip() for _offset, text in pieces):
            continue
        parts: list[str] = []
        holes: list[tuple[int, int]] = []
        starts: list[tuple[int, int]] = []
        size = 0
        previous_end = branch.offset + len(branch.tag) if branch.offset is not None else None
        for offset, text in pieces:
            if previous_end is not None and "{{" in source[previous_end:offset]:
                holes.append((size, size + len(placeholder)))
                parts.append(placeholder)
                size += len(placeholder)
            starts.append((size, offset))
            parts.append(text)
            size += len(text)
            previous_end = offset + len(text)
        yield branch, "".join(parts), holes, starts
