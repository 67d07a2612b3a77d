"""Render templates in Jinja2's sandbox, per comm × locale × channel × sample.

* ``ImmutableSandboxedEnvironment`` + ``StrictUndefined``: a template cannot reach Python
  internals, mutate data, or silently print an empty value for a missing variable.
* ``facts`` is ``brand/facts.yaml`` resolved for the variant's locale; ``clause("id")`` inserts
  a clause; ``{% include "_snippets/x.j2" %}`` reads a snippet, never outside the repository.
* Provenance (:mod:`.provenance`): every ``{{ expression }}``, clause and snippet is wrapped in
  invisible markers while rendering, each issued by this render for the text it wraps;
  :func:`_split_provenance` removes them and keeps *spans* saying which part of the output
  came from a fact, a clause, an expression or a snippet. Rules use the spans to tell the
  writer's own text from inserted text; content cannot forge them.
* Resource limits (``limits:`` in ccm.yaml, see :mod:`.render_budget`): every render has a
  wall-clock deadline — its own ``render_seconds``, or what is left of its comm's
  ``comm_render_seconds`` or of the run's ``run_render_seconds`` (shared by forked workers),
  whichever ends first — and an output budget (``output_chars``). Exceeding one is a
  :class:`ResourceLimitExceeded`, reported as ``template/resource-limit``; a comm or a run past
  its budget has its remaining renders skipped.
* Template sources are bounded before Jinja compiles them (:data:`MAX_TEMPLATE_CHARS`,
  :data:`MAX_TEMPLATE_DEPTH`): Jinja's parser, its code generator and Python's compiler recurse,
  and a long source costs compile time no render budget sees.

How the limits are enforced, and why this way: ``signal.alarm`` only works in the main thread
and an async exception injected by a watchdog thread cannot stop C code, so the checks are
*cooperative* and live in the sandbox itself (:class:`_LimitedSandbox`):

* every ``{% for %}`` iterates through a guard that checks the deadline on each item, so no
  loop — however deeply nested, even with an empty body — runs past the budget;
* every call, attribute lookup, filter, operator and output chunk checks the deadline too;
  the output is consumed as a stream (``generate()``), so it never grows past the budget;
* every operation whose result size an argument controls is refused *before* it allocates:
  ``*`` on strings and lists, ``*``/``**`` on big integers; ``%``, ``str.format``/``format_map``
  and ``|format`` (widths, precisions, fields repeated by name: the total is counted);
  ``range()``, ``lipsum()``; ``str.center/ljust/rjust/zfill/expandtabs/translate/join/
  replace``; the filters ``center``, ``indent``, ``wordwrap``, ``truncate``, ``slice``,
  ``batch``, ``replace``, ``join``, ``sum``, ``urlize``, ``tojson`` and ``pprint``;
* ``bytes`` never enter a template: ``str.encode`` and every attribute of a bytes value are
  unsafe, and bytes from data (YAML ``!!binary``) are measured like text;
* every value is measured (characters plus items, nested containers counted copy by copy)
  before it is turned into text, passed to a call, filter or ``~``, or stored in a
  ``namespace``, so exponential doubling stops at the first step past the budget;
* what macros and ``{% set %}``/``{% filter %}`` blocks buffer (invisible to the streamed
  output) is bounded by ``Environment.concat`` and by a count of all expression output
  (at most 10 × ``output_chars`` per render);
* runaway macro recursion (``RecursionError``) is a resource-limit finding too.

This works the same in the main thread, worker threads and subprocesses, costs a clock read
per operation, and keeps every failure an ordinary exception that becomes a finding.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import functools
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, meta, nodes, pass_context, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.environment import Template, TemplateModule
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from .bounded import BoundedCache
from .model import Comm, Project, Sample, TemplateField, language
from .provenance import (
    CLOSE, MARKERS, OPEN, SEP, Captured, DataText, Formatted, Issued, Span, captured, legacy_wrap, snippet_markers, split, strip,
)
from .render_budget import Limits, RenderBudget, explain
from .sandbox_limits import (
    LimitedFormatter, LimitedNamespace, RenderState, ResourceLimitExceeded, budget_var, check_binop, check_filter, check_str_method,
    check_value, concat_operands, guard_iter, limited_lipsum, limited_range, refuse_size, tick,
)
from .shared_code import LITERALS, LiteralsAsData, shape

__all__ = ["CLOSE", "MARKERS", "OPEN", "SEP", "Limits", "RenderBudget", "Renderer", "ResourceLimitExceeded", "Span"]

GLOBAL_NAMES = frozenset({"facts", "clause", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "self", "varargs", "kwargs", "caller"})
_variant_locale: contextvars.ContextVar[str] = contextvars.ContextVar("ccm_locale", default="")

# Template sources are bounded before Jinja parses them: parsing and compiling cost time that
# no render budget sees, and Jinja's visitors recurse once per level of the tree.
MAX_TEMPLATE_CHARS = 100_000
MAX_TEMPLATE_DEPTH = 100


# ---------------------------------------------------------------- value types with provenance
class FactText(str):
    """A string that came from brand/facts.yaml (``path`` is its dotted path)."""

    path: str = ""


class ClauseText(Captured):
    """A clause's rendered text (as a reader reads it; ``_raw`` keeps its markers)."""

    clause_id: str = ""


class FactTree(dict):
    """A nested facts mapping that knows its path, for precise "unknown fact" messages."""

    path: str = "facts"


class ClauseNotFound(Exception):
    def __init__(self, clause_id: str) -> None:
        super().__init__(f"unknown clause '{clause_id}'")
        self.clause_id = clause_id


class ClauseMissingLocale(Exception):
    def __init__(self, clause_id: str, locale: str) -> None:
        super().__init__(f"clause '{clause_id}' has no text for {locale}")
        self.clause_id = clause_id
        self.locale = locale


class CcmUndefined(StrictUndefined):
    """StrictUndefined with messages that name the fact or variable path."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:  # type: ignore[override]
        obj = self._undefined_obj
        if isinstance(obj, FactTree):
            return f"unknown fact '{obj.path}.{self._undefined_name}'"
        return super()._undefined_message


# ---------------------------------------------------------------- resource limits
# the guards live in .sandbox_limits; the short names are this module's
_budget = budget_var
_Budget = RenderState
_tick, _refuse_size, _check_value = tick, refuse_size, check_value
_guard_iter, _concat = guard_iter, concat_operands
_limited_range, _LimitedNamespace, _limited_lipsum = limited_range, LimitedNamespace, limited_lipsum


class TemplateTooComplex(TemplateSyntaxError):
    """A template source longer or more deeply nested than ccm compiles (a resource limit)."""


def _at_render_time(func):
    """A filter whose result depends on the variant's locale (``_variant_locale``), marked
    ``pass_context`` so that Jinja never calls it while compiling: given a constant
    (``{{ 1200|money }}``) it would fold the result into the code, for whatever locale was set
    then, and the code is shared by every locale that renders the text (or the same shape)."""

    @functools.wraps(func)
    def at_render(context, *args, **kwargs):
        return func(*args, **kwargs)

    return pass_context(at_render)


def _guard_filter(name: str, func):
    """Wrap a filter so its input, its size arguments and its result stay inside the limits."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        _tick()
        for arg in (*args[skip:], *kwargs.values()):
            _check_value(arg, f"|{name}'s input")
        if len(args) > skip:
            value = check_filter(name, args[skip], args[skip + 1 :], kwargs)
            if value is not args[skip]:
                args = (*args[:skip], value, *args[skip + 1 :])
        return _check_value(func(*args, **kwargs), f"|{name}'s result")

    return guarded


class _GuardLoops(NodeTransformer):
    """``{% for x in y %}`` -> ``for x in _ccm_guard_iter(y)``; ``a ~ b`` -> ``_ccm_concat(a, b)``."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_ccm_guard_iter", [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        first, rest = node.nodes[0], node.nodes[1:]
        return nodes.Filter(first, "_ccm_concat", list(rest), [], None, None, lineno=node.lineno)


class _Recording(LiteralsAsData):
    """The code generator (literal text as data, see :mod:`.shared_code`), also noting the
    names a template reads without defining them (what ``jinja2.meta.find_undeclared_variables``
    reports) while it compiles."""

    def enter_frame(self, frame) -> None:
        super().enter_frame(frame)
        found = self.environment.undeclared
        if found is not None:
            for action, param in frame.symbols.loads.values():
                if action == "resolve" and param not in self.environment.globals:
                    found.add(param)


class _Module(TemplateModule):
    """An imported template (``{% import "_snippets/x.j2" as m %}``): printed as text it is
    captured text (:func:`.provenance.captured`), never raw markers a template could move."""

    def __str__(self) -> str:
        return captured(super().__str__())


class _CcmTemplate(Template):
    def make_module(self, vars=None, shared=False, locals=None):  # noqa: A002 - Jinja's signature
        return _Module(self, self.new_context(vars, shared, locals))


def _depth_exceeds(ast: nodes.Node, limit: int) -> bool:
    """Whether the tree is nested more than ``limit`` levels deep (one walk, no recursion;
    every level costs at least a character of source, so a shorter source never is)."""
    stack = [(ast, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        depth += 1
        for name in node.fields:  # nodes.Node.iter_child_nodes, inlined
            value = getattr(node, name, None)
            if isinstance(value, nodes.Node):
                stack.append((value, depth))
            elif isinstance(value, list):
                stack.extend((item, depth) for item in value if isinstance(item, nodes.Node))
    return False


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with time and size budgets (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _Recording
    template_class = _CcmTemplate
    undeclared: set[str] | None = None  # set while compiling to collect undeclared names
    SHAPES = 1024  # template shapes whose code is kept (about 19 KB each)

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._shapes: BoundedCache[tuple] = BoundedCache(self.SHAPES)  # shape key -> (code, roots)

    def _parse(self, source, name, filename):
        """Jinja's parse, bounded: a source longer than :data:`MAX_TEMPLATE_CHARS` is not
        parsed, and a tree deeper than :data:`MAX_TEMPLATE_DEPTH` (or one the parser's own
        recursion cannot take) is refused before anything walks it recursively. Both raise
        :class:`TemplateTooComplex`, a ``TemplateSyntaxError``: every caller reports it."""
        if len(source) > MAX_TEMPLATE_CHARS:
            raise TemplateTooComplex(f"the template is {len(source):,} characters long; at most {MAX_TEMPLATE_CHARS:,} are compiled",
                                     1, name, filename)
        try:
            ast = super()._parse(source, name, filename)
        except RecursionError:
            ast = None
        if ast is None or (len(source) > MAX_TEMPLATE_DEPTH and _depth_exceeds(ast, MAX_TEMPLATE_DEPTH)):
            raise TemplateTooComplex(f"the template is nested too deeply to compile (more than {MAX_TEMPLATE_DEPTH} levels)",
                                     1, name, filename)
        return ast

    def template_from(self, ast: nodes.Template):
        """The template of a parsed text, its code shared with every text of the same shape
        (:mod:`.shared_code`): a known shape is bound to this text's literals without compiling.
        Records undeclared names in :attr:`undeclared` as a compile would; raises as
        ``from_string`` would."""
        found = shape(ast)
        if found.key is None:
            return self.from_string(ast)
        fresh = None

        def compile_shape() -> tuple:
            nonlocal fresh
            fresh = self._compile_recording(ast, found.index)
            code, roots, private = fresh
            return (None if private else code, roots)

        code, roots = self._shapes.get(found.key, compile_shape)
        if fresh is not None:
            code = fresh[0]  # this text's own code: right for it even when it cannot be shared
        elif code is None:
            return self.from_string(ast)  # a shape whose code holds its text
        if self.undeclared is not None:
            self.undeclared |= roots
        namespace = {"environment": self, "__file__": code.co_filename, LITERALS: found.literals}
        exec(code, namespace)  # what Template.from_code does, with this text's literals bound
        return self.template_class.from_module_dict(self, namespace, self.make_globals(None))

    def _compile_recording(self, ast: nodes.Template, index: dict[int, int]) -> tuple:
        """(code with literal text as data, the undeclared names, whether any literal text
        went into the code after all)."""
        outer, self.undeclared = self.undeclared, set()
        try:  # Environment.compile -> jinja2.compiler.generate, with the index on the generator
            generator = self.code_generator_class(self, None, None, optimized=self.optimized)
            generator.literal_index = index
            generator.visit(_GuardLoops().visit(ast))
            code = self._compile(generator.stream.getvalue(), "<template>")
            return code, frozenset(self.undeclared), generator.literals_in_code
        except TemplateSyntaxError:
            self.handle_exception()  # as Environment.compile does: raises, traceback rewritten
        finally:
            self.undeclared = outer

    @staticmethod
    def concat(parts) -> str:  # type: ignore[override]
        """Joins what a macro, ``caller()``, ``{% set %}`` or ``{% filter %}`` block buffered:
        bounded, and handed to the template as captured text (no markers)."""
        parts = list(parts)
        _refuse_size(sum(len(p) for p in parts), "a macro's or block's text")
        return captured("".join(parts))

    def _generate(self, source, name, filename, defer_init=False):  # _compile_recording does the same
        return super()._generate(_GuardLoops().visit(source), name, filename, defer_init)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Bytes never enter a template: their methods (``center``, ``ljust``, ``zfill``, ``%``
        formatting, ``translate``) would allocate before any check, and no message needs them."""
        if isinstance(obj, (bytes, bytearray, memoryview)) or (attr == "encode" and isinstance(obj, str)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, is_map = value.__self__, value.__name__ == "format_map"

        def limited(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            formatter = LimitedFormatter(self)
            return _check_value(type(text)(formatter.vformat(text, args, kwargs)), "str.format's result")

        return functools.update_wrapper(limited, value)

    def call_binop(self, context, operator, left, right):
        _tick()
        check_binop(operator, left, right)
        return _check_value(super().call_binop(context, operator, left, right), f"'{operator}' result")

    def getattr(self, obj, attribute):
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - mirrors Jinja's signature
        _tick()
        for arg in (*args, *kwargs.values()):
            _check_value(arg, "an argument")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return _check_value(ImmutableSandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs), "a call's result")


class _Rendered(str):
    """The raw output of a top-level render, with the provenance tokens it issued
    (``issued``) for :func:`_split_provenance`."""

    issued: Issued | None = None


def _render_raw(compiled, context: dict, limits: Limits, deadline: float | None = None, reason: str = "render") -> tuple[str, Issued | None]:
    """(raw output, the provenance tokens it issued): rendered within the time and output
    budget. Nested renders (clauses) share the outer render's budget and tokens (None).
    ``deadline``/``reason``: from :meth:`RenderBudget.deadline` (default: ``render_seconds``
    from now)."""
    outer = _budget.get()
    state = outer if outer is not None else _Budget(limits, deadline, reason)
    token = _budget.set(state) if outer is None else None
    try:
        limit = state.output_chars
        out: list[str] = []
        size = 0
        for chunk in compiled.generate(context):
            size += len(chunk)
            if size > limit:
                raise ResourceLimitExceeded(f"the output is longer than the output_chars limit ({limit:,})")
            _tick()
            out.append(chunk)
        return "".join(out), (state.issued if outer is None else None)
    finally:
        if token is not None:
            _budget.reset(token)


def _render_limited(compiled, context: dict, limits: Limits, deadline: float | None = None, reason: str = "render") -> str:
    """:func:`_render_raw` as one string: a top-level render returns a :class:`_Rendered`
    that carries its tokens, for :func:`_split_provenance`."""
    raw, issued = _render_raw(compiled, context, limits, deadline, reason)
    if issued is None:
        return raw
    rendered = _Rendered(raw)
    rendered.issued = issued
    return rendered


# ---------------------------------------------------------------- results
@dataclass
class RenderedField:
    field: TemplateField
    text: str
    spans: list[Span] = field(default_factory=list)

    def inserted_at(self, start: int, end: int) -> Span | None:
        """The innermost non-snippet span overlapping [start, end), if any."""
        found = None
        for span in self.spans:
            if span.kind != "snippet" and span.start < end and start < span.end:
                if found is None or span.start >= found.start:
                    found = span
        return found

    def writer_typed(self, start: int, end: int) -> bool:
        return self.inserted_at(start, end) is None


@dataclass(frozen=True)
class RenderError:
    """A template problem: ``kind`` is syntax, undefined, unknown-clause, clause-locale,
    unknown-snippet, sandbox, resource-limit or runtime; ``line`` is the 1-based line in ``file``."""

    kind: str
    field: TemplateField
    message: str
    file: str
    line: int | None
    column: int | None = None
    sample: str | None = None
    ref: str | None = None


@dataclass
class Variant:
    comm: Comm
    locale: str
    channel: str
    sample: Sample | None
    fields: dict[str, RenderedField] = field(default_factory=dict)
    errors: list[RenderError] = field(default_factory=list)

    @property
    def language(self) -> str:
        return language(self.locale)

    @property
    def key(self) -> tuple:
        return (self.comm.id, self.locale, self.channel, self.sample.name if self.sample else None)


# ---------------------------------------------------------------- environment
class _RepoLoader(BaseLoader):
    """Loads ``{% include %}`` targets from comms/, never outside the repository."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def get_source(self, environment, template):
        name = template.replace("\\", "/")
        if snippet_path(name) is None:
            raise TemplateNotFound(template, f"'{template}' leaves comms/; includes must stay inside the repository")
        source = read_snippet(self.project, name)
        if source is None:
            raise TemplateNotFound(template)
        opening, closing = snippet_markers(name)
        return f"{opening}{source}{closing}", f"comms/{name}", lambda: True


def snippet_path(name: str) -> str | None:
    """The repository path of an include name (relative to comms/), or None if it leaves comms/."""
    from .sources import clean

    if name.startswith("/") or ".." in name.split("/"):
        return None
    rel = clean(f"comms/{name}")
    return rel if rel and rel.startswith("comms/") else None


def read_snippet(project: Project, name: str) -> str | None:
    """A snippet's source (cached on the project), or None when missing or unsafe."""
    if name in project.snippets:
        return project.snippets[name]
    rel = snippet_path(name)
    source = project.source
    if rel is None or source is None or not source.is_file(rel):
        return None
    try:
        text = source.read_text(rel)
    except Exception:  # an unreadable snippet is reported as missing
        return None
    project.snippets[name] = text
    return text


class Renderer:
    """One sandboxed environment per project.

    Each distinct template text is parsed once per run: the same tree is analysed
    (:meth:`usage`) and then compiled (:meth:`compile`), and identical texts — clauses,
    snippets, SMS bodies shared by many comms — share one compiled template. Texts that differ
    only in their literal text (a field's translations, one skeleton reused with new wording)
    share one code object (:mod:`.shared_code`). The per-text cache holds at most :attr:`TEXTS`
    entries (least recently used dropped first), so memory stays flat on big runs.
    """

    TEXTS = 4096  # distinct template texts kept (a compiled template is about 7 KB)

    def __init__(self, project: Project, budget: RenderBudget | None = None) -> None:
        """``budget``: the run's render budget, when this renderer is part of a run that
        already has one (a forked worker's renderer shares its parent's)."""
        self.project = project
        self.limits = Limits.from_config(project.config)
        self.budget = budget if budget is not None else RenderBudget(self.limits)
        self._skipped: set[str] = set()  # comms whose renders the budget cut (one finding each)
        self.env = _LimitedSandbox(
            undefined=CcmUndefined,
            autoescape=False,
            loader=_RepoLoader(project),
            finalize=_finalize,
            keep_trailing_newline=False,
        )
        self.env.filters.update(date=_at_render_time(_date_filter), money=_at_render_time(self._money_filter),
                                number=_at_render_time(_number_filter))
        self.env.filters = {name: _guard_filter(name, func) for name, func in self.env.filters.items()}
        self.env.filters.update(_ccm_guard_iter=_guard_iter, _ccm_concat=_concat)
        self.env.globals.update(range=_limited_range, namespace=_LimitedNamespace, lipsum=_limited_lipsum(self.env.globals["lipsum"]))
        self.env.globals["clause"] = _clause_global(self)
        self._compiled: dict[int, Any] = {}  # id(field) -> template or RenderError (see forget)
        self._data_texts: dict[tuple[int, str], tuple[dict, DataText]] = {}  # (id(data), locale) -> what it can insert
        self._texts: BoundedCache[_Text] = BoundedCache(self.TEXTS)
        self._facts: dict[str, FactTree] = {}

    # -- facts
    def facts(self, locale: str) -> FactTree:
        if locale not in self._facts:
            self._facts[locale] = _resolve_facts(self.project.facts, locale, self.project.default_locale, "facts")
        return self._facts[locale]

    # -- parse once: analysis and compilation of one template text
    def _text(self, source: str, compile: bool = True, comm_id: str | None = None) -> "_Text":
        """The cached state of one template text; parses it when what is asked is missing
        (the time it takes is charged to the render budget: the run's and ``comm_id``'s)."""
        text = self._texts.get(source, _Text)
        if text.direct is None or (compile and text.compiled is None):
            started = time.monotonic()
            try:
                text.prepare(self.env, source, compile)
            finally:
                self.budget.charge(comm_id, time.monotonic() - started)
        return text

    def direct_usage(self, source: str) -> Usage:
        """What one template text uses by itself (its snippets named, not followed); cached
        by text, shared: do not modify the result."""
        return self._text(source, compile=False).analysis()

    def usage(self, source: str) -> Usage:
        """What a template text uses, snippets followed (see :func:`analyze`); cached by text,
        shared between callers: do not modify the result."""
        text = self._text(source)
        if text.usage is None:
            usage = Usage(set(), set(), set(), set())
            seen: set[str] = set()
            pending = [text.analysis()]
            while pending:
                direct = pending.pop()
                usage.paths |= direct.paths
                usage.clauses |= direct.clauses
                usage.snippets |= direct.snippets
                usage.facts |= direct.facts
                for name in direct.snippets:
                    if name not in seen:
                        seen.add(name)
                        snippet = read_snippet(self.project, name)
                        if snippet is not None:
                            pending.append(self._text(snippet, compile=False).analysis())
            text.usage = Usage(frozenset(_longest(usage.paths)), frozenset(usage.clauses), frozenset(usage.snippets), frozenset(usage.facts))
        return text.usage

    # -- compile
    def compile(self, tfield: TemplateField):
        """The compiled template, or a :class:`RenderError` for a syntax error (or a
        ``skipped`` one when the render budget is spent before the template was compiled)."""
        key = id(tfield)
        found = self._compiled.get(key)
        if found is None:
            if self._texts.get(tfield.source, _Text).compiled is None:  # compiling costs budget
                spent = self.budget.spent_by(tfield.comm_id)
                if spent is not None:
                    return _budget_error("skipped", tfield, explain(spent, self.limits), None)
            compiled = self._text(tfield.source, comm_id=tfield.comm_id).template()
            if isinstance(compiled, tuple):
                compiled = _compile_error(tfield, compiled)
            found = self._compiled[key] = compiled
        return found

    def forget(self, comm: Comm) -> None:
        """Drop the per-field entries of a comm that is done (the per-text cache is bounded)."""
        for tfield in comm.fields:
            self._compiled.pop(id(tfield), None)

    # -- render
    def render_variant(self, comm: Comm, locale: str, channel: str, sample: Sample | None) -> Variant:
        variant = Variant(comm, locale, channel, sample)
        data = sample.data if sample is not None and isinstance(sample.data, dict) else {}
        context = dict(data)
        context["facts"] = self.facts(locale)
        shown = self._data_text(data, locale)
        token = _variant_locale.set(locale)
        try:
            budget = self.budget
            for tfield in comm.fields_for(locale, channel):
                asked = time.monotonic()
                deadline, reason = budget.window(comm.id, asked)
                if deadline <= asked:  # the comm's or the run's budget is spent: one finding per comm
                    kind = "skipped" if comm.id in self._skipped else "resource-limit"
                    self._skipped.add(comm.id)
                    variant.errors.append(_budget_error(kind, tfield, explain(reason, self.limits), sample, comm))
                    continue
                compiled = self.compile(tfield)
                if isinstance(compiled, RenderError):
                    variant.errors.append(compiled)
                    continue
                started = time.monotonic()
                if started - asked > 0.001:  # it compiled: what it cost is charged, the render starts now
                    deadline, reason = budget.window(comm.id, started)
                try:
                    raw, issued = _render_raw(compiled, context, self.limits, deadline, reason)
                except Exception as exc:  # every template failure becomes a finding
                    error = _runtime_error(tfield, exc, sample)
                    if isinstance(exc, ResourceLimitExceeded) and reason != "render" and time.monotonic() > deadline:
                        if reason == "run":
                            budget.mark_exhausted()
                        kind = "skipped" if comm.id in self._skipped else "resource-limit"
                        error = _budget_error(kind, tfield, error.message, sample, comm)
                        self._skipped.add(comm.id)
                    variant.errors.append(error)
                    continue
                finally:
                    budget.charge(comm.id, time.monotonic() - started)
                text, spans = split(raw, issued)
                variant.fields[tfield.name] = RenderedField(tfield, text, shown.refine(text, spans))
        finally:
            _variant_locale.reset(token)
        return variant

    def _data_text(self, data: dict, locale: str) -> DataText:
        """The texts a variant's data can insert (:class:`DataText`), per sample and locale."""
        key = (id(data), locale)
        found = self._data_texts.get(key)
        if found is None or found[0] is not data:
            if len(self._data_texts) > 256:
                self._data_texts.clear()
            found = self._data_texts[key] = (data, DataText(data, self.facts(locale)))
        return found[1]

    def render_comm(self, comm: Comm) -> list[Variant]:
        """Every locale × channel × sample of a comm (a comm without variables renders once)."""
        samples = comm.samples or ([None] if not comm.variables else [])
        return [
            self.render_variant(comm, locale, channel, sample)
            for locale in comm.locales()
            for channel in comm.channels_for(locale)
            for sample in samples
        ]

    def render_text(self, tfield: TemplateField, data: dict, locale: str) -> str:
        """Render one template to its raw output (markers included: :func:`_split_provenance`
        takes them out); used by clause insertion. Inside a render it shares that render's
        budget; on its own it draws from the run's."""
        compiled = self.compile(tfield)
        if isinstance(compiled, RenderError):
            if compiled.kind == "skipped":
                raise ResourceLimitExceeded(compiled.message)
            raise TemplateSyntaxError(compiled.message, compiled.line or 1)
        if _budget.get() is not None:
            return _render_limited(compiled, data, self.limits)
        spent = self.budget.spent_by(None)
        if spent is not None:
            raise ResourceLimitExceeded(explain(spent, self.limits))
        started = time.monotonic()
        try:
            return _render_limited(compiled, data, self.limits, *self.budget.deadline(None, started))
        finally:
            self.budget.charge(None, time.monotonic() - started)

    def _money_filter(self, value: Any, currency: str | None = None) -> str:
        from babel.numbers import format_currency, format_decimal, get_territory_currencies

        locale = _variant_locale.get() or self.project.default_locale or "en-US"
        if currency is None:
            configured = self.project.config.get("currency")
            if isinstance(configured, dict) and configured.get(locale):
                currency = str(configured[locale])
            else:
                territory = locale.split("-")[1] if "-" in locale else "US"
                found = get_territory_currencies(territory)
                currency = found[0] if found else "USD"
        babel_locale = _babel_locale(locale.replace("-", "_"))
        if language(locale) == "ja" and currency == "JPY":
            return Formatted(f"{format_decimal(value, format='#,##0', locale=babel_locale)}円")
        return Formatted(format_currency(value, currency, locale=babel_locale))


def _clause_global(renderer: Renderer):
    from jinja2 import pass_context

    @pass_context
    def clause(ctx, clause_id: str) -> ClauseText:
        found = renderer.project.clauses.get(str(clause_id))
        if found is None:
            raise ClauseNotFound(str(clause_id))
        locale = _variant_locale.get()
        tfield = found.texts.get(locale) or found.texts.get(language(locale))
        if tfield is None:
            raise ClauseMissingLocale(found.id, locale)
        raw = renderer.render_text(tfield, ctx.get_all(), locale).rstrip("\n")
        text = ClauseText(strip(raw))
        text.clause_id = found.id
        text._raw = raw
        return text

    return clause


@pass_eval_context
def _finalize(eval_ctx, value: Any) -> str:
    """The text of ``{{ value }}``, between provenance markers issued for it (a fact, a clause,
    any other expression). Marked ``pass_eval_context`` so Jinja never finalizes a constant
    while compiling: markers are issued per render."""
    if isinstance(value, ClauseText):
        kind, ref = "clause", value.clause_id
    elif isinstance(value, FactText):
        kind, ref = "fact", value.path
    elif isinstance(value, Formatted):
        kind, ref = "variable", ""
    else:  # narrowed to the data it shows after the render (DataText.refine)
        kind, ref = "expression", ""
    _check_value(value, "an expression's value")
    budget = _budget.get()
    if budget is None:  # a renderer outside a budget (the runtime): no registry to issue from
        return legacy_wrap(kind, ref, "" if value is None else str(value))
    text = "" if value is None else str(value._raw if isinstance(value, Captured) and value._raw is not None else value)
    # what macros and blocks buffer is invisible to the streamed output
    budget.produced += len(text)
    if budget.produced > 10 * budget.output_chars:
        raise ResourceLimitExceeded(f"the template produced more than {10 * budget.output_chars:,} characters of text")
    return budget.issued.wrap(kind, ref, text) if text else ""


def _split_provenance(raw: str) -> tuple[str, list[Span]]:
    """Remove the markers from rendered output and return (text, spans): only markers this
    render issued, around the text they were issued for (see :mod:`.provenance`)."""
    return split(raw, getattr(raw, "issued", None))


def _budget_error(kind: str, tfield: TemplateField, message: str, sample: Sample | None, comm: Comm | None = None) -> "RenderError":
    """A render the budget stopped or skipped: located at the comm's ``id:`` (the budget is
    the comm's or the run's), or at the start of the field."""
    if comm is not None:
        line, column = comm.doc.position(("id",))
        return RenderError(kind, tfield, message, comm.file, line, column, sample.name if sample else None)
    line, column = tfield.origin.locate(0)
    return RenderError(kind, tfield, message, tfield.origin.file, line, column, sample.name if sample else None)


# ---------------------------------------------------------------- facts
def _is_locale_map(value: dict) -> bool:
    import re

    return bool(value) and all(isinstance(k, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", k) for k in value)


def _resolve_facts(tree: Any, locale: str, default: str | None, path: str) -> Any:
    if isinstance(tree, dict):
        if _is_locale_map(tree):
            for key in (locale, language(locale)):
                if key in tree:
                    return _resolve_facts(tree[key], locale, default, path)
            return CcmUndefined(name=path)  # no value for this locale: an error when used
        resolved = FactTree()
        resolved.path = path
        for key, value in tree.items():
            resolved[key] = _resolve_facts(value, locale, default, f"{path}.{key}")
        return resolved
    if isinstance(tree, str):
        text = FactText(tree)
        text.path = path
        return text
    if isinstance(tree, (int, float)) and not isinstance(tree, bool):
        text = FactText(str(tree))
        text.path = path
        return text
    return tree


# ---------------------------------------------------------------- filters
def _parse_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


@functools.lru_cache(maxsize=64)
def _babel_locale(identifier: str):
    """The babel Locale the formatting functions would parse from ``identifier`` on every call
    (a bad identifier raises, uncached, as they would)."""
    from babel import Locale

    return Locale.parse(identifier)


def _date_filter(value: Any, format: str | None = None) -> str:
    """ISO date -> the variant locale's date: 'Mar 1, 2026' / '2026年3月1日'."""
    from babel.dates import format_date

    locale = _variant_locale.get() or "en-US"
    style = format or ("long" if language(locale) == "ja" else "medium")
    text = format_date(_parse_date(value), format=style, locale=_babel_locale(locale.replace("-", "_")))
    return Formatted(text) if format is None else text  # a pattern may quote the writer's words


def _number_filter(value: Any) -> str:
    from babel.numbers import format_decimal

    locale = _variant_locale.get() or "en-US"
    return Formatted(format_decimal(value, locale=_babel_locale(locale.replace("-", "_"))))


# ---------------------------------------------------------------- errors
def _syntax_error(tfield: TemplateField, exc: TemplateSyntaxError) -> RenderError:
    return _compile_error(tfield, ("syntax", exc.name, exc.message or str(exc), exc.lineno))


def _compile_error(tfield: TemplateField, failure: tuple) -> RenderError:
    """The RenderError of a template that does not compile (``failure`` from :class:`_Text`)."""
    if failure[0] == "syntax":
        _, name, message, lineno = failure
        if name:  # error inside an included snippet
            return RenderError("syntax", tfield, message, f"comms/{name}", lineno)
        line, column = _template_line_position(tfield, lineno)
        return RenderError("syntax", tfield, message, tfield.origin.file, line, column)
    # longer or nested deeper than ccm compiles, or than Jinja's parser or Python's compiler can take
    line, column = tfield.origin.locate(0)
    return RenderError("resource-limit", tfield, failure[1], tfield.origin.file, line, column)


def _template_line_position(tfield: TemplateField, lineno: int | None) -> tuple[int | None, int | None]:
    """Map a 1-based line of the template text to the file's line and column."""
    if not lineno:
        return tfield.origin.locate(0)
    lines = tfield.source.split("\n")
    offset = sum(len(line) + 1 for line in lines[: max(lineno - 1, 0)])
    line_text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    offset += len(line_text) - len(line_text.lstrip())
    return tfield.origin.locate(offset)


def _runtime_error(tfield: TemplateField, exc: Exception, sample: Sample | None) -> RenderError:
    sample_name = sample.name if sample else None
    lineno = None
    file = tfield.origin.file
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            lineno, file = frame.lineno, tfield.origin.file
        elif frame.filename.startswith("comms/"):
            lineno, file = frame.lineno, frame.filename
    if file == tfield.origin.file:
        line, column = _template_line_position(tfield, lineno)
    else:
        line, column = lineno, None
    if isinstance(exc, ResourceLimitExceeded):
        return RenderError("resource-limit", tfield, str(exc), file, line, column, sample_name)
    if isinstance(exc, TemplateTooComplex):  # an included snippet too long or too deep
        return RenderError("resource-limit", tfield, exc.message or str(exc), file, line, column, sample_name)
    if isinstance(exc, (RecursionError, MemoryError)):  # runaway macro recursion, huge values
        return RenderError("resource-limit", tfield, f"the template exceeded a resource limit ({type(exc).__name__})", file, line, column, sample_name)
    if isinstance(exc, ClauseNotFound):
        return RenderError("unknown-clause", tfield, str(exc), file, line, column, sample_name, exc.clause_id)
    if isinstance(exc, ClauseMissingLocale):
        return RenderError("clause-locale", tfield, str(exc), file, line, column, sample_name, exc.clause_id)
    if isinstance(exc, TemplateNotFound):
        detail = exc.message if exc.message and exc.message != exc.name else f"snippet '{exc.name}' not found in comms/"
        return RenderError("unknown-snippet", tfield, detail, file, line, column, sample_name, exc.name)
    if isinstance(exc, SecurityError):
        return RenderError("sandbox", tfield, f"blocked by the sandbox: {exc}", file, line, column, sample_name)
    if isinstance(exc, UndefinedError):
        return RenderError("undefined", tfield, str(exc), file, line, column, sample_name)
    if isinstance(exc, TemplateSyntaxError):
        return RenderError("syntax", tfield, exc.message or str(exc), file, line, column, sample_name)
    if isinstance(exc, (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError)):
        return RenderError("runtime", tfield, f"{type(exc).__name__}: {exc}", file, line, column, sample_name)
    return RenderError("runtime", tfield, f"{type(exc).__name__}: {exc}", file, line, column, sample_name)


# ---------------------------------------------------------------- static analysis
@dataclass
class Usage:
    """What a template uses, found without rendering it."""

    paths: set[str] = field(default_factory=set)  # dotted variable paths
    clauses: set[str] = field(default_factory=set)
    snippets: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)
    # what the template may load, for the result cache (direct usage only): every constant
    # include/import/extends name (lists of names too), and whether a name or a clause id is
    # computed (then it may read any template / any clause)
    loads: set[str] = field(default_factory=set)
    any_load: bool = False
    any_clause: bool = False


def analyze(env: ImmutableSandboxedEnvironment, source: str, usage: Usage | None = None, project: Project | None = None, _seen: set | None = None) -> Usage:
    """Collect variable paths, clause ids, snippet names and fact paths a template uses.

    Snippets are followed (their variables count as used by the including template).
    Syntax errors yield an empty usage; they are reported by the syntax rule.
    :meth:`Renderer.usage` is the cached form of this function.
    """
    usage = usage if usage is not None else Usage()
    _seen = _seen if _seen is not None else set()
    try:
        ast = env.parse(source)
    except (TemplateSyntaxError, RecursionError, MemoryError):
        return usage  # reported by template/syntax-error or template/resource-limit
    direct = _direct_usage(ast)
    usage.paths |= direct.paths
    usage.clauses |= direct.clauses
    usage.facts |= direct.facts
    for name in direct.snippets:
        usage.snippets.add(name)
        if project is not None and name not in _seen:
            _seen.add(name)
            text = read_snippet(project, name)
            if text is not None:
                analyze(env, text, usage, project, _seen)
    usage.paths = _longest(usage.paths)
    return usage


def _longest(paths: set[str]) -> set[str]:
    """Only the longest chains: "customer" is implied by "customer.first_name"."""
    return {p for p in paths if not any(q.startswith(p + ".") for q in paths)}


class _Tracking(meta.TrackingCodeGenerator):
    """Jinja's undeclared-name tracker without its constant folding, which rewrites the tree
    in place: the tree is compiled after it is analysed."""

    def __init__(self, environment) -> None:  # noqa: D107 - as TrackingCodeGenerator, optimized=False
        CodeGenerator.__init__(self, environment, "<introspection>", "<introspection>", optimized=False)
        self.undeclared_identifiers: set[str] = set()


_CHAIN = (nodes.Getattr, nodes.Getitem, nodes.Name)
_LOADS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _direct_usage(ast: nodes.Template, roots: set[str] | None = None) -> Usage:
    """What one parsed template uses by itself (snippets named, not followed), in one walk.
    Leaves the tree as it was. ``roots``: its undeclared names, when the compile recorded
    them (else Jinja's tracker finds them)."""
    usage, chains = _walk_usage(ast)
    if roots is None:
        tracker = _Tracking(ast.environment)
        tracker.visit(ast)
        roots = tracker.undeclared_identifiers
    return _with_paths(usage, chains, roots)


def _with_paths(usage: Usage, chains: list[str], roots: set[str]) -> Usage:
    for path in chains:
        root = path.split(".")[0]
        if root in roots and root not in GLOBAL_NAMES:
            usage.paths.add(path)
    usage.paths = _longest(usage.paths)
    return usage


def _walk_usage(ast: nodes.Template) -> tuple[Usage, list[str]]:
    """One walk: the usage without variable paths, and every lookup chain met (to keep those
    whose root is undeclared)."""
    usage = Usage()
    chains: list[str] = []
    clause_names = clause_calls = 0  # `clause` used other than as clause("id"): any clause
    stack: list[nodes.Node] = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, _CHAIN):
            if isinstance(node, nodes.Name) and node.name == "clause" and node.ctx == "load":
                clause_names += 1
            path = _chain(node)
            if path is not None:
                if path.startswith("facts."):
                    usage.facts.add(path)
                elif path != "facts":
                    chains.append(path)
        elif isinstance(node, nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name == "clause":
                clause_calls += 1
                arg = node.args[0] if node.args else None
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    usage.clauses.add(arg.value)
                else:
                    usage.any_clause = True
        elif isinstance(node, _LOADS):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                usage.snippets.add(node.template.value)
            names = _load_names(node.template)
            if names is None:
                usage.any_load = True
            else:
                usage.loads.update(names)
        for name in node.fields:  # nodes.Node.iter_child_nodes, inlined
            value = getattr(node, name, None)
            if isinstance(value, nodes.Node):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, nodes.Node))
    usage.any_clause = usage.any_clause or clause_names > clause_calls
    return usage, chains


def _load_names(template: nodes.Expr) -> list[str] | None:
    """The constant names an include/import/extends loads, or None when a name is computed."""
    if isinstance(template, nodes.Const):
        values = template.value if isinstance(template.value, (list, tuple)) else [template.value]
        return [str(v) for v in values] if all(isinstance(v, str) for v in values) else None
    if isinstance(template, (nodes.List, nodes.Tuple)):
        found: list[str] = []
        for item in template.items:
            names = _load_names(item)
            if names is None:
                return None
            found.extend(names)
        return found
    return None


def _reparsed(env: "_LimitedSandbox", source: str):
    try:
        return env.parse(source), None
    except Exception as exc:
        return None, exc


class _Text:
    """One distinct template text: its direct usage and its compiled template, from one parse.

    ``direct``/``usage_error``: :func:`_direct_usage`, or the exception analysing raised
    (re-raised to every caller, as :func:`analyze` would). ``compiled``: the template, a
    failure tuple (``("syntax", name, message, lineno)`` or ``("nested", message)``)
    for :func:`_compile_error`, or the unexpected exception compiling raised.
    """

    __slots__ = ("direct", "usage_error", "compiled", "usage")

    def __init__(self) -> None:
        self.direct: Usage | None = None
        self.usage_error: BaseException | None = None
        self.compiled: Any = None
        self.usage: Usage | None = None  # set by Renderer.usage (snippets followed)

    def prepare(self, env: "_LimitedSandbox", source: str, compile: bool) -> None:
        try:
            ast, failed = env.parse(source), None
        except Exception as exc:  # sorted out below, as analysis and compilation each did
            ast, failed = None, exc
        if self.direct is None and ast is not None and compile and self.compiled is None:
            # the compile records the undeclared names analysis needs: one code generation
            walked = _walk_usage(ast)  # before compiling, which rewrites the tree
            env.undeclared = set()
            try:
                self.compiled = env.template_from(ast)
                roots = env.undeclared
            except Exception:
                roots = None
            finally:
                env.undeclared = None
            if roots is not None:
                self.direct = _with_paths(*walked, roots)
                return
            ast, failed = _reparsed(env, source)  # the failed compile may have rewritten it
        if self.direct is None:
            if ast is None:
                if not isinstance(failed, (TemplateSyntaxError, RecursionError, MemoryError)):
                    self.usage_error = failed
                self.direct = Usage()
            else:
                try:  # analyse first: compiling rewrites the tree
                    self.direct = _direct_usage(ast)
                except (TemplateSyntaxError, RecursionError, MemoryError):  # compiling reports it
                    self.direct = Usage()
                except Exception as exc:
                    self.direct, self.usage_error = Usage(), exc
        if compile and self.compiled is None:
            try:
                if ast is None:
                    raise failed
                self.compiled = env.template_from(ast)
            except TemplateTooComplex as exc:
                self.compiled = ("nested", exc.message)
            except TemplateSyntaxError as exc:
                self.compiled = ("syntax", exc.name, exc.message or str(exc), exc.lineno)
            except (RecursionError, MemoryError, SyntaxError, ValueError, OverflowError) as exc:
                self.compiled = ("nested", f"the template is nested too deeply to compile ({type(exc).__name__})")
            except Exception as exc:
                self.compiled = exc

    def analysis(self) -> Usage:
        if self.usage_error is not None:
            raise self.usage_error
        return self.direct

    def template(self):
        if isinstance(self.compiled, BaseException):
            raise self.compiled
        return self.compiled


def attribute_chain(node) -> tuple[Any, list[str], list[Any]]:
    """Follow a chain of ``.attr`` and ``[constant]`` lookups down to its base.

    Returns (the base node, the lookup names from the base outwards, the computed subscripts
    met on the way). A computed step (``a[x].b``) ends the path there: what came after it is
    reached through an unknown key, so it is dropped.
    """
    parts: list[str] = []
    computed: list[Any] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, (str, int)) and not isinstance(node.arg.value, bool):
                parts.append(str(node.arg.value))
            else:
                parts.clear()
                computed.append(node.arg)
            node = node.node
        else:
            return node, list(reversed(parts)), computed


def _chain(node) -> str | None:
    """The dotted path a Name/Getattr/Getitem node reads (``customer.first_name``)."""
    base, parts, _ = attribute_chain(node)
    if not isinstance(base, nodes.Name) or base.ctx != "load":
        return None
    return ".".join([base.name, *parts])
