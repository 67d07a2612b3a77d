"""What a comm shows the customer (SPEC 2.6–2.8): the intents its rendered text shows — with
the words and where the writer typed them —, the promises it makes, and its *effective tags*.

A label is what the writer says a comm is; compliance holds for what the customer reads. So
every contact policy asks this module, not ``comm.tags``:

* **Intents shown**: every variant × sample (``ctx.variants_of(comm)``) is read field by field
  as the reader reads it (:attr:`ccm_cli.text_rules.TextTarget.prose`: Markdown removed; a
  Japanese text is cut into morphemes once, through the target's ``ja_doc()``), and the text
  of every clause it inserts too (the customer reads legal's words as well; that evidence
  points into the clause file). Each intent keeps its evidence: the words, locale, channel,
  field, sample, and the file:line:column where the words were typed (a snippet, a template
  file, the YAML). One piece of evidence per intent, words and field: the same words in every
  sample are one.
* **Promises**: a comm's ``promises:`` (``[{intent: payment-deferral, lasts: 3 months}]``;
  ``"{{ offer.months }} months"`` lasts the variable's ``maximum:``), and the text's: a
  ``payment-deferral`` with a duration near it ("for up to 3 months", 「最長3か月」), the
  longest over samples — and when the number is a template variable (``{{ offer.months }}``)
  with a ``maximum:``, that maximum. The longer of the two holds: a declaration may lengthen
  what the words promise, never shorten it (``lasts: 2 days`` under "up to 3 months" would
  switch exclusivity off while the customer holds the comm to three months).
* **Effective tags**: the declared tags, every intent shown or promised, and each one's other
  names (an intent's aliases; a declared alias brings its intent). A tag and an intent of the
  same name are the same thing for every policy: ``tags: [payment-holiday]`` and a text that
  says "payment holiday" both make the comm a ``payment-deferral`` (and ``payment-holiday``)
  comm.
* **Counts as marketing**: a comm whose effective tags hold ``promotion`` (it sells, whatever
  its ``category:``) is a marketing comm for consent and frequency caps — the rule of
  CAN-SPAM's primary purpose, 特定電子メール法 (advertising needs consent), PECR and CASL
  (a message that encourages a purchase is a commercial one). A discount alone (a bill that
  applies one) does not make a comm marketing.

Cross-comm rules never render other comms: they read :func:`digest` (JSON, cached with each
comm's results) through ``ctx.digest(rule, comm)`` and :meth:`Shown.from_digest`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..scale.lru import BoundedCache
from ..intents import Duration, LastsError, find_in_prose, find_intents, parse_lasts, promised_duration
from ..model import Origin, YamlOrigin
from ..problems import did_you_mean
from .vocabularies import intent_library

__all__ = ["Place", "Evidence", "Promise", "PromiseProblem", "Shown", "shown", "digest", "MARKETING_INTENT", "DEFERRAL"]

MARKETING_INTENT = "promotion"  # a comm that shows it counts as marketing (consent, caps)
DEFERRAL = "payment-deferral"  # the intent whose duration the text promises (SPEC 2.8)
_MEMO = "policy:shown"
_DIGESTS = "policy:shown-digests"
_MEMO_SIZE = 64  # comms whose Shown a context keeps: the comm being linted and its neighbours


@dataclass(frozen=True)
class Place:
    """Where words were typed. A place in a YAML file is kept as the value's path and the
    offset in it until a finding needs its line (:meth:`at`): building a file's position index
    costs more than reading the comm, and most comms are never reported."""

    file: str | None
    line: int | None = None
    column: int | None = None
    path: tuple | None = None  # the YAML value (with ``offset``: a character in it)
    offset: int | None = None

    def at(self, comm=None, project=None) -> dict:
        """``file``/``line``/``column`` keyword arguments for a finding here."""
        if self.line is not None or self.path is None:
            return {"file": self.file, "line": self.line, "column": self.column}
        doc = _doc(self.file, comm, project)
        if doc is None:
            return {"file": self.file, "line": None, "column": None}
        line, column = doc.locate(tuple(self.path), self.offset) if self.offset is not None else doc.position(tuple(self.path))
        return {"file": self.file, "line": line, "column": column}

    def to_json(self) -> list:
        return [self.file, self.line, self.column, list(self.path) if self.path is not None else None, self.offset]

    @classmethod
    def from_json(cls, data: list) -> "Place":
        file, line, column, path, offset = data
        return cls(file, line, column, tuple(path) if path is not None else None, offset)


def _doc(file: str | None, comm, project):
    if comm is not None and comm.doc.rel == file:
        return comm.doc
    for _, doc in project.documents if project is not None else ():
        if doc.rel == file:
            return doc
    return None


@dataclass(frozen=True)
class Evidence:
    """Where a comm shows an intent: ``words`` in one field of one variant, typed at ``place``
    (``clause``: the words are in that clause's text)."""

    intent: str
    words: str
    locale: str
    channel: str
    field: str
    sample: str | None
    place: Place
    clause: str | None = None

    def at(self, comm=None, project=None) -> dict:
        """``file``/``line``/``column`` keyword arguments for a finding at the words."""
        return self.place.at(comm, project)

    def describe(self) -> str:
        """``'turn off your power' (en-US sms body)``."""
        where = f"clause {self.clause}, " if self.clause else ""
        return f"'{self.words}' ({where}{self.locale} {self.channel} {self.field})"

    def to_json(self) -> list:
        return [self.intent, self.words, self.locale, self.channel, self.field, self.sample, self.place.to_json(),
                self.clause]

    @classmethod
    def from_json(cls, data: list) -> "Evidence":
        intent, words, locale, channel, name, sample, place, clause = data
        return cls(intent, words, locale, channel, name, sample, Place.from_json(place), clause)


@dataclass(frozen=True)
class Promise:
    """A commitment that outlives the send: ``intent`` lasts ``amount`` ``unit``s after the
    comm's last send. ``declared``: written in ``promises:``; else read from the words."""

    intent: str
    amount: int
    unit: str  # day | week | month | year
    declared: bool
    words: str
    place: Place

    @property
    def duration(self) -> Duration:
        return Duration(self.amount, self.unit)

    def describe(self) -> str:
        how = "declared in promises:" if self.declared else f"'{self.words}'"
        return f"{self.intent} for {self.duration.describe()} ({how})"

    def end_after(self, day: int) -> int:
        """The ordinal day the promise ends when the last send is on ordinal ``day``."""
        return self.duration.add_to(_dt.date.fromordinal(day)).toordinal()

    def at(self, comm=None, project=None) -> dict:
        return self.place.at(comm, project)

    def to_json(self) -> list:
        return [self.intent, self.amount, self.unit, self.declared, self.words, self.place.to_json()]

    @classmethod
    def from_json(cls, data: list) -> "Promise":
        intent, amount, unit, declared, words, place = data
        return cls(intent, amount, unit, declared, words, Place.from_json(place))


@dataclass(frozen=True)
class PromiseProblem:
    """A ``promises:`` entry lint cannot read: at ``path`` in the comm file."""

    path: tuple
    message: str
    fix: str | None = None


@dataclass
class Shown:
    """What one comm shows: see the module docstring."""

    declared: tuple[str, ...]
    intents: dict[str, list[Evidence]] = field(default_factory=dict)  # intent -> evidence, in order
    promises: list[Promise] = field(default_factory=list)
    tags: dict[str, Evidence | None] = field(default_factory=dict)  # effective tag -> None (declared) | first evidence
    problems: list[PromiseProblem] = field(default_factory=list)
    _digest: dict | None = field(default=None, repr=False, compare=False)

    def has(self, tag: str) -> bool:
        """Is the comm tagged ``tag`` — declared, or shown by its words (under any of its names)?"""
        return tag in self.tags

    def why(self, tag: str) -> Evidence | None:
        """The words that make the comm carry ``tag``; None when it declares the tag (or has it not)."""
        return self.tags.get(tag)

    def declares(self, tag: str) -> bool:
        return tag in self.tags and self.tags[tag] is None

    @property
    def counts_as_marketing(self) -> bool:
        """Does it sell (it shows or declares ``promotion``), whatever its category says?"""
        return MARKETING_INTENT in self.tags

    def promise_for(self, names) -> Promise | None:
        """The longest promise of an intent among ``names`` (a policy's tags), or None."""
        found = [p for p in self.promises if p.intent in names]
        return max(found, key=lambda p: (p.duration.days or 0)) if found else None

    def to_digest(self) -> dict:
        """What cross-comm rules need, as JSON (cached with the comm's results)."""
        if self._digest is None:
            self._digest = {"tags": {tag: (ev.to_json() if ev is not None else None) for tag, ev in sorted(self.tags.items())},
                            "promises": [p.to_json() for p in self.promises]}
        return self._digest

    def seen_by_others(self) -> tuple:
        """What other comms' contact findings can read of this one: its effective tags with
        the words that show them, and its promises — not where the words are (an edit that
        only moves them moves no other comm's finding)."""
        tags = tuple((tag, None if ev is None else (ev.intent, ev.words, ev.locale, ev.channel, ev.field, ev.clause))
                     for tag, ev in sorted(self.tags.items()))
        promises = tuple((p.intent, p.amount, p.unit, p.declared, p.words) for p in self.promises)
        return tags, promises

    @classmethod
    def from_digest(cls, data: Any) -> "Shown":
        """The Shown a digest describes (tags and promises; no evidence lists, no problems).
        A damaged digest reads as a comm that shows nothing."""
        out = cls(declared=())
        if not isinstance(data, dict):
            return out
        tags = data.get("tags")
        for tag, ev in (tags.items() if isinstance(tags, dict) else ()):
            try:
                out.tags[str(tag)] = Evidence.from_json(ev) if ev is not None else None
            except (TypeError, ValueError):
                out.tags[str(tag)] = None
        for p in data.get("promises") or ():
            try:
                out.promises.append(Promise.from_json(p))
            except (TypeError, ValueError):
                continue
        out.declared = tuple(tag for tag, ev in out.tags.items() if ev is None)
        return out


def shown(comm, ctx) -> Shown:
    """What ``comm`` shows (renders it, unless this run has its variants); computed once per
    comm and context."""
    memo = ctx.memo.get(_MEMO)
    if memo is None:
        memo = ctx.memo[_MEMO] = BoundedCache(_MEMO_SIZE)
    return memo.get((comm.id, id(comm)), lambda: _Reader(comm, ctx).read())


def digest(comm, ctx) -> dict:
    """The per-comm digest the cross-comm contact rules share (``Shown.to_digest``), computed
    once per comm and context whichever rule asks first: the digests are small (tags and
    promises) and kept for every comm, where the Shown with its evidence is kept for a few."""
    memo = ctx.memo.get(_DIGESTS)
    if memo is None:
        memo = ctx.memo[_DIGESTS] = {}
    key = (comm.id, id(comm))
    found = memo.get(key)
    if found is None:
        found = memo[key] = shown(comm, ctx).to_digest()
    return found


# --------------------------------------------------------------------------- reading
class _Reader:
    """Reads one comm's variants: intents with evidence, then promises and effective tags."""

    def __init__(self, comm, ctx) -> None:
        self.comm = comm
        self.ctx = ctx
        self.project = ctx.project
        self.library = intent_library(ctx.project)
        self.found: dict[str, dict[tuple, Evidence]] = {}
        self.text_promises: dict[str, Promise] = {}
        self.sources: dict[int, Duration | None] = {}  # template field -> the duration its source promises

    def read(self) -> Shown:
        from ..text_rules import TextTarget

        seen: set = set()  # a field that renders alike in two samples shows the same
        for variant in self.ctx.variants_of(self.comm):
            sample = variant.sample.name if variant.sample is not None else None
            for name, rendered in variant.fields.items():
                key = (variant.locale, variant.channel, name, rendered.text)
                if key in seen:
                    continue
                seen.add(key)
                target = TextTarget.for_field(variant, name, rendered)
                matches = _matches(target, self.library)
                for m in matches:
                    self._evidence(m.intent, m.words, variant, name, sample,
                                   lambda m=m: self._in_text(target, *target.prose.source_span(m.start, m.end)))
                if any(m.intent == DEFERRAL for m in matches):
                    self._text_promise(target, matches)
                for span in rendered.spans:
                    if span.kind == "clause":
                        self._clause(span, rendered.text[span.start:span.end], variant, name, sample)
        intents = {intent: list(found.values()) for intent, found in self.found.items()}
        out = Shown(declared=tuple(self.comm.tags), intents=intents)
        declared = self._declared_promises(out)
        # both: a declaration may lengthen what the words promise, never shorten it (the
        # customer holds the comm to what it says; promise_for takes the longest)
        out.promises = declared + [p for _, p in sorted(self.text_promises.items())]
        out.tags = self._effective(out)
        return out

    # ----------------------------------------------------------------- intents
    def _evidence(self, intent: str, words: str, variant, name: str, sample: str | None, locate, clause: str | None = None) -> None:
        key = (variant.locale, variant.channel, name, words, clause)
        found = self.found.setdefault(intent, {})
        if key not in found:
            found[key] = Evidence(intent, words, variant.locale, variant.channel, name, sample, locate(), clause)

    def _in_text(self, target, start: int, end: int) -> Place:
        """Where the writer typed ``target.text[start:end]``; when part of it was inserted (a
        fact, a variable), the longest part the writer typed, else the insertion itself."""
        rendered = target.rendered
        if rendered.inserted_at(start, end) is None:
            return _place(rendered, start, end, self.project)
        typed = [True] * (end - start)
        inserted = None
        for span in rendered.spans:
            if span.kind != "snippet" and span.start < end and start < span.end:
                inserted = inserted or span
                for i in range(max(span.start, start), min(span.end, end)):
                    typed[i - start] = False
        best, run_start = (0, 0, 0), None
        for i, flag in enumerate(typed + [False]):
            if flag and run_start is None:
                run_start = i
            elif not flag and run_start is not None:
                piece = target.text[start + run_start:start + i].strip()
                if len(piece) > best[0]:
                    best = (len(piece), start + run_start, start + i)
                run_start = None
        if best[0] >= 2:
            return _place(rendered, best[1], best[2], self.project)
        if inserted is not None and inserted.ref:
            offset = rendered.field.source.find(inserted.ref)
            if offset >= 0:
                return _field_place(rendered.field, offset)
        return _place(rendered, start, end, self.project)

    def _clause(self, span, text: str, variant, name: str, sample: str | None) -> None:
        for m in find_intents(text, variant.locale, self.library):
            self._evidence(m.intent, m.words, variant, name, sample,
                           lambda m=m: self._in_clause(span.ref, variant.locale, m.words), clause=span.ref)

    def _in_clause(self, clause_id: str, locale: str, words: str) -> Place:
        clause = self.project.clauses.get(clause_id)
        if clause is None:
            return Place(None)
        text = clause.texts.get(locale)
        if text is not None:
            return _field_place(text, max(text.source.find(words), 0))
        return Place(clause.doc.rel, path=("text",))

    # ----------------------------------------------------------------- promises
    def _text_promise(self, target, matches) -> None:
        """The longest duration a payment deferral in this field promises: in the rendered
        text (the sample's value), and in the template (a variable's maximum)."""
        prose = target.prose
        candidates: list[tuple[Duration, Any]] = []
        found = promised_duration(prose.text, target.locale, matches=list(matches))
        if found is not None and found.amount is not None:
            start, end = prose.source_span(found.start, found.end)
            candidates.append((found, lambda: self._in_text(target, start, end)))
        tfield = target.rendered.field
        if "{{" in tfield.source:
            key = id(tfield)
            if key not in self.sources:
                self.sources[key] = promised_duration(tfield.source, target.locale, library=self.library,
                                                      variables=self.comm.variables)
            source = self.sources[key]
            if source is not None and source.amount is not None:
                candidates.append((source, lambda: _field_place(tfield, source.start)))
        if not candidates:
            return
        best, place = max(candidates, key=lambda c: c[0].days or 0)
        current = self.text_promises.get(DEFERRAL)
        if current is not None and current.duration.days >= (best.days or 0):
            return
        self.text_promises[DEFERRAL] = Promise(DEFERRAL, best.amount, best.unit, False, best.words, place())

    def _declared_promises(self, out: Shown) -> list[Promise]:
        raw = self.comm.get("promises")
        if raw is None:
            return []
        if not isinstance(raw, list):
            return []  # the schema reports it
        promises: dict[str, Promise] = {}
        for index, entry in enumerate(raw):
            if not isinstance(entry, dict):
                continue  # the schema reports it
            name, lasts = entry.get("intent"), entry.get("lasts")
            if not isinstance(name, str) or not name:
                continue
            intent = self.library.intent_of(name)
            if intent is None:
                known = self.library.tag_names()
                out.problems.append(PromiseProblem(("promises", index, "intent"),
                                                   f"promises: unknown intent '{name}'{did_you_mean(name, known)}",
                                                   "Name an intent of `ccm intents` (payment-deferral) or one of its aliases"))
                continue
            try:
                duration = parse_lasts(lasts, self.comm.variables)
            except LastsError as error:
                out.problems.append(PromiseProblem(("promises", index, "lasts"), f"promises: {error}",
                                                   "Write lasts: 3 months (or '{{ offer.months }} months' with a maximum: on the variable)"))
                continue
            promise = Promise(intent, duration.amount, duration.unit, True, str(lasts),
                              Place(self.comm.doc.rel, path=("promises", index)))
            current = promises.get(intent)
            if current is None or (promise.duration.days or 0) > (current.duration.days or 0):
                promises[intent] = promise
        return [promises[k] for k in sorted(promises)]

    # ----------------------------------------------------------------- tags
    def _effective(self, out: Shown) -> dict[str, Evidence | None]:
        library = self.library
        tags: dict[str, Evidence | None] = {}
        for tag in out.declared:
            intent = library.intent_of(tag)
            for name in library.names_of(intent) if intent is not None else (tag,):
                tags[name] = None
        for promise in out.promises:
            if promise.declared:
                for name in library.names_of(promise.intent):
                    tags[name] = None
        for intent, evidence in out.intents.items():
            for name in library.names_of(intent):
                tags.setdefault(name, evidence[0])
        return tags


class _Recorder(Origin):
    """Stands in for a YAML origin while a place is looked up: it remembers the offset asked
    for instead of computing its line (see :class:`Place`)."""

    def __init__(self, origin) -> None:
        self.file = origin.file
        self.offset: int | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        self.offset = offset
        return (0, 0)


def _place(rendered, start: int, end: int, project) -> Place:
    """Where the writer typed ``rendered.text[start:end]`` (``at_rendered``), a YAML line left
    for later."""
    from ..render import RenderedField
    from ..rules.base import at_rendered

    origin = rendered.field.origin
    if not isinstance(origin, YamlOrigin):
        return Place(**at_rendered(rendered, start, end, project))
    recorder = _Recorder(origin)
    deferred = RenderedField(replace(rendered.field, origin=recorder), rendered.text, rendered.spans)
    where = at_rendered(deferred, start, end, project)
    if where["file"] != origin.file or recorder.offset is None:  # in a snippet's file: located already
        return Place(where["file"], where["line"], where["column"])
    return Place(origin.file, path=origin.path, offset=recorder.offset)


def _field_place(tfield, offset: int) -> Place:
    """Character ``offset`` of a template's source."""
    origin = tfield.origin
    if isinstance(origin, YamlOrigin):
        return Place(origin.file, path=origin.path, offset=offset)
    line, column = origin.locate(offset)
    return Place(origin.file, line, column)


def _matches(target, library) -> tuple:
    """The intents a text target shows (shared with every rule that reads the same text)."""
    return find_in_prose(target.prose, target.locale, library)