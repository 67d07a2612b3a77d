"""What a render produces: a comm's variants, their rendered fields and its template problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Comm, Sample, TemplateField, language
from .provenance import Span


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
    branches: set = field(default_factory=set)  # (template key, branch number) entered (:mod:`.coverage`)

    @property
    def language(self) -> str:
        return language(self.locale)

    @property
    def key(self) -> tuple:
        return (self.comm.id, self.locale, self.channel, self.sample.name if self.sample else None)
