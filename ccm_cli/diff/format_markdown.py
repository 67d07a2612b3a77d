"""`ccm diff --format markdown`: one pull-request comment.

Summary first, then the approvals the change needs (CODEOWNERS and ``governance:``), the intents changed comms now show or no longer show (for the compliance
reviewer: "now also: promotion"), the possibly stale translations, the lint delta, policy and guideline changes, facts, clauses,
templates, and one collapsible ``<details>`` per comm with a ``diff`` block per locale × channel
(each saying what it shows).

GitHub refuses comments over 65,536 characters. The report is cut to fit: sections are added
in order while they fit; a comm or clause that does not fit is listed on one line; what does
not fit at all is counted. A cut report ends with a note that the full report is in the CI
artifact (``ccm diff --format markdown --output FILE``).

Everything the content holds (ids, paths, owners, guideline and policy words, findings, the
rendered text) is escaped for where it goes (:mod:`ccm_cli.formatters.escape`): plain text in
prose, table cells and HTML tags, code spans and fences no content can close. No content can
hide the rest of the comment, add markup or ping anyone.
"""

from __future__ import annotations

from ..formatters.escape import guard, html_text, markdown_code, markdown_fence, markdown_text

GITHUB_LIMIT = 65_536
LIMIT = GITHUB_LIMIT - 536  # margin for what a CI step adds around the comment
NOTE = (
    "\n> ⚠️ **Truncated, see artifact.** This report is longer than a GitHub comment can be "
    "({total:,} characters; the limit is 65,536). {omitted} The full report is in the CI "
    "artifact (`ccm diff --format markdown --output FILE`).\n"
)


def size(text: str) -> int:
    """Length as GitHub counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def fence(text: str, lang: str = "") -> str:
    """A fenced code block that survives backticks inside ``text``."""
    return markdown_fence(text, lang)


def cell(text: object) -> str:
    """A table cell's text."""
    return markdown_text(text if text is not None else "")


def code(text: object, in_table: bool = False) -> str:
    return markdown_code(text, in_table)


def plain(value: object) -> str:
    """Content as plain text in Markdown prose."""
    return markdown_text(value)


def _ids(ids: list[str], limit: int = 20) -> str:
    shown = ", ".join(code(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


# ---------------------------------------------------------------- sections: (title, [(full, brief)])
def _header(report) -> str:
    def name(side) -> str:
        return code(side.ref) + (f" ({code(side.commit[:7])})" if side.commit and side.commit[:7] not in side.ref else "")

    s = report.summary()
    lines = [f"## ccm diff: {name(report.base)} → {name(report.head)}", ""]
    if not report.changed:
        lines.append("No changes for customers.")
        return "\n".join(lines) + "\n"
    comms = s["comms_added"] + s["comms_removed"] + s["comms_renamed"] + s["comms_changed"]
    parts = [f"**{comms} comm{'s' if comms != 1 else ''}** ({s['comms_added']} added, {s['comms_removed']} removed, "
             f"{s['comms_renamed']} renamed, {s['comms_changed']} changed)"]
    for key, label in (("clauses_changed", "clause"), ("facts_changed", "fact"), ("templates_changed", "template"), ("policy_changes", "policy change")):
        if s[key]:
            parts.append(f"{s[key]} {label}{'s' if s[key] != 1 else ''}")
    if s.get("intent_changes"):
        parts.append(f"**{s['intent_changes']} intent change{'s' if s['intent_changes'] != 1 else ''}**")
    if report.delta is not None:
        parts.append(f"lint: **{s['findings_introduced']} new**, {s['findings_fixed']} fixed")
    lines.append(" · ".join(parts))
    return "\n".join(lines) + "\n"


def _finding_row(f) -> str:
    where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or "")
    context = " · ".join(x for x in (f.comm, f.locale, f.channel) if x)
    return f"| {f.severity.label} | {code(f.rule, in_table=True)} | {cell(where)} | {cell(context)} | {cell(f.message)} |\n"


def _lint(report) -> list[tuple[str, list[tuple[str, str]]]]:
    if report.delta is None or not (report.delta.introduced or report.delta.fixed):
        return []
    head = "| severity | rule | where | comm · locale · channel | message |\n|---|---|---|---|---|\n"
    sections = []
    for title, findings in (("Lint: findings this change introduces", report.delta.introduced),
                            ("Lint: findings this change fixes", report.delta.fixed)):
        if findings:
            items = [(head + _finding_row(findings[0]), "")] + [(_finding_row(f), "") for f in findings[1:]]
            sections.append((f"### {title} ({len(findings)})\n\n", items))
    return sections


def _policies(report) -> list[tuple[str, list[tuple[str, str]]]]:
    if not report.policies:
        return []
    return [("### Policies and guidelines\n\n", [(f"- {code(p.file)}: {plain(p.text)}\n", "") for p in report.policies])]


def _facts(report) -> list[tuple[str, list[tuple[str, str]]]]:
    facts = report.changes.facts
    if not facts:
        return []
    items = []
    for f in facts:
        used = f" — used by {_ids(f.comms)}" if f.comms else " — used by no comm"
        items.append((f"- {plain(f.text)}{used}\n", f"- {plain(f.text)}\n"))
    return [("### Facts\n\n", items)]


def _clauses(report) -> list[tuple[str, list[tuple[str, str]]]]:
    items = []
    for c in report.changes.clauses:
        version = f"v{c.version_before} → v{c.version_after}" if c.status == "changed" else c.status
        summary = f"<b>{html_text(c.id)}</b> {html_text(version)} · {len(c.comms)} comm{'s' if len(c.comms) != 1 else ''}"
        body = "".join(f"- {plain(line)}\n" for line in c.changes)
        body += f"\nAffects: {_ids(c.comms, 100)}\n" if c.comms else "\nAffects no comm.\n"
        body += "".join(f"\n**{plain(loc)}**\n\n" + fence(diff, "diff") for loc, diff in c.texts)
        full = f"<details><summary>{summary}</summary>\n\n{body}\n</details>\n\n"
        items.append((full, f"- **{plain(c.id)}** {plain(version)} (text diff in the artifact)\n"))
    return [("### Clauses\n\n", items)] if items else []


def _templates(report) -> list[tuple[str, list[tuple[str, str]]]]:
    items = [(f"- {code(t.path)} {plain(t.status)} — included by {_ids(t.comms) if t.comms else 'no comm'}\n", f"- {code(t.path)} {plain(t.status)}\n")
             for t in report.changes.templates]
    return [("### Templates\n\n", items)] if items else []


def _callout(i) -> str:
    """``en-US · email: **now also:** promotion ('get $20 off' in body)``, escaped."""
    parts = []
    for label, items in (("now also", i.change.added), ("no longer", i.change.removed)):
        if items:
            parts.append(f"**{label}:** " + ", ".join(plain(name) + (f" ('{plain(ex[1])}' in {plain(ex[0])})" if ex else "")
                                                      for name, ex in items))
    return f"{plain(i.locale)} · {plain(i.channel)}: " + "; ".join(parts)


def _intents(report) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every intent a change adds to or removes from a comm: what the compliance reviewer must
    see first (the words are in each comm's section)."""
    items = [(f"- {code(c.id)} {_callout(i)}\n", "") for c in report.changes.comms for i in c.intents if i.change]
    if not items:
        return []
    return [("### Intents: what changed comms now do\n\n"
             "A comm that now also shows an intent (sells, threatens disconnection, asks for a referral…) falls under the "
             "policies for it, whatever its tags say.\n\n", items)]


def _stale(report) -> list[tuple[str, list[tuple[str, str]]]]:
    """Fields whose text changed in some locales and not in the others."""
    items = [(f"- {code(st.comm.id)} {plain(st.text)} — {code(st.where.origin.file)}\n", "") for st in report.stale]
    if not items:
        return []
    return [("### Possibly stale translations\n\n", items)]


def _approvals(report) -> list[tuple[str, list[tuple[str, str]]]]:
    """The owners whose approval the change needs (CODEOWNERS of the base, and governance:)."""
    items = []
    for a in report.approvals:
        either = f" (or {', '.join(code(o) for o in a.any_of)})" if a.any_of else ""
        paths = ", ".join(code(p) for p in a.paths[:10]) + (f" and {len(a.paths) - 10} more" if len(a.paths) > 10 else "")
        items.append((f"- {code(a.owner)}{either}: {paths} — {plain('; '.join(a.because))}\n", f"- {code(a.owner)}{either}\n"))
    if not items:
        return []
    return [("### Approvals this change needs\n\n", items)]


def _comms(report) -> list[tuple[str, list[tuple[str, str]]]]:
    items = []
    for c in report.changes.comms:
        meta = " · ".join(x for x in (c.status, f"owner {c.owner}" if c.owner else None, c.category) if x)
        summary = f"<b>{html_text(c.id)}</b> — {html_text(meta)}"
        body = code(c.path) + (f" (was {code(c.old_path)})" if c.old_path else "") + "\n\n"
        body += "".join(f"- {plain(line)}\n" for line in c.changes)
        body += "".join(f"- ⚑ {_callout(i)}\n" for i in c.intents if i.change)
        body += "".join(f"- ⚠️ {plain(st.text)}\n" for st in report.stale_of(c.id))
        for v in c.variants:
            sample = f" (sample {v.sample})" if v.sample else ""
            intents = c.intents_of(v.locale, v.channel)
            shows = f" · shows: {plain(', '.join(intents.shown.names) or 'no intent')}" if intents is not None else ""
            body += f"\n**{plain(v.locale)} · {plain(v.channel)}** — {plain(v.status + sample)}{shows}\n\n" + fence(v.diff, "diff")
        full = f"<details><summary>{summary}</summary>\n\n{body}\n</details>\n\n"
        items.append((full, f"- **{plain(c.id)}** — {plain(meta)} (diff in the artifact)\n"))
    return [("### Comms\n\n", items)] if items else []


def render(report) -> str:
    """The comment text, cut to GitHub's limit when needed; printed to a CI log, no line of it
    is a workflow command (:func:`~ccm_cli.formatters.escape.guard`)."""
    header = guard(_header(report) + "\n")
    sections = [(guard(title), [(guard(full), guard(brief)) for full, brief in items])  # each piece starts a line
                for title, items in _approvals(report) + _intents(report) + _stale(report) + _lint(report) + _policies(report) + _facts(report) + _clauses(report)
                + _templates(report) + _comms(report)]
    complete = header + "".join(title + "".join(full for full, _ in items) + "\n" for title, items in sections)
    if size(complete) <= LIMIT:
        return complete
    reserve = size(NOTE.format(total=size(complete), omitted="X" * 80)) + 200
    budget = LIMIT - reserve
    out = [header]
    used = size(header)
    omitted = 0
    for title, items in sections:
        if used + size(title) > budget:
            omitted += len(items)
            continue
        out.append(title)
        used += size(title)
        left = 0
        for full, brief in items:
            if not left and used + size(full) <= budget:
                out.append(full)
                used += size(full)
            elif brief and used + size(brief) <= budget:
                out.append(brief)
                used += size(brief)
            else:
                left += 1
        if left:
            more = f"\n… {left} more not shown.\n"
            out.append(more)
            used += size(more)
            omitted += left
        out.append("\n")
        used += 1
    detail = f"{omitted} item{'s' if omitted != 1 else ''} not shown; long ones are listed on one line." if omitted else "Long items are listed on one line."
    return "".join(out) + NOTE.format(total=size(complete), omitted=detail)


def write(report, out, width: int | None = None) -> None:
    out.write(render(report))
