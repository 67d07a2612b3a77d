"""Template failures as findings: each exception a compile or a render raises becomes a
:class:`RenderError` of one kind, located at the line the writer edits (the template's line
mapped into its YAML file, or the line of the included snippet)."""

from __future__ import annotations

import traceback

from jinja2 import TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError

from ..model import Comm, Sample, TemplateField
from .limits import ResourceLimitExceeded
from .results import RenderError


class ClauseNotFound(Exception):
    def __init__(self, clause_id: str) -> None:
        super().__init__(f"unknown clause '{clause_id}'")
        self.clause_id = clause_id


class ClauseMissingLocale(Exception):
    def __init__(self, clause_id: str, locale: str) -> None:
        super().__init__(f"clause '{clause_id}' has no text for {locale}")
        self.clause_id = clause_id
        self.locale = locale


class TemplateTooComplex(TemplateSyntaxError):
    """A template source longer or more deeply nested than ccm compiles (a resource limit)."""


def budget_error(kind: str, tfield: TemplateField, message: str, sample: Sample | None, comm: Comm | None = None) -> RenderError:
    """A render the budget stopped or skipped: located at the comm's ``id:`` (the budget is
    the comm's or the run's), or at the start of the field."""
    if comm is not None:
        line, column = comm.doc.position(("id",))
        return RenderError(kind, tfield, message, comm.file, line, column, sample.name if sample else None)
    line, column = tfield.origin.locate(0)
    return RenderError(kind, tfield, message, tfield.origin.file, line, column, sample.name if sample else None)


def compile_error(tfield: TemplateField, failure: tuple) -> RenderError:
    """The RenderError of a template that does not compile (``failure``: ``("syntax", name,
    message, lineno)`` or ``("nested", message)``, as the renderer's per-text cache keeps it)."""
    if failure[0] == "syntax":
        _, name, message, lineno = failure
        if name:  # error inside an included snippet
            return RenderError("syntax", tfield, message, f"comms/{name}", lineno)
        line, column = _template_line_position(tfield, lineno)
        return RenderError("syntax", tfield, message, tfield.origin.file, line, column)
    # longer or nested deeper than ccm compiles, or than Jinja's parser or Python's compiler can take
    line, column = tfield.origin.locate(0)
    return RenderError("resource-limit", tfield, failure[1], tfield.origin.file, line, column)


def _template_line_position(tfield: TemplateField, lineno: int | None) -> tuple[int | None, int | None]:
    """Map a 1-based line of the template text to the file's line and column."""
    if not lineno:
        return tfield.origin.locate(0)
    lines = tfield.source.split("\n")
    offset = sum(len(line) + 1 for line in lines[: max(lineno - 1, 0)])
    line_text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    offset += len(line_text) - len(line_text.lstrip())
    return tfield.origin.locate(offset)


def runtime_error(tfield: TemplateField, exc: Exception, sample: Sample | None) -> RenderError:
    """The RenderError of a render that raised ``exc``."""
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
    if isinstance(exc, ResourceLimitExceeded):
        return RenderError("resource-limit", tfield, str(exc), file, line, column, sample_name)
    if isinstance(exc, TemplateTooComplex):  # an included snippet too long or too deep
        return RenderError("resource-limit", tfield, exc.message or str(exc), file, line, column, sample_name)
    if isinstance(exc, (RecursionError, MemoryError)):  # runaway macro recursion, huge values
        return RenderError("resource-limit", tfield, f"the template exceeded a resource limit ({type(exc).__name__})", file, line, column, sample_name)
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
    return RenderError("runtime", tfield, f"{type(exc).__name__}: {exc}", file, line, column, sample_name)
