"""Errors that stop a run: bad configuration, unreadable files, bad git refs.

Anything raised as :class:`CcmError` is printed as one line (``file:line:column: message``)
and ends the run with exit code 2. Problems in files ccm *can* read are findings instead.
"""

from __future__ import annotations

from .formatters.escape import guard, terminal


class CcmError(Exception):
    """A problem that stops ccm from running at all (exit code 2)."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return terminal(text)  # file names and values come from the content: one line, no control


class CcmErrors(CcmError):
    """Several fatal problems found at once (every unreadable file, not just the first)."""

    def __init__(self, errors: list[CcmError]) -> None:
        super().__init__(errors[0].message, errors[0].file, errors[0].line, errors[0].column)
        self.errors = errors

    def one_line(self) -> str:
        return guard("\n".join(error.one_line() for error in self.errors))
