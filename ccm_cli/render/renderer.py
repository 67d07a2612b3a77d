"""The renderer: every comm × locale × channel × sample of a project, rendered in the sandbox.

One :class:`Renderer` per project holds the sandboxed environment (:mod:`.sandbox`), the facts
resolved per locale (:mod:`.facts`), the run's render budget (:mod:`.budget`) and a cache of
every distinct template text, parsed once for both its analysis (:mod:`.usage`) and its
compilation (:mod:`.shared_code`).
"""

from __future__ import annotations

import time
from typing import Any

from jinja2 import TemplateSyntaxError

from ..scale.lru import BoundedCache
from ..model import Comm, Project, Sample, TemplateField
from .budget import Limits, RenderBudget, explain
from .coverage import start_recording, stop_recording
from .errors import TemplateTooComplex, budget_error, compile_error, runtime_error
from .facts import FactTree, resolve_facts
from .filters import variant_locale
from .limits import ResourceLimitExceeded, budget_var
from .provenance import DataText, split
from .results import RenderedField, RenderError, Variant
from .sandbox import LimitedSandbox, environment, render_limited, render_raw
from .usage import Usage, direct_usage, transitive_usage, walk, with_paths


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
        self.env = environment(self)
        self._compiled: dict[int, Any] = {}  # id(field) -> template or RenderError (see forget)
        self._data_texts: dict[tuple[int, str], tuple[dict, DataText]] = {}  # (id(data), locale) -> what it can insert
        self._texts: BoundedCache[_Text] = BoundedCache(self.TEXTS)
        self._facts: dict[str, FactTree] = {}

    # -- facts
    def facts(self, locale: str) -> FactTree:
        if locale not in self._facts:
            self._facts[locale] = resolve_facts(self.project.facts, locale, self.project.default_locale, "facts")
        return self._facts[locale]

    # -- parse once: analysis and compilation of one template text
    def _text(self, source: str, compile: bool = True, comm_id: str | None = None) -> _Text:
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
        """What a template text uses, snippets followed (see :func:`.usage.analyze`); cached
        by text, shared between callers: do not modify the result."""
        text = self._text(source)
        if text.usage is None:
            text.usage = transitive_usage(self.project, source, self.direct_usage)
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
                    return budget_error("skipped", tfield, explain(spent, self.limits), None)
            compiled = self._text(tfield.source, comm_id=tfield.comm_id).template()
            if isinstance(compiled, tuple):
                compiled = compile_error(tfield, compiled)
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
        token = variant_locale.set(locale)
        variant.branches, recorded = start_recording()
        try:
            budget = self.budget
            for tfield in comm.fields_for(locale, channel):
                asked = time.monotonic()
                deadline, reason = budget.window(comm.id, asked)
                if deadline <= asked:  # the comm's or the run's budget is spent: one finding per comm
                    kind = "skipped" if comm.id in self._skipped else "resource-limit"
                    self._skipped.add(comm.id)
                    variant.errors.append(budget_error(kind, tfield, explain(reason, self.limits), sample, comm))
                    continue
                compiled = self.compile(tfield)
                if isinstance(compiled, RenderError):
                    variant.errors.append(compiled)
                    continue
                started = time.monotonic()
                if started - asked > 0.001:  # it compiled: what it cost is charged, the render starts now
                    deadline, reason = budget.window(comm.id, started)
                try:
                    raw, issued = render_raw(compiled, context, self.limits, deadline, reason)
                except Exception as exc:  # every template failure becomes a finding
                    error = runtime_error(tfield, exc, sample)
                    if isinstance(exc, ResourceLimitExceeded) and reason != "render" and time.monotonic() > deadline:
                        if reason == "run":
                            budget.mark_exhausted()
                        kind = "skipped" if comm.id in self._skipped else "resource-limit"
                        error = budget_error(kind, tfield, error.message, sample, comm)
                        self._skipped.add(comm.id)
                    variant.errors.append(error)
                    continue
                finally:
                    budget.charge(comm.id, time.monotonic() - started)
                text, spans = split(raw, issued)
                variant.fields[tfield.name] = RenderedField(tfield, text, shown.refine(text, spans))
        finally:
            stop_recording(recorded)
            variant_locale.reset(token)
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
        """Render one template to its raw output (markers included:
        :func:`.sandbox.split_provenance` takes them out); used by clause insertion. Inside a
        render it shares that render's budget; on its own it draws from the run's."""
        compiled = self.compile(tfield)
        if isinstance(compiled, RenderError):
            if compiled.kind == "skipped":
                raise ResourceLimitExceeded(compiled.message)
            raise TemplateSyntaxError(compiled.message, compiled.line or 1)
        if budget_var.get() is not None:
            return render_limited(compiled, data, self.limits)
        spent = self.budget.spent_by(None)
        if spent is not None:
            raise ResourceLimitExceeded(explain(spent, self.limits))
        started = time.monotonic()
        try:
            return render_limited(compiled, data, self.limits, *self.budget.deadline(None, started))
        finally:
            self.budget.charge(None, time.monotonic() - started)


def _reparsed(env: LimitedSandbox, source: str):
    try:
        return env.parse(source), None
    except Exception as exc:
        return None, exc


class _Text:
    """One distinct template text: its direct usage and its compiled template, from one parse.

    ``direct``/``usage_error``: :func:`.usage.direct_usage`, or the exception analysing raised
    (re-raised to every caller, as :func:`.usage.analyze` would). ``compiled``: the template, a
    failure tuple (``("syntax", name, message, lineno)`` or ``("nested", message)``)
    for :func:`.errors.compile_error`, or the unexpected exception compiling raised.
    """

    __slots__ = ("direct", "usage_error", "compiled", "usage")

    def __init__(self) -> None:
        self.direct: Usage | None = None
        self.usage_error: BaseException | None = None
        self.compiled: Any = None
        self.usage: Usage | None = None  # set by Renderer.usage (snippets followed)

    def prepare(self, env: LimitedSandbox, source: str, compile: bool) -> None:
        try:
            ast, failed = env.parse(source), None
        except Exception as exc:  # sorted out below, as analysis and compilation each did
            ast, failed = None, exc
        if self.direct is None and ast is not None and compile and self.compiled is None:
            # the compile records the undeclared names analysis needs: one code generation
            walked = walk(ast)  # before compiling, which rewrites the tree
            env.undeclared = set()
            try:
                self.compiled = env.template_from(ast)
                roots = env.undeclared
            except Exception:
                roots = None
            finally:
                env.undeclared = None
            if roots is not None:
                self.direct = with_paths(*walked, roots)
                return
            ast, failed = _reparsed(env, source)  # the failed compile may have rewritten it
        if self.direct is None:
            if ast is None:
                if not isinstance(failed, (TemplateSyntaxError, RecursionError, MemoryError)):
                    self.usage_error = failed
                self.direct = Usage()
            else:
                try:  # analyse first: compiling rewrites the tree
                    self.direct = direct_usage(ast)
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
