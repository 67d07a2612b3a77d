"""`--format text`: findings grouped by file, for people. Colour only on a terminal
(rich's detection), never when NO_COLOR is set."""

from __future__ import annotations

from itertools import groupby

import re

from rich.console import Console
from rich.markup import escape

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def one_line(message: str) -> str:
    """Multi-line messages (textlint's) on one line: the terminal groups by finding."""
    return re.sub(r"\s*\n\s*", " ", message.strip())


def write(result, out, options) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    for file, group in groupby(result.findings, key=lambda f: f.file or "(project)"):
        console.print(f"[bold underline]{escape(file)}[/]")
        for finding in group:
            where = f"{finding.line or 0}:{finding.column or 0}"
            level = finding.severity.label
            console.print(
                f"  [dim]{where:>7}[/]  [{STYLES[level]}]{level:<7}[/] {escape(one_line(finding.message))}  [dim]{finding.rule}[/]"
            )
            context = " · ".join(x for x in (finding.comm, finding.locale, finding.channel) if x)
            extra = []
            if context:
                extra.append(escape(context))
            if finding.fix:
                extra.append(f"[green]fix:[/] {escape(finding.fix)}")
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
