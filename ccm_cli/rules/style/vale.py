"""Your organisation's Vale styles (`styles:` in brand/guidelines.yaml), run on every text.

What it checks: every rule of every Vale style listed in ``styles:`` of brand/guidelines.yaml
(folders relative to the repository root, holding ``<Style>/<Rule>.yml`` files in Vale's
format). Findings are named ``<Style>.<Rule>`` as Vale names them, with the rule's
``message`` and ``level`` (error, warning; suggestion is reported as info); ``style/vale`` is
the id of this rule itself (``lint.disable: [style/vale]`` turns every style off). Supported check
types: existence, substitution, occurrence, repetition, capitalization, consistency and
conditional, with Vale's ``tokens``, ``raw``, ``exceptions``, ``ignorecase``, ``nonword``,
``swap``, ``either``, ``max``/``min``, ``first``/``second``, ``match`` ($title, $sentence,
$lower, $upper or a regex) and ``scope`` (text, paragraph, sentence, heading, list, and
``~scope`` for "everything but"). Headings are Markdown headings and fields that are
headlines (subject, title, headline, cta). Text a reader never sees — link URLs,
code, clause text — is not checked. Expressions use Python's syntax, which shares Vale's
(lookarounds included); ``\\w`` and ``\\b`` know every script. A rule file ccm cannot read, an
expression that does not compile, and one that runs longer than half a second on one text
(nested repeats such as ``(a+)+``) stop the run with file:line (exit 2): no style can hang CI.
Why: brand and editorial rules are data a writer can change in a pull request; the styles a
team already keeps for Vale (in the spirit of Microsoft's or write-good) work here unchanged.
Bad:
    # brand/styles/Kumo/Weasel.yml: {extends: existence, message: "Avoid '%s'.", tokens: [very, really]}
    body: "We are really sorry."
Good:
    body: "We are sorry."
"""

from __future__ import annotations

from ...errors import CcmError
from ...findings import TextProblem
from ...vale import Scopes, load_styles
from ..brand._common import guidelines_of, memo, reader_view, root_of, to_source
from ..options import Option, Schema

ID = "style/vale"
ALIASES = ("vale",)  # its id before it joined the style/ family: `ccm explain vale` still works
CATEGORY = "style"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "styles": Option(Schema({"type": "array", "items": {"type": "string"}}), None, "Vale styles",
                     "Folders of Vale-format rules (Style/Rule.yml).", (["brand/styles"],)),
}

HEADLINE_FIELDS = frozenset({"subject", "title", "headline", "cta"})


def _rules(ctx):
    folders = guidelines_of(ctx).get("styles")
    if not folders:
        return []
    if not isinstance(folders, list):
        raise CcmError("'styles' must be a list of folders", "brand/guidelines.yaml")
    root = root_of(ctx)
    if root is None:
        return []
    return load_styles(root, [str(f) for f in folders])


def check(target, ctx):
    rules = memo(ctx, (ID, "rules"), lambda: _rules(ctx))
    if not rules:
        return
    view = reader_view(target)
    if view is None:
        return
    prose = target.prose

    def typed(a: int, b: int) -> bool:
        return target.writer_typed(*prose.source_span(a, max(b, a + 1)))

    scopes = Scopes.build(prose, headline_field=target.field_name in HEADLINE_FIELDS, typed=typed)
    for rule in rules:
        for alert in rule.check(scopes):
            if view.skipped(alert.start, alert.end):
                continue
            start, end = to_source(target, alert.start, alert.end)
            yield TextProblem(start, end, alert.message, None, {"rule": rule.name, "severity": rule.level})
