"""``ccm report reuse --format text``: the report as tables for a terminal or a CI log.

Every value from the content is shown as one line with no control character
(:func:`ccm_cli.formatters.escape.terminal_line`) in a rich ``Text`` (never read as markup), and
no printed line can be a GitHub Actions workflow command (:class:`.escape.LineGuard`).
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..formatters.escape import LineGuard, terminal_line

ROWS = 20  # rows per table; the JSON has them all
PASSAGE = 160  # characters of a shared passage shown


def _t(value: object) -> Text:
    return Text(terminal_line("" if value is None else value))


def headline(summary: dict) -> str:
    """"Reuse would cut stored copy by N%" and the figures behind it."""
    return (f"Reuse would cut stored copy by {summary['cut_percent']}%: {summary['stored_chars']:,} characters stored, "
            f"{summary['chars_after']:,} after extracting the suggested snippets ({summary['saved_chars']:,} saved).")


def write_text(doc: dict, out: TextIO) -> None:
    with LineGuard(out) as guarded:
        console = Console(file=guarded, highlight=False, soft_wrap=False, width=160)
        _write(doc, console)


def _write(doc: dict, console: Console) -> None:
    s = doc["summary"]
    console.print(_t(f"Reuse report · {doc['project']}"), style="bold")
    console.print(_t(f"{s['comms']} comms, {s['variants']} variants · {s['snippets']} snippets, {s['facts']} facts, "
                     f"{s['clauses']} clauses, {s['segments']} segments"))
    console.print(_t(headline(s)))
    unused = s["unused"]
    console.print(_t(f"Unused: {unused['snippets']} snippets, {unused['facts']} facts, {unused['clauses']} clauses, "
                     f"{unused['segments']} segments · near-duplicates: {s['near_duplicate_comms']} comms in {s['families']} families"))
    if doc["not_judged"]:
        console.print(_t("Not judged (a computed include, clause id or fact key may use any): " + ", ".join(doc["not_judged"])))
    for title, key in (("Snippets by use", "snippets"), ("Facts by use", "facts")):
        rows = doc[key]
        table = Table(title=f"{title} ({len(rows)})", title_justify="left")
        for column in ("Name", "Comms", "Variants", "Also used by"):
            table.add_column(column, justify="right" if column in ("Comms", "Variants") else "left")
        for row in rows[:ROWS]:
            table.add_row(_t(row["name"]), _t(row["comms"]), _t(row["variants"]), _t(", ".join(row.get("also_used_by", []))))
        if len(rows) > ROWS:
            table.add_row(_t(f"… {len(rows) - ROWS} more (--format json)"), _t(""), _t(""), _t(""))
        console.print(table)
    table = Table(title="Unused content", title_justify="left")
    for column in ("Kind", "Name", "Where"):
        table.add_column(column)
    count = 0
    for kind, items in doc["unused"].items():
        for item in items:
            where = f"{item['file']}:{item['line']}" if item["line"] else item["file"]
            table.add_row(_t(kind[:-1]), _t(item["name"]), _t(where))
            count += 1
    if count:
        console.print(table)
    else:
        console.print(_t("Unused content: none"))
    if doc["families"]:
        table = Table(title=f"Near-duplicate families ({len(doc['families'])})", title_justify="left")
        for column in ("Comms", "Shared text", "Snippet", "Saves"):
            table.add_column(column, justify="right" if column == "Saves" else "left", overflow="fold")
        for family in doc["families"][:ROWS]:
            comms = ", ".join(family["comms"][:6]) + (f" (+{len(family['comms']) - 6})" if len(family["comms"]) > 6 else "")
            passages = family["passages"]
            if not passages:
                table.add_row(_t(comms), _t("(no passage worth a snippet: merge them into one comm)"), _t(""), _t("0"))
            for i, passage in enumerate(passages[:3]):
                text = " ".join(passage["text"].split())
                text = text if len(text) <= PASSAGE else text[: PASSAGE - 1] + "…"
                where = f"{passage['locale']} {passage['channel']} {passage['field']}, {passage['count']} comms: "
                table.add_row(_t(comms if i == 0 else ""), _t(where + text), _t(passage["snippet"]), _t(f"{passage['saved_chars']:,}"))
        console.print(table)
    else:
        console.print(_t("Near-duplicate families: none"))
    table = Table(title="Content per owner", title_justify="left")
    for column in ("Owner", "Comms", "Variants", "Stored characters", "Near-duplicate comms"):
        table.add_column(column, justify="left" if column == "Owner" else "right")
    for row in doc["owners"]:
        table.add_row(_t(row["owner"]), _t(row["comms"]), _t(row["variants"]), _t(f"{row['stored_chars']:,}"), _t(row["near_duplicate_comms"]))
    console.print(table)
