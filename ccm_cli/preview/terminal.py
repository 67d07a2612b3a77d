"""`ccm preview ID` in the terminal: a rich frame per channel that looks like the channel,
and the lint findings of that variant underneath.

Under each frame, what the variant does: its intents (SPEC 2.6) with the words that show them.
Frames: email (from, subject, preheader, body), SMS (a bubble with parts and encoding),
push (a lock-screen notification, cut where the lock screen cuts), LINE and chat (bubbles),
letter (address blocks and a page), web (a banner with headline, body and button).
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.markup import escape as _markup

from ..formatters.escape import terminal_block, terminal_line
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..findings import Finding
from ..intents.variants import library_of, shown_in_fields
from ..model import Comm
from ..render import Variant
from .collect import Collected
from .layout import display_width, letter_blocks, lock_screen, sender_address, sender_name, sms_caption

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "●"}
CHANNEL_TITLE = {"email": "✉  Email", "sms": "SMS", "push": "Push notification", "line": "LINE", "chat": "Chat", "letter": "Letter", "web": "Web banner"}
LINE_GREEN = "#06c755"


def escape(value: object) -> str:
    """A value from the content, for rich markup on one line: no markup, no control character."""
    return _markup(terminal_line(value))


def show(collected: Collected, comm: Comm, variants: list[Variant], console: Console, other_samples: list[str] | None = None) -> None:
    """Print the comm's header, then every variant's frame followed by its findings."""
    console.print(_header(collected, comm))
    if other_samples:
        console.print(f"[dim]Also has sample{'s' if len(other_samples) > 1 else ''} {escape(', '.join(other_samples))}: "
                      f"add --sample NAME (or --sample all).[/]")
    shown: set[tuple[str, str]] = set()
    for variant in variants:
        console.print()
        sample = variant.sample.name if variant.sample else None
        where = " · ".join(x for x in (variant.locale, variant.channel, f"sample {sample}" if sample else None) if x)
        console.print(Rule(f"[bold]{escape(where)}[/]", align="left", style="grey50"))
        console.print(frame(collected, variant))
        console.print(intents_line(collected, variant))
        if (variant.locale, variant.channel) not in shown:
            shown.add((variant.locale, variant.channel))
            console.print(findings_table(collected.findings(comm, variant.locale, variant.channel)))
    rest = collected.comm_level_findings(comm)
    if rest:
        console.print()
        console.print(Rule("[bold]Findings about the whole comm[/]", align="left", style="grey50"))
        console.print(findings_table(rest))


def _header(collected: Collected, comm: Comm) -> RenderableType:
    name = comm.get("name") or comm.id
    facts = [("owner", comm.owner), ("category", comm.category), ("kind", comm.get("kind")), ("journey", comm.get("journey"))]
    line = "   ".join(f"[dim]{k}[/] {escape(str(v))}" for k, v in facts if v) + f"\n[dim]{escape(comm.file)}[/]"
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in collected.findings(comm, exact=False):
        counts[finding.severity.label] += 1
    summary = "  ".join(f"[{SEVERITY_STYLE[k]}]{n} {k}{'s' if n != 1 else ''}[/]" for k, n in counts.items() if n) or "[green]✓ no findings[/]"
    return Panel(Group(Text.from_markup(f"[bold]{escape(str(name))}[/]  [dim]{escape(comm.id)}[/]"), Text.from_markup(line), Text.from_markup(summary)),
                 box=box.HEAVY, border_style="grey50", expand=False, padding=(0, 1))


# ---------------------------------------------------------------- frames
def frame(collected: Collected, variant: Variant) -> RenderableType:
    if variant.errors and not variant.fields:
        return _errors(variant)
    maker = {"email": _email, "sms": _sms, "push": _push, "line": _line, "chat": _chat, "letter": _letter, "web": _web}.get(variant.channel)
    parts: list[RenderableType] = [maker(collected, variant) if maker else _generic(variant)]
    if variant.errors:
        parts.append(_errors(variant))
    return Group(*parts)


def _text(variant: Variant, name: str) -> str:
    """A rendered field as the terminal shows it: line breaks kept, every other control visible."""
    found = variant.fields.get(name)
    return terminal_block(found.text.strip()) if found else ""


def _email(collected: Collected, variant: Variant) -> RenderableType:
    facts = collected.renderer.facts(variant.locale)
    head = Table.grid(padding=(0, 2))
    head.add_column(style="dim", no_wrap=True)
    head.add_column(overflow="fold")
    address = sender_address(facts, collected.project.config)
    head.add_row("From", Text(terminal_line(sender_name(facts) + (f" <{address}>" if address else "")), style="bold"))
    head.add_row("Subject", Text(_text(variant, "subject") or "(no subject)", style="bold"))
    preheader = _text(variant, "preheader")
    head.add_row("Preheader", Text(preheader or "(none: the inbox shows the body's first line)", style="italic" if preheader else "dim italic"))
    body = Markdown(hard_breaks(_text(variant, "body")), hyperlinks=False)
    return Panel(Group(head, Rule(style="grey35"), body), title=CHANNEL_TITLE["email"], title_align="left",
                 box=box.ROUNDED, border_style="blue", width=80, padding=(0, 2))


def hard_breaks(markdown: str) -> str:
    """Single newlines as line breaks, as in the HTML email (writers of Japanese mail rely on them)."""
    out, fenced = [], False
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not fenced and line.strip() and following.strip() and not line.endswith("  "):
            line += "  "
        out.append(line)
    return "\n".join(out)


def _bubble(text: str, title: str, subtitle: str | None, colour: str, width: int = 46) -> RenderableType:
    longest = max((display_width(line) for line in text.split("\n")), default=0)
    return Panel(Text(text), title=title, title_align="left", subtitle=subtitle, subtitle_align="right",
                 box=box.ROUNDED, border_style=colour, width=min(width, max(longest + 4, len(subtitle or "") + 6, len(title) + 6)), padding=(0, 1))


def _sms(collected: Collected, variant: Variant) -> RenderableType:
    body = _text(variant, "body")
    sender = terminal_line(sender_name(collected.renderer.facts(variant.locale)))
    return _bubble(body, f"SMS · {sender}", sms_caption(body), "green")


def _push(collected: Collected, variant: Variant) -> RenderableType:
    view = lock_screen(_text(variant, "title"), _text(variant, "body"))
    app = terminal_line(sender_name(collected.renderer.facts(variant.locale))).upper()
    top = Table.grid(expand=True)
    top.add_column()
    top.add_column(justify="right")
    top.add_row(Text(f"■ {app}", style="dim"), Text("now", style="dim"))
    parts: list[RenderableType] = [top]
    if view.title:
        parts.append(Text(view.title, style="bold"))
    parts.append(Text(view.body))
    return Panel(Group(*parts), title="Lock screen", title_align="left", subtitle=view.note, subtitle_align="right",
                 box=box.ROUNDED, border_style="magenta", width=46, padding=(0, 1))


def _line(collected: Collected, variant: Variant) -> RenderableType:
    sender = terminal_line(sender_name(collected.renderer.facts(variant.locale)))
    body = _text(variant, "body")
    return _bubble(body, f"LINE · {sender}", f"{len(body)} chars", LINE_GREEN, width=60)


def _chat(collected: Collected, variant: Variant) -> RenderableType:
    sender = terminal_line(sender_name(collected.renderer.facts(variant.locale)))
    body = _text(variant, "body")
    return _bubble(body, f"Chat · {sender}", f"{len(body)} chars", "cyan", width=60)


def _letter(collected: Collected, variant: Variant) -> RenderableType:
    facts = collected.renderer.facts(variant.locale)
    sender, recipient = letter_blocks(facts, variant.sample.data if variant.sample else None, variant.locale)
    top = Table.grid(expand=True)
    top.add_column()
    top.add_column(justify="right")
    top.add_row(Text(terminal_block("\n".join(recipient))), Text(terminal_block("\n".join(sender)), style="dim"))
    parts: list[RenderableType] = [top, Text("")]
    subject = _text(variant, "subject")
    if subject:
        parts.append(Text(subject, style="bold underline"))
        parts.append(Text(""))
    parts.append(Markdown(hard_breaks(_text(variant, "body")), hyperlinks=False))
    return Panel(Group(*parts), title="Letter · page 1", title_align="left", box=box.SQUARE, border_style="white", width=80, padding=(1, 3))


def _web(collected: Collected, variant: Variant) -> RenderableType:
    parts: list[RenderableType] = [Text(_text(variant, "headline"), style="bold"), Text("")]
    if _text(variant, "body"):
        parts += [Text(_text(variant, "body")), Text("")]
    cta = _text(variant, "cta")
    if cta:
        parts.append(Text(f"  {cta}  →  ", style="bold white on blue"))
    return Panel(Group(*parts), title="Web banner", title_align="left", box=box.DOUBLE, border_style="blue", width=80, padding=(1, 3))


def _generic(variant: Variant) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for name, value in variant.fields.items():
        grid.add_row(terminal_line(name), Text(terminal_block(value.text)))
    return Panel(grid, title=variant.channel, title_align="left", box=box.ROUNDED, width=80)


def _errors(variant: Variant) -> RenderableType:
    lines = [Text.from_markup(f"[bold red]✖[/] {escape(e.message)}  [dim]{escape(e.file)}:{e.line or 0}[/]") for e in variant.errors]
    return Panel(Group(*lines), title="Cannot render", title_align="left", border_style="red", box=box.ROUNDED, width=80)


# ---------------------------------------------------------------- intents
def intents_line(collected: Collected, variant: Variant) -> RenderableType:
    """What the variant does (SPEC 2.6): ``Shows: promotion ('Upgrade to' in body) · discount (…)``."""
    found = shown_in_fields(((n, f.text) for n, f in variant.fields.items()), variant.locale, variant.channel,
                            library_of(collected.project))
    if not found.words:
        return Padding(Text.from_markup("[dim]Shows no intent[/]"), (0, 0, 0, 1))
    parts = []
    for intent in found.names:
        name, words = found.example(intent)
        parts.append(f"[bold yellow]{escape(intent)}[/] [dim]('{escape(words)}' in {escape(name)})[/]")
    return Padding(Text.from_markup("[dim]Shows:[/] " + " · ".join(parts)), (0, 0, 0, 1))


# ---------------------------------------------------------------- findings
def findings_table(findings: list[Finding]) -> RenderableType:
    if not findings:
        return Padding(Text.from_markup("[green]✓[/] [dim]no lint findings[/]"), (0, 0, 0, 1))
    rows: list[RenderableType] = []
    for finding in findings:
        level = finding.severity.label
        where = f"{finding.file or ''}:{finding.line or 0}:{finding.column or 0}"
        rows.append(Text.from_markup(
            f"[{SEVERITY_STYLE[level]}]{SEVERITY_MARK[level]} {level:<7}[/] {escape(finding.message)}  [dim]{escape(finding.rule)}  {escape(where)}[/]"))
        if finding.fix:
            rows.append(Text.from_markup(f"          [green]fix:[/] {escape(finding.fix)}"))
    return Padding(Group(*rows), (0, 0, 0, 1))
