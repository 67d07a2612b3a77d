"""The reuse report as the body of a page of the preview site (``reuse.html``, written by
``ccm preview --html DIR`` and linked from its index).

Every value from the content goes through :func:`html.escape` (quotes too); the page uses the
site's own stylesheet and nothing from the network.
"""

from __future__ import annotations

from html import escape

from .text import headline

ROWS = 200  # rows per table; the JSON has them all


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _table(headers: list[str], rows: list[list[object]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{e(v)}</td>' if i in numeric else f"<td>{e(v)}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in rows[:ROWS]
    )
    more = f'<p class="empty-note">{len(rows) - ROWS} more rows: <code>ccm report reuse --format json</code></p>' if len(rows) > ROWS else ""
    return f'<table class="comms"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'


def page_body(doc: dict) -> str:
    s = doc["summary"]
    stats = "".join(
        f"<div><b>{e(value)}</b><span>{e(label)}</span></div>"
        for value, label in ((s["comms"], "comms"), (s["snippets"], "snippets"), (s["facts"], "facts"),
                             (sum(s["unused"].values()), "unused"), (s["families"], "near-duplicate families"),
                             (f"{s['cut_percent']}%", "reuse would cut"))
    )
    parts = [f'<nav class="crumbs"><a href="index.html">All comms</a> › <span>Reuse</span></nav>'
             f'<section class="hero"><h1>Content reuse</h1><div class="stats">{stats}</div><p>{e(headline(s))}</p></section>']
    if doc["not_judged"]:
        parts.append(f'<p class="empty-note">Not judged (a computed include, clause id or fact key may use any): {e(", ".join(doc["not_judged"]))}</p>')
    for title, key in (("Snippets by use", "snippets"), ("Facts by use", "facts"), ("Clauses by use", "clauses"), ("Segments by use", "segments")):
        rows = [[r["name"], r["comms"], r.get("variants", ""), ", ".join(r.get("also_used_by", [])), ", ".join(r["used_by"][:10])] for r in doc[key]]
        parts.append(f'<section class="panel"><h2>{e(title)}</h2>'
                     + _table(["Name", "Comms", "Variants", "Also used by", "Used by (first 10)"], rows, {1, 2}) + "</section>")
    unused = [[kind[:-1], item["name"], f"{item['file']}:{item['line']}" if item["line"] else item["file"]]
              for kind, items in doc["unused"].items() for item in items]
    parts.append('<section class="panel"><h2>Unused content</h2>'
                 + (_table(["Kind", "Name", "Where"], unused) if unused else '<p class="empty-note">None: everything is used.</p>') + "</section>")
    families = []
    for family in doc["families"]:
        comms = ", ".join(family["comms"])
        if not family["passages"]:
            families.append([comms, "", "(no passage worth a snippet: merge them into one comm)", "", 0])
        for p in family["passages"]:
            families.append([comms, f"{p['locale']} {p['channel']} {p['field']} ({p['count']} comms)", p["text"], p["snippet"], p["saved_chars"]])
    parts.append('<section class="panel"><h2>Near-duplicate families and the snippet that would merge them</h2>'
                 + (_table(["Comms", "Where", "Shared text", "Snippet", "Saves (characters)"], families, {4}) if families
                    else '<p class="empty-note">No near-duplicate comms.</p>') + "</section>")
    owners = [[r["owner"], r["comms"], r["variants"], r["stored_chars"], r["near_duplicate_comms"]] for r in doc["owners"]]
    parts.append('<section class="panel"><h2>Content per owner</h2>'
                 + _table(["Owner", "Comms", "Variants", "Stored characters", "Near-duplicate comms"], owners, {1, 2, 3, 4}) + "</section>")
    return "".join(parts)
