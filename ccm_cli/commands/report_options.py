"""What the commands that print a report share: ``--format`` checking, ``--fail-on`` parsing and
writing the report to standard output or to ``--output``, each written once.

Only the standard library is imported at module level (``ccm --help`` stays fast).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable, Optional, TextIO

FORMAT_HELP = "Output format: text, json, sarif, github or junit."
FAIL_ON_HELP = "Exit 1 when a finding has this severity or higher: error, warning or info."


def check_format(format: str, formats: Iterable[str]) -> None:
    """Refuse a ``--format`` the command cannot write (exit 2)."""
    from ..errors import CcmError

    formats = tuple(formats)
    if format not in formats:
        raise CcmError(f"unknown format '{format}'; use one of: {', '.join(formats)}")


def parse_fail_on(value: str):
    """The :class:`~ccm_cli.findings.Severity` named by ``--fail-on`` (or ``lint.fail_on``)."""
    from ..errors import CcmError
    from ..findings import Severity

    try:
        return Severity.parse(value)
    except KeyError:
        raise CcmError(f"--fail-on must be error, warning or info, got '{value}'") from None


def write_report(output: Optional[Path], write: Callable[[TextIO], None]) -> None:
    """Call ``write`` with standard output, or with ``output``: written atomically, never
    through a symlink inside the repository (a committed ``ccm.sarif -> ~/.bashrc`` is
    replaced, not followed; see :mod:`ccm_cli.output_files`). A report that cannot be written
    (a missing folder, a full disk) is an error, exit 2; a reader that stopped early is not
    (the broken pipe goes on to ``main``)."""
    from ..errors import CcmError

    try:
        if output is not None:
            from ..output_files import write_text_file

            write_text_file(output, write, f"--output {output}")
        else:
            write(sys.stdout)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise CcmError(f"cannot write {output if output is not None else 'the output'}: {error.strerror or error}",
                       hint="check the folder exists and has room" if output is not None else None) from None


def report_findings(format: str, result, output: Optional[Path], options) -> int:
    """Write the lint ``result`` in ``format`` (see :mod:`ccm_cli.formatters`) and return the
    exit code: 1 when a finding is at ``options.fail_on`` or above, else 0."""
    from ..formatters import write

    write_report(output, lambda handle: write(format, result, handle, options))
    return 1 if any(f.severity >= options.fail_on for f in result.findings) else 0
