"""What every rule module shares: the lint context, helpers to build located findings, and
the rule protocol — what a rule declares, from which the engine (:mod:`ccm_cli.linter`) derives
what to give it, when to run it and when a stored result of it is stale.

A rule module is complete on its own (see CONTRIBUTING.md)::

    \"\"\"<docstring = user documentation: What it checks / Why / Bad / Good>\"\"\"
    ID = "channel/sms-length"
    CATEGORY = "channel"       # the rule's folder under rules/
    SEVERITY = "error"
    SCOPE = "variant"          # what check() is given, below
    OPTIONS = {...}            # what it reads from brand/guidelines.yaml (rules/options.py)
    def check(target, ctx): ...  # yields Findings (TextProblems for "text" and "sentences")

``SCOPE``:

* ``"text"``: a :class:`ccm_cli.text_rules.TextTarget`, one rendered field as the reader reads
  it; ``"sentences"``: the same, for fields that are sentences, its ``prose`` with the lines
  that are not (salutation, sign-off, URL-only lines) masked;
* ``"ja"``: ``check_text(doc, options)`` on a tokenised Japanese document (textlint's
  interface); ``SENTENCES = True``: of the sentences only; ``BLOCK_LOCAL = True``: it judges
  each block on its own;
* ``"variant"``, ``"comm"``: a rendered :class:`Variant`, a :class:`Comm` (a comm rule may add
  ``check_repository(project, ctx)`` for the files that belong to no comm);
* ``"project"``: the whole :class:`Project`, once per run.

What a rule reads beyond its target, it declares:

* ``today_key(project, today) -> str``: its findings depend on the lint date (the context's ``today``);
  the key says what about the date matters (the clause rules: which clauses are in force). A
  stored result stays valid while every enabled rule's key stays the same.
* ``digest(comm, ctx)``: a ``"project"`` rule that compares comms reads each comm through
  ``ctx.digest(rule, comm)``: what it sees of one comm, JSON-able, stored with the comm's
  results so a warm run compares comms without rendering them.
* ``affected(change, digests) -> set[str] | None``: for ``--changed-only``, the ids of the comms
  whose findings of this rule a change can alter besides those whose own files or rendering
  changed (``None``: every comm). ``change`` is a :class:`ccm_cli.incremental.Change`;
  ``digests(project, comms)`` this rule's digests of those comms in one version of the
  repository (stored ones where the store has them, else computed).
* ``SUPPRESSIBLE = False``: its findings are never waived by a ``lint.ignore`` entry.
"""

from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from ..findings import Finding, Severity
from ..model import Comm, Project, TemplateField
from ..render import RenderedField, Renderer, Usage, Variant
from ..yamlio import YamlDoc


@dataclass
class LintContext:
    """Shared state of one lint run; rules read it, never print."""

    project: Project
    renderer: Renderer
    today: _dt.date = field(default_factory=_dt.date.today)
    base: Project | None = None  # the project at --base REF; only project-scope rules may read it
    wanted: set[str] | None = None  # comm ids this run reports (None: all); project rules may skip others
    variants: dict[str, list[Variant]] = field(default_factory=dict)  # comm id -> variants
    memo: dict[Any, Any] = field(default_factory=dict)
    digests: dict[tuple[str, str], Any] = field(default_factory=dict)  # (rule id, comm id) -> digest

    def __post_init__(self) -> None:
        from .. import user_regex

        user_regex.start_run()  # a new run: the budget of the expressions guidelines and styles supply

    def digest(self, rule: ModuleType, comm: Comm) -> Any:
        """A cross-comm rule's per-comm digest: from this run or the cache, else computed
        (which may render the comm)."""
        key = (rule.ID, comm.id)
        if key not in self.digests:
            self.digests[key] = rule.digest(comm, self)
        return self.digests[key]

    def variants_of(self, comm: Comm) -> list[Variant]:
        """The rendered variants of any comm (rendered on demand when the run skipped it)."""
        if comm.id not in self.variants:
            self.variants[comm.id] = self.renderer.render_comm(comm)
        return self.variants[comm.id]

    def usage(self, tfield: TemplateField) -> Usage:
        key = ("usage", id(tfield))
        if key not in self.memo:
            self.memo[key] = self.renderer.usage(tfield.source)
        return self.memo[key]

    def comm_usage(self, comm: Comm) -> Usage:
        """Everything the comm's templates use, including the clauses they insert."""
        key = ("comm-usage", comm.id, id(comm))
        if key in self.memo:
            return self.memo[key]
        total = Usage()
        for tfield in comm.fields:
            usage = self.usage(tfield)
            total.paths |= usage.paths
            total.clauses |= usage.clauses
            total.snippets |= usage.snippets
            total.facts |= usage.facts
            for clause_id in usage.clauses:
                clause = self.project.clauses.get(clause_id)
                text = clause.texts.get(tfield.locale) if clause else None
                if text is not None:
                    inner = self.usage(text)
                    total.paths |= inner.paths
                    total.facts |= inner.facts
        self.memo[key] = total
        return total


def make(
    rule: ModuleType | str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    comm: Comm | str | None = None,
    locale: str | None = None,
    channel: str | None = None,
    excerpt: str | None = None,
    fix: str | None = None,
    severity: str | Severity | None = None,
) -> Finding:
    """Build a finding for ``rule`` (a rule module, or its ``__name__``)."""
    if isinstance(rule, str):
        rule = sys.modules[rule]
    level = severity if severity is not None else rule.SEVERITY
    if isinstance(level, str):
        level = Severity.parse(level)
    comm_id = comm.id if isinstance(comm, Comm) else comm
    return Finding(
        rule=rule.ID,
        category=rule.CATEGORY,
        severity=level,
        message=message,
        file=file,
        line=line,
        column=column,
        comm=comm_id,
        locale=locale,
        channel=channel,
        excerpt=_short(excerpt),
        fix=fix,
    )


def at_doc(doc: YamlDoc, path: tuple, key: bool = False) -> dict:
    """``file``/``line``/``column`` keyword arguments for a value (or its key) in a YAML file."""
    line, column = doc.key_position(path) if key else doc.position(path)
    return {"file": doc.rel, "line": line, "column": column}


def at_field(tfield: TemplateField, offset: int = 0) -> dict:
    """Location of character ``offset`` of a template's source text."""
    line, column = tfield.origin.locate(offset)
    return {"file": tfield.origin.file, "line": line, "column": column}


def at_rendered(rendered: RenderedField, start: int, end: int, project: Project) -> dict:
    """Where the writer typed the rendered text ``[start, end)``.

    The rendered excerpt is looked up in the template source (the n-th occurrence in the
    writer's text is the n-th in the source); text from a snippet is looked up in the snippet
    file. When it cannot be found (it was built by an expression), the field's start is used.
    """
    tfield = rendered.field
    excerpt = rendered.text[start:end]
    for span in rendered.spans:
        if span.kind == "snippet" and span.start <= start and end <= span.end:
            return _in_snippet(project.snippets, span, excerpt) or at_field(tfield)
    if excerpt:
        nth = _occurrence(rendered, start, excerpt)
        found = _nth_find(tfield.source, excerpt, nth)
        if found < 0:
            found = tfield.source.find(excerpt)
        if found >= 0:
            return at_field(tfield, found)
    return at_field(tfield)


def _occurrence(rendered: RenderedField, start: int, excerpt: str) -> int:
    count, pos = 0, rendered.text.find(excerpt)
    while 0 <= pos < start:
        if rendered.writer_typed(pos, pos + len(excerpt)):
            count += 1
        pos = rendered.text.find(excerpt, pos + 1)
    return count


def _nth_find(text: str, needle: str, nth: int) -> int:
    pos = text.find(needle)
    while pos >= 0 and nth > 0:
        pos = text.find(needle, pos + 1)
        nth -= 1
    return pos


def _in_snippet(snippets: dict[str, str], span, excerpt: str) -> dict | None:
    from ..model import FileOrigin

    source = snippets.get(span.ref)
    if source is None:
        return None
    rel = f"comms/{span.ref}"
    line, column = FileOrigin(rel, source).locate(max(source.find(excerpt), 0))
    return {"file": rel, "line": line, "column": column}


def _short(text: str | None, limit: int = 80) -> str | None:
    if text is None:
        return None
    text = text.replace("\n", " ").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
