"""Text rules: run writing rules on the text a customer reads, report where the writer typed it.

A *text target* is one rendered field of one variant (or a loose prose file). It offers the
views rules need — the plain text, the Markdown-aware prose, the prose with non-sentences
masked, a tokenised Japanese document — each built once and shared by every rule. Many
targets of a run read the same text (a subject shared by every sample, a body without a
salutation whose sentence view is the whole text), so a view is built once per distinct text.

Three kinds of rule plug in here, by ``SCOPE`` (see :mod:`ccm_cli.rules.base`):

* ``"text"``: ``check(target, ctx)`` yielding :class:`TextProblem` whose offsets index
  ``target.text``; ``extra`` may carry ``severity`` and ``rule`` (Vale names);
* ``"sentences"``: the same, for the fields that are sentences, with ``target.prose`` the
  sentence view (salutations, sign-offs, URL-only lines masked: :mod:`ccm_cli.text.not_prose`,
  which also names the ranges inside a text that are no one's prose);
* ``"ja"``: ``check_text(doc: JaDocument, options)`` (textlint-compatible), run when
  brand/guidelines.yaml turns the rule on; ``SENTENCES = True``: on the sentence view.

Text that came from a clause is masked (it belongs to legal, not to the writer); a problem
lying entirely inside a fact, a variable or any other inserted value is dropped: the writer
did not type it. Everything else is located in the YAML or template file the writer edited.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterator

from .findings import Finding, Severity, TextProblem
from .model import FileOrigin, Origin, language
from .render import RenderedField, Variant
from .rules.base import at_rendered, make
from .text.not_prose import non_sentence_lines
from .user_regex import PatternTooSlow

if TYPE_CHECKING:
    from .scale.lru import BoundedCache

# Fields that are never judged as sentences (SPEC 2.4): a subject line is not a sentence.
NON_SENTENCE_FIELDS = frozenset({"subject", "preheader", "title", "headline", "cta"})
MARKDOWN_FIELDS = frozenset({("email", "body"), ("letter", "body"), ("web", "body")})

def _mask(text: str, ranges) -> str:
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


@dataclass
class TextTarget:
    """One text to check: a rendered field of a variant, or a loose prose file."""

    text: str  # clause text masked with spaces; offsets equal the rendered text's
    locale: str
    channel: str | None
    field_name: str
    category: str | None = None
    variant: Variant | None = None
    rendered: RenderedField | None = None
    origin: FileOrigin | None = None  # loose prose files
    markdown: bool = True

    @classmethod
    def for_field(cls, variant: Variant, name: str, rendered: RenderedField) -> "TextTarget":
        clauses = [(s.start, s.end) for s in rendered.spans if s.kind == "clause"]
        return cls(
            text=_mask(rendered.text, clauses),
            locale=variant.locale,
            channel=variant.channel,
            field_name=name,
            category=variant.comm.category,
            variant=variant,
            rendered=rendered,
            markdown=(variant.channel, name) in MARKDOWN_FIELDS,
        )

    @classmethod
    def for_file(cls, rel: str, text: str, locale: str, markdown: bool = True) -> "TextTarget":
        return cls(text=text, locale=locale, channel=None, field_name="body", origin=FileOrigin(rel, text), markdown=markdown)

    @property
    def language(self) -> str:
        return language(self.locale)

    @property
    def identity(self) -> tuple:
        """Everything a rule's verdict on this target depends on: the text, where it is read
        (locale, channel, field, the comm's category), whether it is Markdown, and which
        parts of it were inserted rather than typed. Targets alike in these are judged alike."""
        spans = tuple((s.kind, s.start, s.end, s.ref) for s in self.rendered.spans) if self.rendered is not None else ()
        return (self.text, self.locale, self.channel, self.field_name, self.category, self.markdown, spans)

    @property
    def is_sentences(self) -> bool:
        return self.field_name not in NON_SENTENCE_FIELDS

    @cached_property
    def prose(self):
        """The reader's text (Markdown removed for Markdown fields)."""
        return _prose_of(self.text, self.markdown)

    @cached_property
    def sentence_prose(self):
        """Like :attr:`prose`, with salutations, sign-offs and URL-only lines masked;
        ``None`` for fields that are never sentences (subject, preheader, title, ...)."""
        if not self.is_sentences:
            return None
        return _prose_of(_mask(self.text, non_sentence_lines(self.text, self.language)), self.markdown)

    def sentences(self) -> "TextTarget":
        """The target as a ``"sentences"`` rule reads it: the same text, its :attr:`prose` the
        :attr:`sentence_prose` (only for a field that :attr:`is_sentences`)."""
        view = self.__dict__.get("_sentences")
        if view is None:
            view = self.__dict__["_sentences"] = dataclasses.replace(self)
            view.__dict__["prose"] = self.sentence_prose
        return view

    def ja_doc(self, sentences: bool = False):
        """The tokenised Japanese document (once per view, shared by every ja rule). Kept by
        the target, not as a view of the shared prose: the document refers to its prose, and
        the cycle would leave both for the garbage collector instead of reference counting."""
        from .text.ja import JaDocument

        prose = self.sentence_prose if sentences else self.prose
        if prose is None:
            return None
        docs = self.__dict__.setdefault("_ja_docs", {})  # id(prose) -> document; the prose lives as long
        doc = docs.get(id(prose))
        if doc is None:
            doc = docs[id(prose)] = JaDocument(prose.text, prose)
        return doc

    def writer_typed(self, start: int, end: int) -> bool:
        if self.rendered is None:
            return True
        if end <= start:
            end = start + 1
        for span in self.rendered.spans:
            if span.kind != "snippet" and span.start <= start and end <= span.end:
                return False
        return True

    def location(self, start: int, end: int, project) -> dict:
        if self.origin is not None:
            line, column = self.origin.locate(start)
            return {"file": self.origin.file, "line": line, "column": column}
        return at_rendered(self.rendered, start, end, project)


@lru_cache(maxsize=1024)
def _prose_of(text: str, markdown: bool):
    """The reader's view of ``text``, built once per distinct text (a Prose is never changed)."""
    from .text.markdown import plain_prose, to_prose

    return to_prose(text) if markdown else plain_prose(text)


def text_targets(variant: Variant) -> Iterator[TextTarget]:
    for name, rendered in variant.fields.items():
        yield TextTarget.for_field(variant, name, rendered)


# what an expression reads as in the text of a branch no sample renders (its value is unknown)
PLACEHOLDER = {"ja": "〇〇"}
PLACEHOLDER_DEFAULT = "X"


class _SourceOrigin(Origin):
    """Offsets in the text of an unrendered branch, located in the template it was typed in:
    ``starts`` maps where each literal piece starts in the text to its offset in the source."""

    def __init__(self, tfield, starts: list[tuple[int, int]]) -> None:
        self.tfield, self.starts = tfield, starts
        self.file = tfield.origin.file

    def locate(self, offset: int) -> tuple[int, int]:
        source = self.starts[0][1] if self.starts else 0
        for text_at, source_at in self.starts:
            if text_at > offset:
                break
            source = source_at + (offset - text_at)
        return self.tfield.origin.locate(source)


def branch_text_targets(tfield, coverage_texts, comm=None, category: str | None = None) -> Iterator[TextTarget]:
    """Targets for the text of unrendered branches of one template (``coverage_texts``: what
    :func:`ccm_cli.render.coverage.unrendered_text` yields for it), read in ``tfield``'s
    locale and channel and located in the file it was typed in. Without ``comm`` the findings
    belong to no comm (a snippet's)."""
    from .render import Span

    for _branch, text, holes, starts in coverage_texts:
        spans = [Span(start, end, "variable", "") for start, end in holes]
        yield TextTarget(
            text=text,
            locale=tfield.locale,
            channel=tfield.channel,
            field_name=tfield.name,
            category=category,
            variant=Variant(comm, tfield.locale, tfield.channel, None) if comm is not None else None,
            rendered=RenderedField(tfield, text, spans),
            origin=_SourceOrigin(tfield, starts),
            markdown=(tfield.channel, tfield.name) in MARKDOWN_FIELDS,
        )


def unrendered_targets(comm, variants: list[Variant], renderer) -> Iterator[TextTarget]:
    """The literal text of every template branch of ``comm`` that none of its rendered
    ``variants`` went through (:mod:`ccm_cli.render.coverage`), as targets the text rules judge
    like rendered text: located in the template the writer typed it in, an expression between
    two pieces of text read as a placeholder the rules never report (it counts as inserted)."""
    from .render.coverage import field_coverage, unrendered_text

    for coverage in field_coverage(renderer, comm, variants):
        placeholder = PLACEHOLDER.get(language(coverage.tfield.locale), PLACEHOLDER_DEFAULT)
        yield from branch_text_targets(coverage.tfield, unrendered_text(coverage, placeholder), comm, comm.category)


@dataclass(frozen=True)
class TextRules:
    """The rules that judge a reader's text, by what they are given (their ``SCOPE``), and the
    options brand/guidelines.yaml gives the ``ja`` rules it turns on (rule id -> options)."""

    text: tuple = ()
    sentences: tuple = ()
    ja: tuple = ()
    ja_configured: dict = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, rules, guidelines) -> "TextRules":
        """The text rules among ``rules``, with the ``ja:`` options of ``guidelines`` (an
        option of the wrong type is left out: the rule's default applies, schema/invalid-value
        reports it)."""
        from .rules.options import ja_settings

        by_scope = {scope: tuple(r for r in rules if r.SCOPE == scope) for scope in ("text", "sentences", "ja")}
        return cls(by_scope["text"], by_scope["sentences"], by_scope["ja"], ja_settings(guidelines))

    @cached_property
    def ja_plan(self) -> tuple:
        """(rule, options, settings key, reads sentences) per ``ja`` rule the guidelines turn
        on, in rule order: worked out once per run, not per target (``json.dumps`` of each
        rule's options for every text cost about 1 % of a cold lint)."""
        plan = []
        for rule in self.ja:
            if rule.ID not in self.ja_configured:
                continue
            options = {**rule.DEFAULT, **self.ja_configured[rule.ID]}
            plan.append((rule, options, _settings(rule, options), getattr(rule, "SENTENCES", False)))
        return tuple(plan)


def judge(target: TextTarget, ctx, rules: TextRules, seen: "BoundedCache | None" = None) -> Iterator[Finding]:
    """The findings of every text rule and every configured ``ja`` rule on one target.

    What the rules find depends only on how the target reads (:attr:`TextTarget.identity`),
    never on the comm it belongs to. Given ``seen``, a cache the run owns, the problems are
    found once per distinct identity: a text that many comms render alike (an SMS, a subject,
    a shared paragraph) is judged once. Locating each problem in the writer's file, and
    dropping what the writer did not type, is done per target."""
    if seen is None:
        found = _problems(target, ctx, rules)
    else:
        found = seen.get(target.identity, lambda: _problems(target, ctx, rules))
    for rule, problem, start, end, fix in found:
        yield from _finding(rule, target, ctx, problem, start, end, fix)


def _problems(target: TextTarget, ctx, rules: TextRules) -> list[tuple]:
    """(rule, problem, start, end, fix) for what every rule finds, offsets in ``target.text``."""
    found = [(rule, problem, problem.start, problem.end, problem.fix) for rule in rules.text for problem in rule.check(target, ctx)]
    if rules.sentences and target.is_sentences:
        view = target.sentences()
        found += [(rule, problem, problem.start, problem.end, problem.fix) for rule in rules.sentences for problem in rule.check(view, ctx)]
    if target.language != "ja" or not rules.ja_configured:
        return found
    views: dict[bool, tuple] = {}  # reads sentences -> (document, prose): looked up once per target, not per rule
    for rule, options, settings, sentence_rule in rules.ja_plan:
        view = views.get(sentence_rule)
        if view is None:
            view = views[sentence_rule] = (target.ja_doc(sentences=sentence_rule), target.sentence_prose if sentence_rule else target.prose)
        doc, prose = view
        if doc is None:
            continue
        try:
            problems = _ja_problems(rule, doc, options, settings)
        except PatternTooSlow as error:  # a "/regexp/" of the rule's options: point at them
            raise _at_options(error, ctx, rule) from None
        for problem in problems:
            start, end = prose.source_span(problem.start, max(problem.end, problem.start + 1))
            found.append((rule, problem, start, end, _ja_fix(target.text, start, end, problem)))
    return found


def _at_options(error: PatternTooSlow, ctx, rule) -> PatternTooSlow:
    """``error`` located at the ``ja:`` options of ``rule`` in brand/guidelines.yaml."""
    project = getattr(ctx, "project", None)
    doc = project.doc("guidelines") if project is not None else None
    name = rule.ID.split("/", 1)[1]
    if doc is None:
        return PatternTooSlow(f"ja.{name}: {error.message}", "brand/guidelines.yaml", hint=error.hint)
    line, column = doc.position(("ja", name))
    return PatternTooSlow(f"ja.{name}: {error.message}", doc.rel, line, column, hint=error.hint)


def _settings(rule, options: dict) -> tuple:
    """What a ``BLOCK_LOCAL`` rule's verdict on a block depends on besides the block: the rule
    and its options."""
    return (rule.ID, json.dumps(options, sort_keys=True, default=str))


def _ja_problems(rule, doc, options: dict, settings: tuple | None = None) -> list[TextProblem]:
    """What a ja rule finds in ``doc``. A rule that declares ``BLOCK_LOCAL = True`` looks at
    one block (paragraph, heading, cell) at a time, so it runs on each distinct block once per
    process — the paragraphs variants share (all but the greeting, across samples and copies)
    are checked once — and its problems are shifted to the block's place in ``doc``.
    ``settings``: :func:`_settings` of the rule and ``options``, when the caller has it."""
    if not getattr(rule, "BLOCK_LOCAL", False):
        return list(rule.check_text(doc, options))
    if settings is None:
        settings = _settings(rule, options)
    found: list[TextProblem] = []
    for start, problems in doc.per_block(settings, lambda alone: list(rule.check_text(alone, options))):
        if start:
            found.extend(TextProblem(p.start + start, p.end + start, p.message, p.fix, p.extra) for p in problems)
        else:
            found.extend(problems)
    return found


def _finding(rule, target: TextTarget, ctx, problem: TextProblem, start: int, end: int, fix: str | None) -> Iterator[Finding]:
    if not target.writer_typed(start, end):
        return
    where = target.location(start, end, ctx.project)
    severity = problem.extra.get("severity", rule.SEVERITY)
    finding = make(
        rule,
        problem.message,
        **where,
        comm=target.variant.comm if target.variant else None,
        locale=target.locale if target.variant else target.locale,
        channel=target.channel,
        excerpt=_excerpt(target.text, start, end),
        fix=fix,
        severity=severity,
    )
    if "rule" in problem.extra:
        finding = Finding(**{**finding.__dict__, "rule": problem.extra["rule"]})
    yield finding


def _ja_fix(text: str, start: int, end: int, problem: TextProblem) -> str | None:
    if problem.fix is None:
        return None
    replace_from = problem.extra.get("replace_from")
    original = text[start:end] if replace_from is None else text[start - 1 : end]
    if problem.fix == "":
        return f"Delete '{original}'"
    return f"Replace '{original}' with '{problem.fix}'"


def _excerpt(text: str, start: int, end: int, context: int = 12) -> str:
    left = max(start - context, 0)
    right = min(max(end, start + 1) + context, len(text))
    return text[left:right].replace("\n", " ").strip()


__all__ = ["TextRules", "TextTarget", "text_targets", "unrendered_targets", "branch_text_targets", "judge", "non_sentence_lines", "Severity"]
