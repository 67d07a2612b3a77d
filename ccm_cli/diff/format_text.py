"""`ccm diff --format text`: the report for people in a terminal.

Rendered text is shown side by side (before | after) when the terminal is at least
``SIDE_BY_SIDE_WIDTH`` columns wide, else as a coloured unified diff. Colour only on a terminal
(rich's detection), never when NO_COLOR is set. Each variant says what it shows (its intents),
and an intent a change adds or removes is called out under the comm: ``⚑ en-US · email: now
also: promotion ('get $20 off' in body)``.

Every value from the content, the rendered text included, is printed without control
characters (:func:`~ccm_cli.formatters.escape.terminal`), and no printed line, wrapped ones
included, can be a GitHub Actions workflow command (:class:`~ccm_cli.formatters.escape.LineGuard`).
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..formatters.escape import LineGuard, terminal, terminal_line
from .textdiff import side_by_side

SIDE_BY_SIDE_WIDTH = 160
SEVERITY = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS = {"added": "green", "removed": "red", "renamed": "magenta", "changed": "yellow"}


def _unified(console: Console, diff: str, indent: str = "    ") -> None:
    for line in diff.split("\n"):
        style = None
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        console.print(Text(indent + terminal(line), style=style or ""), soft_wrap=True)


def _two_columns(console: Console, variant, labels: tuple[str, str]) -> None:
    before = variant.before.lines() if variant.before else []
    after = variant.after.lines() if variant.after else []
    table = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    table.add_column(Text(terminal(labels[0])), ratio=1, overflow="fold")
    table.add_column(Text(terminal(labels[1])), ratio=1, overflow="fold")
    for left, right, tag in side_by_side(before, after):
        changed = tag != "equal"
        table.add_row(
            Text(terminal(left or ""), style="red" if changed and left is not None else "dim" if not changed else ""),
            Text(terminal(right or ""), style="green" if changed and right is not None else "dim" if not changed else ""),
        )
    console.print(table)


def show(value: object) -> str:
    """A value from the content as rich markup: one line, no control character, no markup."""
    return escape(terminal_line(value))


def _finding(console: Console, mark: str, style: str, f) -> None:
    where = f"{terminal(f.file)}:{f.line or 0}:{f.column or 0}" if f.file else "(project)"
    context = " · ".join(terminal(x) for x in (f.comm, f.locale, f.channel) if x)
    level = f.severity.label
    console.print(
        f"  [{style}]{mark}[/] [{SEVERITY[level]}]{level:<7}[/] {show(f.message)}  [dim]{escape(terminal(f.rule))} · {escape(where)}"
        + (f" · {escape(context)}" if context else "") + "[/]"
    )


def _approvals(console: Console, report) -> None:
    if report.approvals:
        console.print("\n[bold underline]Approvals this change needs[/]")
        for a in report.approvals:
            either = f" [dim](or {show(', '.join(a.any_of))})[/]" if a.any_of else ""
            paths = ", ".join(a.paths[:5]) + (f" and {len(a.paths) - 5} more" if len(a.paths) > 5 else "")
            console.print(f"  [bold]{show(a.owner)}[/]{either}  {show(paths)}  [dim]{show('; '.join(a.because))}[/]")


def write(report, out, width: int | None = None) -> None:
    with LineGuard(out) as guarded:
        _write(report, Console(file=guarded, highlight=False, soft_wrap=False, width=width))


def _write(report, console: Console) -> None:
    wide = console.width >= SIDE_BY_SIDE_WIDTH
    labels = (report.base.ref, report.head.ref)
    base = report.base.ref + (f" ({report.base.commit[:7]})" if report.base.commit and report.base.commit[:7] not in report.base.ref else "")
    console.print(f"[bold]ccm diff[/]  {show(base)} → {show(report.head.ref)}")
    if not report.changed:
        console.print("[green]✓[/] no changes for customers")
        _approvals(console, report)  # a file changed all the same (a comment): its owners still approve it
        return
    s = report.summary()
    console.print(
        f"{s['comms_added']} added, {s['comms_removed']} removed, {s['comms_renamed']} renamed, {s['comms_changed']} changed comms · "
        f"{s['clauses_changed']} clauses · {s['facts_changed']} facts · {s['templates_changed']} templates · {s['policy_changes']} policy changes"
        + (f" · [bold yellow]{s['intent_changes']} intent change{'s' if s['intent_changes'] != 1 else ''}[/]" if s["intent_changes"] else "")
    )
    changes = report.changes
    for c in changes.comms:
        console.print()
        meta = " · ".join(x for x in (f"owner {c.owner}" if c.owner else None, c.category) if x)
        console.print(f"[bold]● {show(c.id)}[/]  [{STATUS[c.status]}]{c.status}[/]  [dim]{show(meta)}[/]")
        console.print(f"  [dim]{show(c.path)}" + (f" (was {show(c.old_path)})" if c.old_path else "") + "[/]")
        for line in c.changes:
            console.print(f"  {show(line)}")
        for line in c.callouts():  # for the compliance reviewer: what the comm now does, or no longer does
            console.print(f"  [bold yellow]⚑ {show(line)}[/]")
        for stale in report.stale_of(c.id):
            console.print(f"  [bold yellow]⚠ {show(stale.text)}[/]")
        for v in c.variants:
            sample = f" (sample {show(v.sample)})" if v.sample else ""
            intents = c.intents_of(v.locale, v.channel)
            shows = f" [dim]· shows: {show(', '.join(intents.shown.names) or 'no intent')}[/]" if intents is not None else ""
            console.print(f"  [bold]{show(v.locale)} · {show(v.channel)}[/] [{STATUS[v.status]}]{v.status}[/][dim]{sample}[/]{shows}")
            if wide:
                _two_columns(console, v, labels)
            else:
                _unified(console, v.diff)
    if changes.clauses:
        console.print("\n[bold underline]Clauses[/]")
        for c in changes.clauses:
            version = f"v{c.version_before} → v{c.version_after}" if c.status == "changed" else c.status
            console.print(f"[bold]● {show(c.id)}[/]  {show(version)}  [dim]{show(c.path)}[/]")
            for line in c.changes:
                console.print(f"  {show(line)}")
            console.print(f"  affects: {show(', '.join(c.comms)) if c.comms else 'no comm'}")
            for locale, diff in c.texts:
                console.print(f"  [bold]{show(locale)}[/]")
                _unified(console, diff)
    if changes.facts:
        console.print("\n[bold underline]Facts[/]")
        for f in changes.facts:
            console.print(f"  {show(f.text)}  [dim]used by {show(', '.join(f.comms)) if f.comms else 'no comm'}[/]")
    if changes.templates:
        console.print("\n[bold underline]Templates[/]")
        for t in changes.templates:
            console.print(f"  {show(t.path)} [{STATUS[t.status]}]{t.status}[/]  [dim]included by {show(', '.join(t.comms)) if t.comms else 'no comm'}[/]")
    listed = {c.id for c in changes.comms}
    unlisted = [st for st in report.stale if st.comm.id not in listed]  # text changed where no sample renders
    if unlisted:
        console.print("\n[bold underline]Possibly stale translations[/]")
        for stale in unlisted:
            console.print(f"  [bold yellow]⚠ {show(stale.comm.id)} {show(stale.text)}[/]")
    if report.policies:
        console.print("\n[bold underline]Policies and guidelines[/]")
        for p in report.policies:
            console.print(f"  [dim]{show(p.file)}[/]  {show(p.text)}")
    _approvals(console, report)
    if report.delta is not None and (report.delta.introduced or report.delta.fixed):
        console.print("\n[bold underline]Lint delta[/]")
        for f in report.delta.introduced:
            _finding(console, "+ new  ", "red", f)
        for f in report.delta.fixed:
            _finding(console, "− fixed", "green", f)
    if report.delta is not None:
        console.print(f"\n{s['findings_introduced']} findings introduced, {s['findings_fixed']} fixed")
