"""`ccm rules` and `ccm explain RULE`: the rule catalogue, generated from the rules themselves
(:mod:`ccm_cli.catalogue`).

Registered in cli.py with ``app.command("rules")(rules)`` and
``app.command("explain")(explain)``. Only typer and the standard library are imported at
module level, so that ``ccm --help`` stays fast.
"""

from __future__ import annotations

import typer

from .report_options import check_format

FORMATS = ("text", "json", "markdown")


def rules(format: str = typer.Option("text", "--format", "-f", help="text, json or markdown.")) -> None:
    """List every rule: id, category, default severity and what it checks."""
    from .. import rules as registry
    from ..catalogue import rules_json, rules_markdown, rules_text

    check_format(format, FORMATS)
    if format == "json":
        typer.echo(rules_json())
    elif format == "markdown":
        typer.echo(rules_markdown(), nl=False)
    else:
        typer.echo(rules_text(registry.all_rules()))


def explain(rule: str = typer.Argument(..., help="Rule id, e.g. channel/sms-length or ja/max-ten.")) -> None:
    """Print a rule's documentation: what it checks, why, a bad and a good example."""
    from ..catalogue import explain as explain_rule

    typer.echo(explain_rule(rule))
