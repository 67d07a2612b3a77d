"""`--format text`: findings grouped by file, for people. Colour only on a terminal
(rich's detection), never when NO_COLOR is set.

Every value from the content is one line with no control character (:func:`.escape.terminal`),
and no printed line can be a GitHub Actions workflow command (:class:`.escape.LineGuard`):
CI prints this output in its log."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from .escape import LineGuard, terminal, terminal_line

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def one_line(message: str) -> str:
    """Multi-line messages (textlint's) on one line: the terminal groups by finding."""
    return terminal_line(message)


def write(result, out, options) -> None:
    with LineGuard(out) as guarded:
        _write(result, Console(file=guarded, highlight=False, soft_wrap=True), options)


def _write(result, console: Console, options) -> None:
    for file, group in groupby(result.findings, key=lambda f: f.file or "(project)"):
        console.print(f"[bold underline]{escape(terminal(file))}[/]")
        for finding in group:
            where = f"{finding.line or 0}:{finding.column or 0}"
            level = finding.severity.label
            console.print(
                f"  [dim]{where:>7}[/]  [{STYLES[level]}]{level:<7}[/] {escape(one_line(finding.message))}  [dim]{escape(terminal(finding.rule))}[/]"
            )
            context = " · ".join(terminal(x) for x in (finding.comm, finding.locale, finding.channel) if x)
            extra = []
            if context:
                extra.append(escape(context))
            if finding.fix:
                extra.append(f"[green]fix:[/] {escape(one_line(finding.fix))}")
            if extra:
                console.print(f"  {'':>7}  {'':<7} " + "  ".join(extra), style=None)
        console.print()
    counts = result.counts()
    total = len(result.findings)
    summary = (
        f"{total} problem{'s' if total != 1 else ''} ({counts['errors']} errors, {counts['warnings']} warnings, "
        f"{counts['infos']} infos) in {result.comms} comms, {result.variants} variants"
    )
    if result.suppressed:
        summary += f"; {result.suppressed} suppressed"
    if total == 0:
        console.print(f"[green]✓[/] {summary}")
    elif not options.quiet or counts["errors"]:
        console.print(f"[{'red' if counts['errors'] else 'yellow'}]✖[/] {summary}")
