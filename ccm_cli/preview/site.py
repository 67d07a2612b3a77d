"""`ccm preview --html DIR`: a static site of every comm as the customer will see it.

* ``index.html``: every comm, filtered in the page by owner, category, channel, locale and
  journey stage (plain JavaScript, no network), and a journey × channel matrix that shows
  which stages are covered on which channels.
* ``pages/<comm>.html``: every locale × channel × sample side by side; emails in iframes at
  desktop and mobile width with their plain-text part; what each variant does (its intents,
  SPEC 2.6, with the words that show them); the lint findings of each variant inline; with
  ``--base REF``, before/after of every changed variant, and the intents a change adds ("now
  also: promotion") or removes ("no longer: payment-deferral").
* ``emails/<comm>/<locale>--<sample>.html`` (and ``.txt``): each email as it would be sent.
* ``reuse.html``: ``ccm report reuse`` (:mod:`ccm_cli.reuse`), linked from the index.

Everything is local: CSS and JavaScript are copied into ``assets/``, pages link to each
other relatively, so the folder opens from ``file://`` and can be attached to a CI run.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CcmError
from ..model import CHANNELS, JOURNEYS, Comm
from ..render import Variant
from . import cards
from .cards import CHANNEL_LABEL, Context, e
from ..intents.variants import Shown, changes as intent_changes, library_of, shown_in_fields
from .collect import Collected, collect
from .diff import CommChange, compare, word_diff_html

ASSETS = Path(__file__).parent / "assets"
MARKER = ".ccm-preview"
OWNED = ("index.html", "pages", "emails", "assets", MARKER, "reuse.html")


@dataclass
class Site:
    out: Path
    index: Path
    pages: int = 0
    comm_pages: dict[str, Path] = field(default_factory=dict)

    def page_for(self, comm_id: str) -> Path:
        if comm_id in self.comm_pages:
            return self.comm_pages[comm_id]
        close = difflib.get_close_matches(comm_id, list(self.comm_pages), n=1, cutoff=0.5)
        raise CcmError(f"unknown comm '{comm_id}'", hint=f"did you mean '{close[0]}'?" if close else "see the index page for every comm")


NAME_MAX = 100  # characters of a file name taken from content (ids, locales, sample names)


def safe_name(text: str, limit: int = NAME_MAX) -> str:
    """A file name from text the content chose: characters other than letters, digits, ``.``,
    ``_`` and ``-`` become ``_`` (no ``/``, NUL or newline), never ``.`` or ``..``, and a name
    longer than ``limit`` is cut and ends with a hash of the whole text (so it stays unique)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", text)
    if name in ("", ".", ".."):
        name = name.replace(".", "_") or "_"
    if len(name) > limit:
        import hashlib

        name = f"{name[: limit - 17]}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
    return name


def page_name(comm_id: str) -> str:
    return safe_name(comm_id) + ".html"


def build_site(root: Path, out: Path, base: str | None = None, today: _dt.date | None = None, live_reload: bool = False) -> Site:
    """Load, render and lint the project (and ``base``), and write the site into ``out``."""
    import os

    from ..scale.store import open_store
    from ..project import load_project

    cache = open_store(root, keep=os.environ.get("CCM_NO_CACHE") != "1")
    jobs = max(1, os.cpu_count() or 1)
    try:
        head = collect(load_project(root, cache=cache), today, cache, jobs)
        base_collected = load_base(root, base, today, cache, jobs) if base else None
    finally:
        if cache is not None:
            cache.close()
    return write_site(head, out, base_collected, base, live_reload, jobs)


def load_base(root: Path, ref: str, today: _dt.date | None, cache=None, jobs: int = 1) -> Collected:
    """The project as it was at git ``ref``, linted (variants rendered when a page asks)."""
    from ..project import load_project_at

    return collect(load_project_at(root, ref, cache=cache), today, cache, jobs)


def write_site(head: Collected, out: Path, base: Collected | None = None, base_ref: str | None = None, live_reload: bool = False,
               jobs: int = 1) -> Site:
    out = _prepare(out)
    shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)
    changes = compare(base, head) if base is not None else {}
    site = Site(out, out / "index.html")
    writer = _Writer(head, base, base_ref, changes, out, live_reload)
    pages = {comm.id: (comm, head, False) for comm in head.comms}  # a duplicate id: the last comm's page
    in_head = set(pages)
    for comm in base.comms if base is not None else []:
        if comm.id not in in_head:
            pages[comm.id] = (comm, base, True)
    site.comm_pages.update(_write_pages(writer, list(pages.values()), jobs))
    site.index.write_text(writer.index(), "utf-8")
    (out / "reuse.html").write_text(writer.reuse(), "utf-8")
    site.pages = len(site.comm_pages) + 2
    (out / MARKER).write_text("This folder is written by `ccm preview --html`; it is replaced on every build.\n", "utf-8")
    return site


def _write_pages(writer: "_Writer", pages: list[tuple[Comm, Collected, bool]], jobs: int) -> dict[str, Path]:
    """comm id -> its page, for (comm, collected, removed) pages: rendered and written in
    ``jobs`` forked processes when there are many. Ids whose file names clash ("a b", "a_b")
    stay in one chunk, written in order, so the last one wins as in one process."""
    parts = None
    if jobs > 1 and len(pages) >= 4 * jobs:
        from ..scale.lanes import fork_imap

        by_file: dict[str, list[int]] = {}
        for index, (comm, _, _) in enumerate(pages):
            by_file.setdefault(page_name(comm.id), []).append(index)
        groups = list(by_file.values())
        size = max(1, min(50, len(groups) // (jobs * 8)))
        chunks = [[i for group in groups[start : start + size] for i in group] for start in range(0, len(groups), size)]
        parts = fork_imap(lambda chunk: [(pages[i][0].id, writer.comm_page(*pages[i])) for i in sorted(chunk)], chunks, jobs)
    if parts is None:
        return {comm.id: writer.comm_page(comm, collected, removed) for comm, collected, removed in pages}
    written = dict(pair for part in parts for pair in part)
    return {comm.id: written[comm.id] for comm, _, _ in pages}


def _prepare(out: Path) -> Path:
    """The real folder to write the site into: refuse a folder that is not ours, or that is (or
    lies through) a symlink inside the repository; clear our own previous build, removing a
    symlink among its entries rather than following it."""
    from ..output_files import output_folder

    shown = out
    out = output_folder(out, f"--html {shown}")
    if out.exists() and not out.is_dir():
        raise CcmError(f"--html needs a folder, but {shown} is a file")
    if (out / "ccm.yaml").exists():
        raise CcmError(f"{shown} is a content repository; write the preview site into a folder of its own", hint="e.g. --html dist/preview")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise CcmError(f"{shown} is not empty and was not written by ccm preview; choose an empty or new folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in OWNED:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.is_symlink() or target.exists():
            target.unlink()
    return out


# ---------------------------------------------------------------- pages
class _Writer:
    def __init__(self, head: Collected, base: Collected | None, base_ref: str | None, changes: dict[str, CommChange], out: Path, live: bool):
        self.head = head
        self.base = base
        self.base_ref = base_ref
        self.changes = changes
        self.out = out
        self.live = live
        self.project_name = str(head.project.config.get("name") or head.project.root.name)

    # -- shell
    def shell(self, title: str, body: str, depth: int, lang: str = "en") -> str:
        up = "../" * depth
        live = "<script>window.CCM_LIVE = true;</script>" if self.live else ""
        base = f'<span class="pill base">compared with <code>{e(self.base_ref)}</code></span>' if self.base_ref else ""
        return (
            f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)} · {e(self.project_name)} preview</title>\n"
            f'<link rel="stylesheet" href="{up}assets/site.css">\n{live}\n</head>\n<body>\n'
            f'<header class="topbar"><a class="logo" href="{up}index.html"><span class="logo-mark">ccm</span> {e(self.project_name)}</a>'
            f'<span class="topbar-note">Preview of every comm as customers see it</span>{base}</header>\n'
            f"<main>\n{body}\n</main>\n"
            f'<footer class="foot">Built by <code>ccm preview</code> · {e(_dt.datetime.now().strftime("%Y-%m-%d %H:%M"))}</footer>\n'
            f'<script src="{up}assets/site.js"></script>\n</body>\n</html>\n'
        )

    # -- index
    def index(self) -> str:
        comms = self.head.comms
        removed = [c for c in (self.base.comms if self.base else []) if c.id not in {x.id for x in comms}]
        all_comms = [(c, self.head) for c in comms] + [(c, self.base) for c in removed]
        result = self.head.result
        counts = result.counts()
        options = {
            "owner": sorted({c.owner for c, _ in all_comms if c.owner}),
            "category": sorted({c.category for c, _ in all_comms if c.category}),
            "channel": [ch for ch in CHANNELS if any(ch in _channels(c) for c, _ in all_comms)],
            "locale": sorted({loc for c, _ in all_comms for loc in c.locales()}),
            "journey": [j for j in JOURNEYS if any(c.get("journey") == j for c, _ in all_comms)],
        }
        selects = "".join(
            f'<label>{e(name.title())}<select data-filter="{e(name)}"><option value="">All</option>'
            + "".join(f'<option value="{e(v)}">{e(CHANNEL_LABEL.get(v, v) if name == "channel" else v)}</option>' for v in values)
            + "</select></label>"
            for name, values in options.items()
        )
        changed_toggle = '<label class="check"><input type="checkbox" data-filter="changed"> Changed only</label>' if self.base is not None else ""
        stats = (
            f'<div class="stats"><div><b>{len(comms)}</b><span>comms</span></div><div><b>{result.variants}</b><span>variants</span></div>'
            f'<div class="{"bad" if counts["errors"] else ""}"><b>{counts["errors"]}</b><span>errors</span></div>'
            f'<div class="{"warn" if counts["warnings"] else ""}"><b>{counts["warnings"]}</b><span>warnings</span></div>'
            + (f'<div class="{"changed" if self.changes else ""}"><b>{len(self.changes)}</b><span>changed since {e(self.base_ref)}</span></div>' if self.base is not None else "")
            + "</div>"
        )
        rows = "".join(self._index_row(c, col) for c, col in all_comms)
        project_findings = self.head.project_findings()
        project_block = (f'<section class="panel"><h2>Project findings</h2>{cards.findings_list(project_findings)}</section>' if project_findings else "")
        body = (
            f'<section class="hero"><h1>{e(self.project_name)}</h1>{stats}</section>'
            f'<section class="filters" aria-label="Filters"><input type="search" placeholder="Search comms…" data-filter="q" aria-label="Search">{selects}{changed_toggle}'
            '<button type="button" class="reset" data-reset>Reset</button><span class="count" data-count></span></section>'
            f'<section class="panel"><h2>Communications</h2><table class="comms"><thead><tr><th>Comm</th><th>Owner</th><th>Category</th><th>Journey</th>'
            f'<th>Channels</th><th>Locales</th><th>Lint</th></tr></thead><tbody>{rows}</tbody></table>'
            '<p class="empty-note" data-empty hidden>No comm matches these filters.</p></section>'
            f"{self._matrix(all_comms)}{project_block}"
            '<section class="panel"><h2>Content reuse</h2><p><a href="reuse.html">Reuse report</a>: snippets and facts by use, '
            "unused content, near-duplicate families and the snippet that would merge them, content per owner.</p></section>"
        )
        return self.shell("All comms", body, 0)

    def reuse(self) -> str:
        """reuse.html: ``ccm report reuse`` as a page (ccm_cli.reuse)."""
        from ..reuse.html import page_body
        from ..reuse.report import build

        return self.shell("Reuse", page_body(build(self.head.project)), 0)

    def _index_row(self, comm: Comm, collected: Collected) -> str:
        findings = collected.findings(comm, exact=False)
        change = self.changes.get(comm.id)
        status = change.status if change else ""
        channels = _channels(comm)
        chips = "".join(f'<span class="chip ch-{e(ch)}" title="{e(CHANNEL_LABEL.get(ch, ch))}">{e(CHANNEL_LABEL.get(ch, ch))}</span>' for ch in channels)
        badge = f' <span class="pill {e(status)}">{e(status)}</span>' if status else ""
        data = {
            "owner": comm.owner or "", "category": comm.category or "", "journey": comm.get("journey") or "",
            "channel": " ".join(channels), "locale": " ".join(comm.locales()), "changed": "1" if change else "",
            "q": f"{comm.id} {comm.get('name') or ''} {' '.join(comm.tags)}".lower(),
        }
        attrs = " ".join(f'data-{k}="{e(v)}"' for k, v in data.items())
        return (
            f'<tr {attrs}><td><a class="comm-link" href="pages/{e(page_name(comm.id))}">{e(comm.get("name") or comm.id)}</a>{badge}'
            f'<div class="muted mono">{e(comm.id)}</div></td><td>{e(comm.owner)}</td><td><span class="cat cat-{e(comm.category)}">{e(comm.category)}</span></td>'
            f'<td>{e(comm.get("journey"))}</td><td><div class="chips">{chips}</div></td><td>{e(", ".join(comm.locales()))}</td><td>{_lint_badge(findings)}</td></tr>'
        )

    def _matrix(self, all_comms: list[tuple[Comm, Collected]]) -> str:
        channels = list(self.head.project.channels)
        stages = list(JOURNEYS) + (["(none)"] if any(not c.get("journey") for c, _ in all_comms) else [])
        head = "".join(f'<th data-col="{e(ch)}"><span class="dot ch-{e(ch)}"></span>{e(CHANNEL_LABEL.get(ch, ch))}</th>' for ch in channels)
        rows = []
        for stage in stages:
            cells = []
            for ch in channels:
                chips = []
                for comm, _ in all_comms:
                    if (comm.get("journey") or "(none)") != stage:
                        continue
                    locales = [loc for loc in comm.locales() if ch in comm.channels_for(loc)]
                    if not locales:
                        continue
                    data = {"owner": comm.owner or "", "category": comm.category or "", "journey": comm.get("journey") or "",
                            "channel": ch, "locale": " ".join(locales), "changed": "1" if comm.id in self.changes else "",
                            "q": f"{comm.id} {comm.get('name') or ''}".lower()}
                    attrs = " ".join(f'data-{k}="{e(v)}"' for k, v in data.items())
                    chips.append(f'<a class="mchip" {attrs} href="pages/{e(page_name(comm.id))}" title="{e(comm.id)} · {e(", ".join(locales))}">{e(comm.get("name") or comm.id)}</a>')
                cells.append(f'<td data-col="{e(ch)}" class="{"covered" if chips else "gap"}">{"".join(chips) or "<span class=dash>—</span>"}</td>')
            rows.append(f'<tr><th scope="row">{e(stage)}</th>{"".join(cells)}</tr>')
        return (
            '<section class="panel"><h2>Journey × channel coverage</h2>'
            '<p class="muted">Which journey stages reach customers on which channels. Empty cells are gaps. The filters above apply here too.</p>'
            f'<div class="matrix-wrap"><table class="matrix"><thead><tr><th>Stage</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>'
        )

    # -- comm page
    def comm_page(self, comm: Comm, collected: Collected, removed: bool = False) -> Path:
        path = self.out / "pages" / page_name(comm.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        variants = collected.variants(comm)
        change = self.changes.get(comm.id)
        sections = [self._comm_header(comm, collected, change)]
        if change is not None:
            sections.append(self._changes(comm, change))
        if removed:
            sections.append(f'<section class="panel"><p>This comm was removed since <code>{e(self.base_ref)}</code>. It is shown as it was.</p></section>')
        by_channel: dict[str, list[Variant]] = {}
        for variant in variants:
            by_channel.setdefault(variant.channel, []).append(variant)
        order = [ch for ch in CHANNELS if ch in by_channel] + [ch for ch in by_channel if ch not in CHANNELS]
        nav = "".join(f'<a href="#ch-{e(ch)}"><span class="dot ch-{e(ch)}"></span>{e(CHANNEL_LABEL.get(ch, ch))}</a>' for ch in order)
        if nav:
            sections.append(f'<nav class="jump">{nav}</nav>')
        for ch in order:
            sections.append(self._channel_section(comm, collected, ch, by_channel[ch]))
        if not variants:
            sections.append('<section class="panel"><p class="muted">Nothing to render: this comm has no content, or its samples are missing.</p></section>')
        lang = collected.project.default_locale or "en"
        path.write_text(self.shell(str(comm.get("name") or comm.id), "".join(sections), 1, lang), "utf-8")
        return path

    def _comm_header(self, comm: Comm, collected: Collected, change: CommChange | None) -> str:
        audience = comm.audience
        schedule = comm.schedule
        window = schedule.get("send_window") if isinstance(schedule.get("send_window"), dict) else None
        meta = [
            ("Owner", comm.owner), ("Category", comm.category), ("Kind", comm.get("kind")), ("Journey", comm.get("journey")),
            ("Segment", audience.get("segment")), ("Excludes", ", ".join(map(str, audience.get("exclude") or [])) or None),
            ("Consent", audience.get("consent")),
            ("Schedule", f"{schedule.get('start') or '…'} → {schedule.get('end') or 'open-ended'}" if schedule else None),
            ("Send window", f"{window.get('start')}–{window.get('end')} ({window.get('timezone', 'recipient')})" if window else None),
            ("Tags", ", ".join(comm.tags) or None),
            ("Shows", ", ".join(sorted({i for v in collected.variants(comm) for i in self._shown(v, collected).words})) or "no intent"),
            ("File", comm.file),
        ]
        dl = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in meta if v)
        badge = f'<span class="pill {e(change.status)}">{e(change.status)} since {e(self.base_ref)}</span>' if change else ""
        samples = "".join(
            f'<details class="sample"><summary>Sample <b>{e(s.name)}</b></summary><pre>{e(json.dumps(s.data, ensure_ascii=False, indent=2, default=str))}</pre></details>'
            for s in comm.samples
        )
        description = f'<p class="description">{e(comm.get("description"))}</p>' if comm.get("description") else ""
        comm_findings = collected.comm_level_findings(comm)
        all_findings = collected.findings(comm, exact=False)
        return (
            f'<nav class="crumbs"><a href="../index.html">All comms</a> › <span class="mono">{e(comm.id)}</span></nav>'
            f'<section class="hero comm"><h1>{e(comm.get("name") or comm.id)} {badge}</h1>'
            f'<div class="mono muted">{e(comm.id)}</div>'
            f"{description}"
            f'<dl class="meta">{dl}</dl><div class="summary-line">{_lint_badge(all_findings, long=True)}</div>{samples}</section>'
            + (f'<section class="panel"><h2>Findings about the whole comm</h2>{cards.findings_list(comm_findings)}</section>' if comm_findings else "")
        )

    def _channel_section(self, comm: Comm, collected: Collected, channel: str, variants: list[Variant]) -> str:
        by_locale: dict[str, list[Variant]] = {}
        for variant in variants:
            by_locale.setdefault(variant.locale, []).append(variant)
        title = f'<h2 id="ch-{e(channel)}"><span class="dot ch-{e(channel)}"></span>{e(CHANNEL_LABEL.get(channel, channel))}</h2>'
        if channel == "email":
            blocks = []
            for locale, group in by_locale.items():
                ctx = self._ctx(collected, locale)
                items = []
                for variant in group:
                    label = _label(variant)
                    if "body" in variant.fields:
                        render = cards.email_render(variant, ctx)
                        href = self._write_email(comm, variant, render)
                        items.append(f'<div class="variant" lang="{e(locale)}"><div class="variant-label">{e(label)}</div>'
                                     f"{cards.email_inbox_row(variant, ctx)}{cards.intents_row(self._shown(variant, collected))}"
                                     f"{cards.email_frames(render, href, label)}{cards.render_errors(variant)}</div>")
                    else:  # no body to send: show what the inbox would list, and why
                        items.append(f'<div class="variant" lang="{e(locale)}"><div class="variant-label">{e(label)}</div>'
                                     f"{cards.email_inbox_row(variant, ctx)}{cards.intents_row(self._shown(variant, collected))}"
                                     f"{cards.render_errors(variant)}</div>")
                findings = cards.findings_list(collected.findings(comm, locale, channel))
                blocks.append(f'<div class="locale-block"><h3 class="locale">{e(locale)}</h3>{"".join(items)}<div class="findings-title">Lint · {e(locale)} · email</div>{findings}</div>')
            return f'<section class="panel channel ch-email">{title}{"".join(blocks)}</section>'
        columns = []
        for locale, group in by_locale.items():
            ctx = self._ctx(collected, locale)
            items = "".join(f'<div class="variant" lang="{e(locale)}"><div class="variant-label">{e(_label(v))}</div>{cards.frame(v, ctx)}'
                            f'{cards.intents_row(self._shown(v, collected))}</div>' for v in group)
            findings = cards.findings_list(collected.findings(comm, locale, channel))
            columns.append(f'<div class="locale-col"><h3 class="locale">{e(locale)}</h3><div class="variants">{items}</div><div class="findings-title">Lint · {e(locale)} · {e(channel)}</div>{findings}</div>')
        return f'<section class="panel channel ch-{e(channel)}">{title}<div class="locale-grid">{"".join(columns)}</div></section>'

    def _changes(self, comm: Comm, change: CommChange) -> str:
        blocks = []
        for vc in change.variants:
            label = " · ".join(x for x in (vc.locale, CHANNEL_LABEL.get(vc.channel, vc.channel), f"sample {vc.sample}" if vc.sample else None) if x)
            before = self._frame_for_diff(vc.before, self.base) if vc.before else '<div class="nothing">Not sent before</div>'
            after = self._frame_for_diff(vc.after, self.head) if vc.after else '<div class="nothing">No longer sent</div>'
            rows = []
            for name, old, new in vc.fields:
                left, right = word_diff_html(old, new)
                rows.append(f'<tr><th>{e(name)}</th><td class="old">{left}</td><td class="new">{right}</td></tr>')
            table = f'<table class="word-diff"><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead><tbody>{"".join(rows)}</tbody></table>' if rows else ""
            moved = cards.intent_change(intent_changes(self._shown(vc.before, self.base), self._shown(vc.after, self.head)))
            blocks.append(
                f'<div class="change"><div class="variant-label">{e(label)} <span class="pill {e(vc.status)}">{e(vc.status)}</span></div>'
                f'{moved}<div class="before-after"><div><div class="ba-title">Before · {e(self.base_ref)}</div>{before}</div>'
                f'<div><div class="ba-title">After · working tree</div>{after}</div></div>{table}</div>'
            )
        delta = []
        if change.findings_added:
            delta.append(f'<span class="pill removed">{change.findings_added} new finding{"s" if change.findings_added != 1 else ""}</span>')
        if change.findings_fixed:
            delta.append(f'<span class="pill added">{change.findings_fixed} fixed</span>')
        return (f'<section class="panel changes"><h2>Changes since <code>{e(self.base_ref)}</code> {"".join(delta)}</h2>'
                f'{"".join(blocks) or "<p class=muted>Metadata changed; what customers see is the same.</p>"}</section>')

    def _frame_for_diff(self, variant: Variant, collected: Collected | None) -> str:
        ctx = self._ctx(collected or self.head, variant.locale)
        if variant.channel == "email" and "body" in variant.fields:
            render = cards.email_render(variant, ctx)
            return (f'<div lang="{e(variant.locale)}">{cards.email_inbox_row(variant, ctx)}'
                    f'<iframe class="email" title="{e(_label(variant))}" width="375" height="500" sandbox="allow-same-origin" srcdoc="{e(render.html)}"></iframe></div>')
        return f'<div lang="{e(variant.locale)}">{cards.frame(variant, ctx)}</div>'

    # -- helpers
    def _shown(self, variant: Variant | None, collected: Collected | None) -> Shown | None:
        """The intents a rendered variant shows (read with its project's intent library)."""
        if variant is None:
            return None
        library = library_of((collected or self.head).project)
        return shown_in_fields(((n, f.text) for n, f in variant.fields.items()), variant.locale, variant.channel, library)

    def _ctx(self, collected: Collected, locale: str) -> Context:
        return Context(collected.renderer.facts(locale), collected.project.config)

    def _write_email(self, comm: Comm, variant: Variant, render) -> str:
        folder = self.out / "emails" / safe_name(comm.id)
        folder.mkdir(parents=True, exist_ok=True)
        stem = safe_name(f"{variant.locale}--{variant.sample.name if variant.sample else 'default'}")
        (folder / f"{stem}.html").write_text(render.html, "utf-8")
        (folder / f"{stem}.txt").write_text(render.text, "utf-8")
        return f"../emails/{folder.name}/{stem}.html"


def _channels(comm: Comm) -> list[str]:
    found = {ch for loc in comm.locales() for ch in comm.channels_for(loc)}
    return [ch for ch in CHANNELS if ch in found] + sorted(found - set(CHANNELS))


def _label(variant: Variant) -> str:
    return f"sample {variant.sample.name}" if variant.sample else "no sample"


def _lint_badge(findings, long: bool = False) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity.label] += 1
    parts = [f'<span class="lint {k}">{n} {k}{"s" if n != 1 else ""}</span>' for k, n in counts.items() if n]
    return "".join(parts) or f'<span class="lint ok">✓ {"no lint findings" if long else "clean"}</span>'
