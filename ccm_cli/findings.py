"""The values every stage shares: a finding, its severity and category, and a text problem.

Rules yield findings; formatters print them. Neither knows about the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that ``severity >= fail_on`` means "fails the run"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


CATEGORIES = (
    "schema",
    "template",
    "brand",
    "style",
    "readability",
    "clause",
    "contact",
    "consistency",
    "channel",
    "governance",
)


@dataclass(frozen=True)
class Finding:
    """One problem, located where the writer typed the text (SPEC 3.1)."""

    rule: str
    category: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    comm: str | None = None
    locale: str | None = None
    channel: str | None = None
    excerpt: str | None = None
    fix: str | None = None

    def to_json(self) -> dict:
        data = dict(self.__dict__)  # flat fields: no deep copy as dataclasses.asdict makes
        data["severity"] = self.severity.label
        return data

    @classmethod
    def from_report(cls, item: object) -> "Finding":
        """A finding read back from a JSON report (SPEC 3.1); ValueError, naming the field,
        when ``item`` is not one."""
        if not isinstance(item, dict):
            raise ValueError(f"a finding must be an object, not {type(item).__name__}")
        unknown = sorted(set(item) - _FIELDS.keys())
        if unknown:
            raise ValueError(f"unknown finding field '{unknown[0]}'")
        for name, kinds in _FIELDS.items():
            value = item.get(name)
            if name in _REQUIRED and value is None:
                raise ValueError(f"a finding has no '{name}'")
            if value is not None and (not isinstance(value, kinds) or isinstance(value, bool)):
                raise ValueError(f"finding field '{name}' must be {_KIND_NAMES[kinds]}, not {type(value).__name__}")
        severity = item["severity"]
        if severity not in ("error", "warning", "info"):
            raise ValueError(f"finding severity must be error, warning or info, not '{severity[:40]}'")
        return cls(**{**item, "severity": Severity.parse(severity)})

    @property
    def sort_key(self) -> tuple:
        return (
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.rule,
            self.comm or "",
            self.locale or "",
            self.channel or "",
            self.message,
        )

    @property
    def identity(self) -> tuple:
        """What makes two findings "the same" across commits (not the line number)."""
        return (self.rule, self.comm, self.locale, self.channel, self.message)


# The JSON fields of a finding and their types (SPEC 3.1).
_FIELDS = {"rule": str, "category": str, "severity": str, "message": str, "file": str, "line": int, "column": int,
           "comm": str, "locale": str, "channel": str, "excerpt": str, "fix": str}
_REQUIRED = ("rule", "category", "severity", "message")
_KIND_NAMES = {str: "a string", int: "an integer"}


@dataclass(frozen=True)
class TextProblem:
    """A problem found in a plain text by a text-level rule.

    ``start``/``end`` are offsets (Python ``str`` indices) into the text the rule was given;
    the caller maps them back to the file and line the writer typed.
    """

    start: int
    end: int
    message: str
    fix: str | None = None
    extra: dict = field(default_factory=dict)
