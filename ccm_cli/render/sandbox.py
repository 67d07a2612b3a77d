"""The sandboxed environment templates render in, and its limits.

* ``ImmutableSandboxedEnvironment`` + ``StrictUndefined`` (:class:`.facts.CcmUndefined`): a
  template cannot reach Python internals, mutate data, or silently print an empty value for a
  missing variable.
* Globals: ``clause("id")`` inserts a clause's text for the variant's locale; ``range``,
  ``namespace`` and ``lipsum`` are bounded (:mod:`.limits`). Filters: Jinja's, bounded, and
  ``date``, ``money``, ``number`` (:mod:`.filters`). ``{% include %}`` reads from comms/ only
  (:class:`.snippets.RepoLoader`).
* Every ``{{ expression }}`` is printed between provenance markers issued for it
  (:func:`finalize`, :mod:`.provenance`).
* Resource limits (``limits:`` in ccm.yaml, see :mod:`.budget`): every render has a
  wall-clock deadline — its own ``render_seconds``, or what is left of its comm's
  ``comm_render_seconds`` or of the run's ``run_render_seconds`` (shared by forked workers),
  whichever ends first — and an output budget (``output_chars``). Exceeding one is a
  :class:`.limits.ResourceLimitExceeded`, reported as ``template/resource-limit``; a comm or a
  run past its budget has its remaining renders skipped.
* Template sources are bounded before Jinja compiles them (:data:`MAX_TEMPLATE_CHARS`,
  :data:`MAX_TEMPLATE_DEPTH`): Jinja's parser, its code generator and Python's compiler recurse,
  and a long source costs compile time no render budget sees.

How the limits are enforced, and why this way: ``signal.alarm`` only works in the main thread
and an async exception injected by a watchdog thread cannot stop C code, so the checks are
*cooperative* and live in the sandbox itself (:class:`LimitedSandbox`):

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

import functools
from typing import Any

from jinja2 import TemplateSyntaxError, nodes, pass_context, pass_eval_context
from jinja2.environment import Template, TemplateModule
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from ..scale.lru import BoundedCache
from ..model import language
from .budget import Limits
from .coverage import BRANCH_FILTER, bind_key, mark_branches, record_branch
from .errors import ClauseMissingLocale, ClauseNotFound, TemplateTooComplex
from .facts import CcmUndefined, FactText
from .filters import locale_filters, variant_locale
from .limits import (
    LimitedFormatter, LimitedNamespace, RenderState, ResourceLimitExceeded, budget_var, check_binop, check_filter, check_str_method,
    check_value, concat_operands, guard_iter, limited_lipsum, limited_range, refuse_size, tick,
)
from .provenance import Captured, Formatted, Issued, Span, captured, legacy_wrap, split, strip
from .shared_code import LITERALS, LiteralsAsData, shape
from .snippets import RepoLoader

# Template sources are bounded before Jinja parses them: parsing and compiling cost time that
# no render budget sees, and Jinja's visitors recurse once per level of the tree.
MAX_TEMPLATE_CHARS = 100_000
MAX_TEMPLATE_DEPTH = 100


class ClauseText(Captured):
    """A clause's rendered text (as a reader reads it; ``_raw`` keeps its markers)."""

    clause_id: str = ""


def environment(renderer) -> LimitedSandbox:
    """The sandbox of a project's renderer (``renderer``: its ``project``, and its
    ``render_text`` that ``clause()`` renders a clause's text with)."""
    project = renderer.project
    env = LimitedSandbox(undefined=CcmUndefined, autoescape=False, loader=RepoLoader(project), finalize=finalize,
                         keep_trailing_newline=False)
    env.filters.update(locale_filters(project.config.get("currency"), project.default_locale))
    env.filters = {name: _guard_filter(name, func) for name, func in env.filters.items()}
    env.filters.update(_ccm_guard_iter=guard_iter, _ccm_concat=concat_operands)
    env.filters[BRANCH_FILTER] = record_branch  # branch coverage (:mod:`.coverage`)
    env.globals.update(range=limited_range, namespace=LimitedNamespace, lipsum=limited_lipsum(env.globals["lipsum"]))
    env.globals["clause"] = _clause_global(renderer)
    return env


def _guard_filter(name: str, func):
    """Wrap a filter so its input, its size arguments and its result stay inside the limits."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        tick()
        for arg in (*args[skip:], *kwargs.values()):
            check_value(arg, f"|{name}'s input")
        if len(args) > skip:
            value = check_filter(name, args[skip], args[skip + 1 :], kwargs)
            if value is not args[skip]:
                args = (*args[:skip], value, *args[skip + 1 :])
        return check_value(func(*args, **kwargs), f"|{name}'s result")

    return guarded


def _clause_global(renderer):
    @pass_context
    def clause(ctx, clause_id: str) -> ClauseText:
        found = renderer.project.clauses.get(str(clause_id))
        if found is None:
            raise ClauseNotFound(str(clause_id))
        locale = variant_locale.get()
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
def finalize(eval_ctx, value: Any) -> str:
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
    check_value(value, "an expression's value")
    budget = budget_var.get()
    if budget is None:  # a renderer outside a budget (the runtime): no registry to issue from
        return legacy_wrap(kind, ref, "" if value is None else str(value))
    text = "" if value is None else str(value._raw if isinstance(value, Captured) and value._raw is not None else value)
    # what macros and blocks buffer is invisible to the streamed output
    budget.produced += len(text)
    if budget.produced > 10 * budget.output_chars:
        raise ResourceLimitExceeded(f"the template produced more than {10 * budget.output_chars:,} characters of text")
    return budget.issued.wrap(kind, ref, text) if text else ""


# ---------------------------------------------------------------- the environment
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
    branch_key = None  # the key its branches record under (:mod:`.coverage`)

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):  # noqa: A002 - Jinja's signature
        template = super()._from_namespace(environment, namespace, globals)
        template.branch_key = bind_key(namespace)
        return template

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


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with time and size budgets (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _Recording
    template_class = _CcmTemplate
    undeclared: set[str] | None = None  # set while compiling to collect undeclared names
    SHAPES = 1024  # template shapes whose code is kept (about 19 KB each)

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self._shapes: BoundedCache[tuple] = BoundedCache(self.SHAPES)  # shape key -> (code, roots)

    def make_globals(self, d):
        """A template's globals as one flat dict. Jinja chains them to the environment's
        (a ``ChainMap``) so that globals added later show; ours are all set before the first
        template (:func:`environment`), and every render copies the globals into its context:
        iterating the chain each time cost 2 % of a lint."""
        return {**self.globals, **(d or {})}

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
            generator.visit(_GuardLoops().visit(mark_branches(ast)))
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
        refuse_size(sum(len(p) for p in parts), "a macro's or block's text")
        return captured("".join(parts))

    def _generate(self, source, name, filename, defer_init=False):  # _compile_recording does the same
        return super()._generate(_GuardLoops().visit(mark_branches(source)), name, filename, defer_init)

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
            return check_value(type(text)(formatter.vformat(text, args, kwargs)), "str.format's result")

        return functools.update_wrapper(limited, value)

    def call_binop(self, context, operator, left, right):
        tick()
        check_binop(operator, left, right)
        return check_value(super().call_binop(context, operator, left, right), f"'{operator}' result")

    def getattr(self, obj, attribute):
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - mirrors Jinja's signature
        tick()
        for arg in (*args, *kwargs.values()):
            check_value(arg, "an argument")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = check_str_method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return check_value(ImmutableSandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs), "a call's result")


# ---------------------------------------------------------------- rendering within the limits
class _Rendered(str):
    """The raw output of a top-level render, with the provenance tokens it issued
    (``issued``) for :func:`split_provenance`."""

    issued: Issued | None = None


def render_raw(compiled, context: dict, limits: Limits, deadline: float | None = None, reason: str = "render") -> tuple[str, Issued | None]:
    """(raw output, the provenance tokens it issued): rendered within the time and output
    budget. Nested renders (clauses) share the outer render's budget and tokens (None).
    ``deadline``/``reason``: from :meth:`.budget.RenderBudget.deadline` (default:
    ``render_seconds`` from now)."""
    outer = budget_var.get()
    state = outer if outer is not None else RenderState(limits, deadline, reason)
    token = budget_var.set(state) if outer is None else None
    try:
        limit = state.output_chars
        out: list[str] = []
        size = 0
        for chunk in compiled.generate(context):
            size += len(chunk)
            if size > limit:
                raise ResourceLimitExceeded(f"the output is longer than the output_chars limit ({limit:,})")
            tick()
            out.append(chunk)
        return "".join(out), (state.issued if outer is None else None)
    finally:
        if token is not None:
            budget_var.reset(token)


def render_limited(compiled, context: dict, limits: Limits, deadline: float | None = None, reason: str = "render") -> str:
    """:func:`render_raw` as one string: a top-level render returns a :class:`_Rendered`
    that carries its tokens, for :func:`split_provenance`."""
    raw, issued = render_raw(compiled, context, limits, deadline, reason)
    if issued is None:
        return raw
    rendered = _Rendered(raw)
    rendered.issued = issued
    return rendered


def split_provenance(raw: str) -> tuple[str, list[Span]]:
    """Remove the markers from rendered output and return (text, spans): only markers this
    render issued, around the text they were issued for (see :mod:`.provenance`)."""
    return split(raw, getattr(raw, "issued", None))
