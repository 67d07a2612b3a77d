"""The audit report as text, JSON, CSV or one self-contained HTML page.

Every value in the record came from content under review or from a target someone else can
write, so each medium escapes it (:mod:`..formatters.escape`): terminal text shows control
characters visibly, JSON is post-processed with ``json_text``, CSV cells are one line and a
cell that a spreadsheet would run as a formula (``= + - @``, tab, CR) starts with a quote, and
HTML is escaped text in a page with inline CSS, no script, no external resource, and a
Content-Security-Policy that forbids both.
"""

from __future__ import annotations

import csv
import html
import io
import json

from ..formatters.escape import guard, json_text, terminal, terminal_block, terminal_line

VIEWS = ("releases", "clauses", "comms")


def as_json(report: dict) -> str:
    return json_text(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"


# ---------------------------------------------------------------- text
def as_text(report: dict, view: str) -> str:
    out = [f"Audit of {_source(report['source'])}" + (f"; filters: {_filters(report['filters'])}" if _filters(report['filters']) else "")]
    if view == "releases":
        for row in report["releases"]:
            lint = row.get("lint") or {}
            out.append("")
            out.append(f"release {row['release']}  {row['from'] or '?'} → {row['to'] or 'current'}  ({row['action']}"
                       + (f" by {row['by']}" if row.get("by") else "") + ")")
            out.append(f"  commit {(row.get('commit') or '-')[:12]} {row.get('subject') or ''}".rstrip())
            out.append(f"  approved: {_approvals(row.get('approvals') or {}) or 'none recorded'}")
            if row.get("required_owners"):
                out.append(f"  owners required: {', '.join(row['required_owners'])}")
            if lint:
                out.append(f"  lint: {lint.get('errors', 0)} error(s), {lint.get('warnings', 0)} warning(s), "
                           f"{lint.get('infos', 0)} info(s), {lint.get('suppressed', 0)} suppressed"
                           + (f" (ccm {row['rules'].get('ccm')}, catalogue {str(row['rules'].get('catalogue_sha256'))[:12]})" if row.get("rules") else ""))
            elif not row.get("evidence"):
                out.append("  evidence: none (a release from before ccm recorded it)")
            for item in row.get("suppressions") or []:
                out.append(f"  suppression: {item.get('comm')} {item.get('rule')}: {item.get('reason')}")
            if row.get("forced"):
                out.append(f"  forced: {row['forced']}")
        if not report["releases"]:
            out.append("No release matches.")
    elif view == "clauses":
        for row in report["clauses"]:
            out.append(f"{row['clause']} v{row['version']}  {row['comm']}  {row['locale']}/{row['channel']}  "
                       f"{row['from'] or '?'} → {row['to'] or 'current'}  releases {', '.join(r[:12] for r in row['releases'])}")
        if not report["clauses"]:
            out.append("No comm carried it in the record.")
    else:
        for comm in report["comms"]:
            out.append("")
            out.append(f"{comm['comm']}")
            for change in comm["changes"]:
                out.append(f"  {change['status']} {change['from'] or '?'} → {change['to'] or 'current'}  release {change['release']}"
                           f"  commit {(change.get('commit') or '-')[:12]} {change.get('subject') or ''}".rstrip())
                if change.get("changed_variants"):
                    out.append(f"    variants: {', '.join(change['changed_variants'])}")
                if change.get("approvals"):
                    out.append(f"    approved: {_approvals(change['approvals']) or 'none recorded'}")
                if change.get("lint") is not None:
                    out.append(f"    lint: {change['lint']['errors']} error(s), {change['lint']['warnings']} warning(s) for this comm")
                    for finding in change["lint"]["findings"][:20]:
                        out.append(f"      {finding.get('severity')} {finding.get('rule')}: {finding.get('message')}")
                for variant, fields in sorted((change.get("texts") or {}).items()):
                    for name, text in sorted(fields.items()):
                        out.append(f"    {variant} {name}:")
                        out += ["      " + line for line in terminal_block(text).split("\n")]
        if not report["comms"]:
            out.append("No comm matches.")
    if report["problems"]:
        out.append("")
        out += [f"problem: {p}" for p in report["problems"]]
    # one line per value (controls shown visibly), template text as its lines; no line can
    # be a GitHub workflow command
    return "\n".join(guard(line if line.startswith("      ") else terminal(line)) for line in out) + "\n"


def _source(source: dict) -> str:
    if source.get("kind") == "target":
        return f"target {source.get('target')} ({source.get('description')})"
    return f"git history of {source.get('ref')} ({source.get('commits')} first-parent commits, built from git; no target)"


def _filters(filters: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in filters.items() if v is not None)


def _approvals(data: dict) -> str:
    parts = []
    if data.get("approved_by"):
        parts.append("reviewers " + ", ".join(data["approved_by"]))
    if data.get("reviewed_by"):
        parts.append("Reviewed-by " + "; ".join(data["reviewed_by"]))
    if data.get("trailer_approved_by"):
        parts.append("Approved-by " + "; ".join(data["trailer_approved_by"]))
    if data.get("co_authored_by"):
        parts.append("Co-authored-by " + "; ".join(data["co_authored_by"]))
    if data.get("merge") and data.get("merged_by"):
        parts.append(f"merged by {data['merged_by']}")
    return "; ".join(parts)


# ---------------------------------------------------------------- csv
COLUMNS = {
    "releases": ("release", "from", "to", "action", "by", "commit", "branch", "author", "subject", "approved", "required_owners",
                 "lint_errors", "lint_warnings", "suppressed", "forced", "comms"),
    "clauses": ("clause", "version", "comm", "locale", "channel", "from", "to", "releases", "commits"),
    "comms": ("comm", "status", "from", "to", "release", "commit", "subject", "changed_variants", "approved", "lint_errors",
              "lint_warnings", "owner"),
}


def as_csv(report: dict, view: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS[view])
    for row in _csv_rows(report, view):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _csv_rows(report: dict, view: str):
    if view == "releases":
        for r in report["releases"]:
            lint = r.get("lint") or {}
            yield (r["release"], r["from"], r["to"], r["action"], r.get("by"), r.get("commit"), r.get("branch"), r.get("author"),
                   r.get("subject"), _approvals(r.get("approvals") or {}), " ".join(r.get("required_owners") or []),
                   lint.get("errors"), lint.get("warnings"), lint.get("suppressed"), r.get("forced"), r.get("comms"))
    elif view == "clauses":
        for r in report["clauses"]:
            yield (r["clause"], r["version"], r["comm"], r["locale"], r["channel"], r["from"], r["to"], " ".join(r["releases"]),
                   " ".join(r["commits"]))
    else:
        for comm in report["comms"]:
            for c in comm["changes"]:
                lint = c.get("lint") or {}
                yield (comm["comm"], c["status"], c["from"], c["to"], c["release"], c.get("commit"), c.get("subject"),
                       " ".join(c.get("changed_variants") or []), _approvals(c.get("approvals") or {}), lint.get("errors"),
                       lint.get("warnings"), c.get("owner"))


def _cell(value) -> str:
    if value is None:
        return ""
    text = terminal_line(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text  # a spreadsheet would run it as a formula
    return text


# ---------------------------------------------------------------- html
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.5rem;margin:.2rem 0}
.meta{color:#57606a}.problem{color:#a40e26}.ok{color:#1a7f37}.error{color:#a40e26}.warning{color:#9a6700}
"""


def _h(value) -> str:
    return "" if value is None else html.escape(terminal_block(value), quote=True)


def as_html(report: dict) -> str:
    filters = _filters(report["filters"])
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Compliance record: {_h(_source(report['source']))}</title>", f"<style>{CSS}</style></head><body>",
             "<h1>Compliance record</h1>",
             f"<p class=\"meta\">Source: {_h(_source(report['source']))}"
             + (f"<br>Filters: {_h(filters)}" if filters else "") + "</p>"]
    if report["problems"]:
        parts.append("<h2>Problems</h2><ul>" + "".join(f'<li class="problem">{_h(p)}</li>' for p in report["problems"]) + "</ul>")
    parts.append("<h2>Releases</h2>")
    if report["releases"]:
        parts.append("<table><thead><tr><th>Release</th><th>Live</th><th>How</th><th>Commit</th><th>Approvals</th>"
                     "<th>Owners required</th><th>Lint</th><th>Suppressions</th></tr></thead><tbody>")
        for r in report["releases"]:
            lint = r.get("lint") or {}
            lint_text = (f"{lint.get('errors', 0)} errors, {lint.get('warnings', 0)} warnings, {lint.get('suppressed', 0)} suppressed"
                         if lint else ("not recorded" if r.get("evidence") else "no evidence (older release)"))
            if r.get("rules"):
                lint_text += f" · ccm {r['rules'].get('ccm')} · catalogue {str(r['rules'].get('catalogue_sha256'))[:12]}"
            sups = "".join(f"<div>{_h(s.get('comm'))} <code>{_h(s.get('rule'))}</code>: {_h(s.get('reason'))}</div>"
                           for s in r.get("suppressions") or [])
            parts.append(
                f"<tr><td><code>{_h(r['release'])}</code></td><td>{_h(r['from'] or '?')} → {_h(r['to'] or 'current')}</td>"
                f"<td>{_h(r['action'])}{(' by ' + _h(r['by'])) if r.get('by') else ''}"
                f"{('<br>forced: ' + _h(r['forced'])) if r.get('forced') else ''}</td>"
                f"<td><code>{_h((r.get('commit') or '-')[:12])}</code> {_h(r.get('subject'))}<br><span class=\"meta\">{_h(r.get('author'))}</span></td>"
                f"<td>{_h(_approvals(r.get('approvals') or {}) or 'none recorded')}</td>"
                f"<td>{_h(', '.join(r.get('required_owners') or []))}</td><td>{_h(lint_text)}</td><td>{sups}</td></tr>")
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No release matches.</p>")
    parts.append("<h2>Clauses</h2>")
    if report["clauses"]:
        parts.append("<table><thead><tr><th>Clause</th><th>Version</th><th>Comm</th><th>Locale</th><th>Channel</th><th>From</th>"
                     "<th>To</th><th>Releases</th></tr></thead><tbody>")
        for r in report["clauses"]:
            parts.append(f"<tr><td>{_h(r['clause'])}</td><td>{_h(r['version'])}</td><td>{_h(r['comm'])}</td><td>{_h(r['locale'])}</td>"
                         f"<td>{_h(r['channel'])}</td><td>{_h(r['from'] or '?')}</td><td>{_h(r['to'] or 'current')}</td>"
                         f"<td>{' '.join('<code>' + _h(x[:12]) + '</code>' for x in r['releases'])}</td></tr>")
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No comm carried a clause in the record.</p>")
    parts.append("<h2>Comms</h2>")
    for comm in report["comms"]:
        parts.append(f"<h3>{_h(comm['comm'])}</h3><table><thead><tr><th>Change</th><th>Live</th><th>Release / commit</th>"
                     "<th>Approvals</th><th>Lint (this comm)</th><th>Text</th></tr></thead><tbody>")
        for c in comm["changes"]:
            lint = c.get("lint")
            lint_html = "not recorded" if lint is None else (
                f"{lint['errors']} errors, {lint['warnings']} warnings"
                + "".join(f"<div class=\"{_h(f.get('severity'))}\">{_h(f.get('rule'))}: {_h(f.get('message'))}</div>" for f in lint["findings"][:50]))
            texts = "".join(f"<div><b>{_h(variant)} · {_h(name)}</b><pre>{_h(text)}</pre></div>"
                            for variant, fields in sorted((c.get("texts") or {}).items()) for name, text in sorted(fields.items()))
            parts.append(f"<tr><td>{_h(c['status'])}<br><span class=\"meta\">{_h(', '.join(c.get('changed_variants') or []))}</span></td>"
                         f"<td>{_h(c['from'] or '?')} → {_h(c['to'] or 'current')}</td>"
                         f"<td><code>{_h(c['release'])}</code><br><code>{_h((c.get('commit') or '-')[:12])}</code> {_h(c.get('subject'))}</td>"
                         f"<td>{_h(_approvals(c.get('approvals') or {}) or 'none recorded')}</td><td>{lint_html}</td><td>{texts}</td></tr>")
        parts.append("</tbody></table>")
    if not report["comms"]:
        parts.append("<p>No comm matches.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
