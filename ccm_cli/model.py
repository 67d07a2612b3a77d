"""The typed model of a content repository (SPEC 2), with source positions.

Everything here is plain data built by :mod:`ccm_cli.project`; nothing renders or checks.
Values that come from YAML keep a way back to the file, line and column the writer typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

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


# The keys of a comm file that hold its text and test data: what a comm summary leaves out.
HEAVY_KEYS = ("content", "samples", "variables")


def channel_blocks(data: dict) -> Iterator[tuple[Any, Any, Any]]:
    """(locale, channel, block) for every channel key under every locale of ``content:``, the
    keys as the file wrote them; the block may be anything (rules check its type)."""
    content = data.get("content")
    if not isinstance(content, dict):
        return
    for locale, channels in content.items():
        if isinstance(channels, dict):
            for channel, block in channels.items():
                yield locale, channel, block


def content_fields(data: dict) -> Iterator[tuple[str, str, str, Any]]:
    """(locale, channel, key, value) of every key of ``content:`` that is one of its channel's
    fields (SPEC 2.1), written inline (``body``) or as a file (``body_file``)."""
    for locale, channel, fields in channel_blocks(data):
        if not isinstance(fields, dict):
            continue
        known = CHANNEL_FIELDS.get(str(channel), ())
        for key, value in fields.items():
            key = str(key)
            if key in known or (key.endswith("_file") and key[: -len("_file")] in known):
                yield str(locale), str(channel), key, value


def comm_summary(data: Any) -> dict | None:
    """What the cross-comm checks and the report read of a comm, without its text (cached with
    the parse): its top-level keys but :data:`HEAVY_KEYS`, the (locale, channel) pairs it has
    inline fields in, and whether it names template files (then its fields must be read to
    know its pairs)."""
    if not isinstance(data, dict):
        return None
    pairs: set[tuple[str, str]] = set()
    file_fields = False
    for locale, channel, key, value in content_fields(data):
        if key.endswith("_file"):
            file_fields = True
        elif isinstance(value, str):
            pairs.add((locale, channel))
    return {"head": {key: value for key, value in data.items() if key not in HEAVY_KEYS},
            "pairs": sorted(pairs), "file_fields": file_fields}


def is_comm_summary(value: Any) -> bool:
    """Has ``value`` the form :func:`comm_summary` gives (a row of the cache might not)?"""
    return (isinstance(value, dict) and isinstance(value.get("head"), dict) and isinstance(value.get("file_fields"), bool)
            and isinstance(value.get("pairs"), list)
            and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in value["pairs"]))


class Comm:
    """One communication file (SPEC 2.1).

    Its fields, samples and file problems are built by ``build(comm)`` the first time one is
    read. A comm whose document still holds its data as cached JSON (see
    :class:`ccm_cli.yamlio.YamlDoc`) answers the cross-comm questions (owner, category, tags,
    audience, schedule, the channels it uses) from its ``summary`` (:func:`comm_summary`), so
    a run that lints a few comms of thousands never decodes the others."""

    def __init__(self, id: str, doc: YamlDoc, build: Callable[["Comm"], None], summary: dict | None = None) -> None:
        self.id = id
        self.doc = doc
        self._build: Callable[["Comm"], None] | None = build
        self._summary = summary
        self._data: dict | None = None
        self._fields: list[TemplateField] = []
        self._samples: list[Sample] = []
        self._file_problems: list[FileProblem] = []

    def __repr__(self) -> str:
        return f"Comm(id={self.id!r}, file={self.file!r})"

    @property
    def file(self) -> str:
        return self.doc.rel

    @property
    def data(self) -> dict:
        if self._data is None:
            data = self.doc.data
            self._data = data if isinstance(data, dict) else {}
        return self._data

    @property
    def _head(self) -> dict:
        """The top-level keys but :data:`HEAVY_KEYS`: from the summary while the data is not decoded."""
        if self._data is None and self._summary is not None and not self.doc.decoded:
            return self._summary["head"]
        return self.data

    def _parts(self) -> None:
        if self._build is not None:
            build, self._build = self._build, None
            build(self)

    @property
    def fields(self) -> list[TemplateField]:
        self._parts()
        return self._fields

    @property
    def samples(self) -> list[Sample]:
        self._parts()
        return self._samples

    @property
    def file_problems(self) -> list[FileProblem]:
        self._parts()
        return self._file_problems

    def variants(self) -> set[tuple[str, str]]:
        """The (locale, channel) pairs the comm has fields in."""
        if self._build is not None and self._summary is not None and not self._summary["file_fields"]:
            return {(locale, channel) for locale, channel in self._summary["pairs"]}
        return {(f.locale, f.channel) for f in self.fields}

    def channel_names(self) -> set[str]:
        """The channels the comm has fields in."""
        return {channel for _, channel in self.variants()}

    def names_files(self) -> bool:
        """Does some field live in a template file of its own (``body_file:``)?"""
        if self._build is not None and self._summary is not None:
            return self._summary["file_fields"]
        return any(isinstance(f.origin, FileOrigin) for f in self.fields)

    def get(self, key: str, default: Any = None) -> Any:
        value = (self.data if key in HEAVY_KEYS else self._head).get(key, default)
        return default if value is None else value

    @property
    def owner(self) -> str | None:
        return _str_or_none(self._head.get("owner"))

    @property
    def category(self) -> str | None:
        return _str_or_none(self._head.get("category"))

    @property
    def variables(self) -> dict[str, Any]:
        value = self.data.get("variables")
        return value if isinstance(value, dict) else {}

    @property
    def tags(self) -> list[str]:
        value = self._head.get("tags")
        return [str(tag) for tag in value] if isinstance(value, list) else []

    @property
    def audience(self) -> dict:
        value = self._head.get("audience")
        return value if isinstance(value, dict) else {}

    @property
    def schedule(self) -> dict:
        value = self._head.get("schedule")
        return value if isinstance(value, dict) else {}

    @property
    def ignores(self) -> list[tuple[int, Any]]:
        lint = self._head.get("lint")
        entries = lint.get("ignore") if isinstance(lint, dict) else None
        return list(enumerate(entries)) if isinstance(entries, list) else []

    def declares(self, key: str) -> bool:
        """Is ``key`` one of the comm file's top-level keys?"""
        return key in (self.data if key in HEAVY_KEYS else self._head)

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
