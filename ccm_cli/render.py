"""Render templates in Jinja2's sandbox, per comm × locale × channel × sample.

* ``ImmutableSandboxedEnvironment`` + ``StrictUndefined``: a template cannot reach Python
  internals, mutate data, or silently print an empty value for a missing variable.
* ``facts`` is ``brand/facts.yaml`` resolved for the variant's locale; ``clause("id")`` inserts
  a clause; ``{% include "_snippets/x.j2" %}`` reads a snippet, never outside the repository.
* Provenance: every ``{{ expression }}``, clause and snippet is wrapped in invisible markers
  while rendering; :func:`_split_provenance` removes them and keeps *spans* saying which part
  of the output came from a fact, a clause, a variable or a snippet. Rules use the spans to
  tell the writer's own text from inserted text.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import traceback
from dataclasses import dataclass, field
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .model import Comm, Project, Sample, TemplateField, language

# Markers: OPEN kind:ref SEP ... CLOSE. Private-use code points that never occur in copy.
OPEN, SEP, CLOSE = "\U0010fff0", "\U0010fff1", "\U0010fff2"
MARKERS = (OPEN, SEP, CLOSE)
GLOBAL_NAMES = frozenset({"facts", "clause", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "self", "varargs", "kwargs", "caller"})
_variant_locale: contextvars.ContextVar[str] = contextvars.ContextVar("ccm_locale", default="")


# ---------------------------------------------------------------- value types with provenance
class FactText(str):
    """A string that came from brand/facts.yaml (``path`` is its dotted path)."""

    path: str = ""


class ClauseText(str):
    """A clause's rendered text."""

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


# ---------------------------------------------------------------- results
@dataclass(frozen=True)
class Span:
    """A part of the output that the writer did not type inline: ``kind`` is
    ``fact``, ``clause``, ``variable``, ``expression`` or ``snippet``; ``ref`` names it."""

    start: int
    end: int
    kind: str
    ref: str


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
    unknown-snippet, sandbox or runtime; ``line`` is the 1-based line in ``file``."""

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
        return f"{OPEN}snippet:{name}{SEP}{source}{CLOSE}", f"comms/{name}", lambda: True


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
    """One sandboxed environment per project; compiled templates are reused across samples."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.env = ImmutableSandboxedEnvironment(
            undefined=CcmUndefined,
            autoescape=False,
            loader=_RepoLoader(project),
            finalize=_finalize,
            keep_trailing_newline=False,
        )
        self.env.filters.update(date=_date_filter, money=self._money_filter, number=_number_filter)
        self.env.globals["clause"] = _clause_global(self)
        self._compiled: dict[int, Any] = {}
        self._facts: dict[str, FactTree] = {}

    # -- facts
    def facts(self, locale: str) -> FactTree:
        if locale not in self._facts:
            self._facts[locale] = _resolve_facts(self.project.facts, locale, self.project.default_locale, "facts")
        return self._facts[locale]

    # -- compile
    def compile(self, tfield: TemplateField):
        """The compiled template, or a :class:`RenderError` for a syntax error."""
        key = id(tfield)
        if key not in self._compiled:
            try:
                self._compiled[key] = self.env.from_string(tfield.source)
            except TemplateSyntaxError as exc:
                self._compiled[key] = _syntax_error(tfield, exc)
        return self._compiled[key]

    # -- render
    def render_variant(self, comm: Comm, locale: str, channel: str, sample: Sample | None) -> Variant:
        variant = Variant(comm, locale, channel, sample)
        data = sample.data if sample is not None and isinstance(sample.data, dict) else {}
        context = dict(data)
        context["facts"] = self.facts(locale)
        token = _variant_locale.set(locale)
        try:
            for tfield in comm.fields_for(locale, channel):
                compiled = self.compile(tfield)
                if isinstance(compiled, RenderError):
                    variant.errors.append(compiled)
                    continue
                try:
                    raw = compiled.render(context)
                except Exception as exc:  # every template failure becomes a finding
                    variant.errors.append(_runtime_error(tfield, exc, sample))
                    continue
                text, spans = _split_provenance(raw)
                variant.fields[tfield.name] = RenderedField(tfield, text, spans)
        finally:
            _variant_locale.reset(token)
        return variant

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
        """Render one template to plain text (no provenance); used by clause insertion."""
        compiled = self.compile(tfield)
        if isinstance(compiled, RenderError):
            raise TemplateSyntaxError(compiled.message, compiled.line or 1)
        return compiled.render(data)

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
        babel_locale = locale.replace("-", "_")
        if language(locale) == "ja" and currency == "JPY":
            return f"{format_decimal(value, format='#,##0', locale=babel_locale)}円"
        return format_currency(value, currency, locale=babel_locale)


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
        text = ClauseText(renderer.render_text(tfield, ctx.get_all(), locale).rstrip("\n"))
        text.clause_id = found.id
        return text

    return clause


def _finalize(value: Any) -> str:
    if isinstance(value, ClauseText):
        kind, ref = "clause", value.clause_id
    elif isinstance(value, FactText):
        kind, ref = "fact", value.path
    else:
        kind, ref = "expression", ""
    text = "" if value is None else str(value)
    return f"{OPEN}{kind}:{ref}{SEP}{text}{CLOSE}"


def _split_provenance(raw: str) -> tuple[str, list[Span]]:
    """Remove the markers from rendered output and return (text, spans)."""
    if OPEN not in raw:
        return raw, []
    out: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str, str, int]] = []
    length = 0
    i = 0
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch == OPEN:
            sep = raw.find(SEP, i)
            tag = raw[i + 1 : sep]
            kind, _, ref = tag.partition(":")
            stack.append((kind, ref, length))
            i = sep + 1
            continue
        if ch == CLOSE:
            if stack:
                kind, ref, start = stack.pop()
                if length > start:
                    spans.append(Span(start, length, kind, ref))
            i += 1
            continue
        j = i
        while j < n and raw[j] not in (OPEN, CLOSE):
            j += 1
        out.append(raw[i:j])
        length += j - i
        i = j
    return "".join(out), sorted(spans, key=lambda s: (s.start, -s.end))


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


def _date_filter(value: Any, format: str | None = None) -> str:
    """ISO date -> the variant locale's date: 'Mar 1, 2026' / '2026年3月1日'."""
    from babel.dates import format_date

    locale = _variant_locale.get() or "en-US"
    style = format or ("long" if language(locale) == "ja" else "medium")
    return format_date(_parse_date(value), format=style, locale=locale.replace("-", "_"))


def _number_filter(value: Any) -> str:
    from babel.numbers import format_decimal

    locale = _variant_locale.get() or "en-US"
    return format_decimal(value, locale=locale.replace("-", "_"))


# ---------------------------------------------------------------- errors
def _syntax_error(tfield: TemplateField, exc: TemplateSyntaxError) -> RenderError:
    if exc.name:  # error inside an included snippet
        return RenderError("syntax", tfield, exc.message or str(exc), f"comms/{exc.name}", exc.lineno)
    line, column = _template_line_position(tfield, exc.lineno)
    return RenderError("syntax", tfield, exc.message or str(exc), tfield.origin.file, line, column)


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
    if isinstance(exc, (RecursionError, MemoryError, OverflowError)):
        return RenderError("sandbox", tfield, f"template exceeded a resource limit ({type(exc).__name__})", file, line, column, sample_name)
    return RenderError("runtime", tfield, f"{type(exc).__name__}: {exc}", file, line, column, sample_name)


# ---------------------------------------------------------------- static analysis
@dataclass
class Usage:
    """What a template uses, found without rendering it."""

    paths: set[str] = field(default_factory=set)  # dotted variable paths
    clauses: set[str] = field(default_factory=set)
    snippets: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)


def analyze(env: ImmutableSandboxedEnvironment, source: str, usage: Usage | None = None, project: Project | None = None, _seen: set | None = None) -> Usage:
    """Collect variable paths, clause ids, snippet names and fact paths a template uses.

    Snippets are followed (their variables count as used by the including template).
    Syntax errors yield an empty usage; they are reported by the syntax rule.
    """
    from jinja2 import meta

    usage = usage if usage is not None else Usage()
    _seen = _seen if _seen is not None else set()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError:
        return usage
    roots = meta.find_undeclared_variables(ast)
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        path = _chain(node)
        if path is None:
            continue
        root = path.split(".")[0]
        if root == "facts":
            if "." in path:
                usage.facts.add(path)
        elif root in roots and root not in GLOBAL_NAMES:
            usage.paths.add(path)
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "clause" and call.args:
            arg = call.args[0]
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                usage.clauses.add(arg.value)
    for include in ast.find_all(nodes.Include):
        if isinstance(include.template, nodes.Const) and isinstance(include.template.value, str):
            name = include.template.value
            usage.snippets.add(name)
            if project is not None and name not in _seen:
                _seen.add(name)
                text = read_snippet(project, name)
                if text is not None:
                    analyze(env, text, usage, project, _seen)
    # keep only the longest chains: "customer" is implied by "customer.first_name"
    usage.paths = {p for p in usage.paths if not any(q.startswith(p + ".") for q in usage.paths)}
    return usage


def _chain(node) -> str | None:
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                parts.append(node.arg.value)
                node = node.node
            else:
                parts.clear()
                node = node.node
        elif isinstance(node, nodes.Name):
            if node.ctx != "load":
                return None
            parts.append(node.name)
            return ".".join(reversed(parts))
        else:
            return None
