"""A template that fails while rendering a sample.

What it checks: every variant renders with every sample: no missing value (StrictUndefined:
a missing variable is an error, never a blank), no filter applied to the wrong type (a text
passed to `money`), no invalid date.
Why: a blank where the amount should be ("Your bill of  is due") is the most common
template bug customers see. Rendering every sample in CI finds it first.
Bad:
    body: "Due {{ invoice.due | date }}"       # the data has invoice.due_date
Good:
    body: "Due {{ invoice.due_date | date }}"
"""

from __future__ import annotations

from ..base import make

ID = "template/render-error"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    for error in variant.errors:
        if error.kind not in ("undefined", "runtime", "syntax") or error.message.startswith("unknown fact"):
            continue
        if error.kind == "syntax" and error.sample is None:
            continue  # compile-time: template/syntax-error reports it once
        sample = f" with sample '{error.sample}'" if error.sample else ""
        yield make(__name__, f"{variant.channel}.{error.field.name} fails to render{sample}: {error.message}",
                   file=error.file, line=error.line, column=error.column, comm=variant.comm,
                   locale=variant.locale, channel=variant.channel,
                   fix="Check the variable names against variables: and the sample data")
