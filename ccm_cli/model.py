"""The typed model of a content repository (SPEC 2), with source positions.

Everything here is plain data built by :mod:`ccm_cli.project`; nothing renders or checks.
Values that come from YAML keep a way back to the file, line and column the writer typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .yamlio import YamlDoc

# The SPEC 2.1 channels and the template fields each one has.
CHANNEL_FIELDS: dict[str, tuple[str, ...]] = {
    "email": ("subject", "preheader", "body"),
    "sms": ("body",),
    "push": ("title", "body"),
    "line": ("body",),
    "chat": ("body",),
    "letter": ("subject", "body"),
    "web": ("headline", "body", "cta"),
}
CHANNELS = tuple(CHANNEL_FIELDS)
CATEGORIES = ("transactional", "marketing", "regulatory", "service")
KINDS = ("batch", "on-demand", "interactive")
JOURNEYS = ("awareness", "consideration", "purchase", "use", "support", "loyalty")
CONSENTS = ("none", "soft_opt_in", "opt_in")


class Origin:
    """Where a piece of template text was typed: maps an offset in it to file:line:column."""

    file: str

    def locate(self, offset: int) -> tuple[int, int]:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class YamlOrigin(Origin):
    """Text typed as a YAML scalar (any style; block scalars map line by line)."""

    doc: YamlDoc
    path: tuple

    @property
    def file(self) -> str:  # type: ignore[override]
        return self.doc.rel

    def locate(self, offset: int) -> tuple[int, int]:
        return self.doc.locate(self.path, offset)


@dataclass(frozen=True)
class FileOrigin(Origin):
    """Text typed in a template file of its own (``body_file:``, snippets)."""

    file: str  # type: ignore[misc]
    text: str

    def locate(self, offset: int) -> tuple[int, int]:
        before = self.text[: max(offset, 0)]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return (line, column)


@dataclass(frozen=True)
class TemplateField:
    """One field of one channel of one locale of a comm: the template the writer wrote."""

    comm_id: str
    locale: str
    channel: str
    name: str
    source: str
    origin: Origin


@dataclass(frozen=True)
class FileProblem:
    """A field that names a file ccm may not or cannot read (``body_file: ../x``)."""

    locale: str
    channel: str
    field: str
    message: str
    doc_path: tuple


@dataclass
class Sample:
    name: str
    data: Any
    path: tuple  # where the sample sits in the comm file


@dataclass
class Comm:
    """One communication file (SPEC 2.1)."""

    id: str
    doc: YamlDoc
    data: dict
    fields: list[TemplateField] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    file_problems: list[FileProblem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.doc.rel

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key, default)
        return default if value is None else value

    @property
    def owner(self) -> str | None:
        return _str_or_none(self.data.get("owner"))

    @property
    def category(self) -> str | None:
        return _str_or_none(self.data.get("category"))

    @property
    def variables(self) -> dict[str, Any]:
        value = self.data.get("variables")
        return value if isinstance(value, dict) else {}

    @property
    def tags(self) -> list[str]:
        value = self.data.get("tags")
        return [str(tag) for tag in value] if isinstance(value, list) else []

    @property
    def audience(self) -> dict:
        value = self.data.get("audience")
        return value if isinstance(value, dict) else {}

    @property
    def schedule(self) -> dict:
        value = self.data.get("schedule")
        return value if isinstance(value, dict) else {}

    @property
    def ignores(self) -> list[tuple[int, Any]]:
        lint = self.data.get("lint")
        entries = lint.get("ignore") if isinstance(lint, dict) else None
        return list(enumerate(entries)) if isinstance(entries, list) else []

    def locales(self) -> list[str]:
        return sorted({f.locale for f in self.fields})

    def channels_for(self, locale: str) -> list[str]:
        seen: dict[str, None] = {}
        for f in self.fields:
            if f.locale == locale:
                seen.setdefault(f.channel, None)
        return list(seen)

    def fields_for(self, locale: str, channel: str) -> list[TemplateField]:
        return [f for f in self.fields if f.locale == locale and f.channel == channel]


@dataclass
class Clause:
    """A regulatory clause (SPEC 2.2)."""

    id: str
    doc: YamlDoc
    data: dict
    texts: dict[str, TemplateField] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.doc.rel

    @property
    def version(self) -> Any:
        return self.data.get("version")

    @property
    def required_for(self) -> dict:
        value = self.data.get("required_for")
        return value if isinstance(value, dict) else {}


@dataclass
class Project:
    """A whole content repository, loaded."""

    root: Path
    config_doc: YamlDoc
    documents: list[tuple[str, YamlDoc]] = field(default_factory=list)  # (schema name, doc)
    facts: dict = field(default_factory=dict)
    guidelines: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    channel_overrides: dict = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    clause_list: list[Clause] = field(default_factory=list)
    comms: list[Comm] = field(default_factory=list)
    snippets: dict[str, str] = field(default_factory=dict)  # name -> source
    codeowners: tuple[str, str] | None = None  # (rel path, text)
    source: Any = None  # the ccm_cli.sources.Source the files were read from
    cache: dict = field(default_factory=dict)  # per-run memo for shared computations

    @property
    def config(self) -> dict:
        data = self.config_doc.data
        return data if isinstance(data, dict) else {}

    @property
    def locales(self) -> list[str]:
        value = self.config.get("locales")
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def default_locale(self) -> str | None:
        value = self.config.get("default_locale")
        return str(value) if value else (self.locales[0] if self.locales else None)

    @property
    def channels(self) -> list[str]:
        value = self.config.get("channels")
        return [str(v) for v in value] if isinstance(value, list) else list(CHANNELS)

    def doc(self, schema: str) -> YamlDoc | None:
        for name, doc in self.documents:
            if name == schema:
                return doc
        return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def language(locale: str) -> str:
    """``ja-JP`` -> ``ja``."""
    return locale.split("-")[0].lower()
