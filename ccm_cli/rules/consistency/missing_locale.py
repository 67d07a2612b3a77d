"""A comm with no content in a locale of the project, and no declared reason for it.

What it checks: every comm has `content` in each locale of ccm.yaml's `locales:`, unless it
declares the locales it is written in, with a reason: `locales: {only: [en-US], reason: "US-only
regulatory notice"}`. A declaration without a reason is reported and not applied (as a
suppression without a reason); a declared locale that ccm.yaml does not list is reported too.
A locale that has some channels but not others is consistency/missing-channel's.
Why: in a bilingual repository a comm without ja-JP content reaches Japanese-speaking customers
in English, or not at all, and no rule that reads text can notice what was never written. When
a comm really is for one market only, the file should say so, and why, for the reviewer.
Bad:
    content: {en-US: {email: ...}}                  # ccm.yaml: locales: [en-US, ja-JP]
Good:
    content: {en-US: {email: ...}, ja-JP: {email: ...}}
    # or
    locales: {only: [en-US], reason: "US-only regulatory notice (TCPA)"}
    content: {en-US: {email: ...}}
"""

from __future__ import annotations

from ..base import at_doc, make

ID = "consistency/missing-locale"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "comm"


def _declared(comm, project_locales, findings):
    """The locales the comm declares it is written in (None: no valid declaration)."""
    value = comm.get("locales")
    if not isinstance(value, dict) or not isinstance(value.get("only"), list):
        return None  # absent, or the wrong shape: a schema finding
    only = [str(loc) for loc in value["only"]]
    for index, locale in enumerate(only):
        if locale not in project_locales:
            findings.append(make(__name__, f"locales.only names {locale}, which is not a locale of ccm.yaml ({', '.join(project_locales)})",
                                 **at_doc(comm.doc, ("locales", "only", index)), comm=comm, excerpt=locale,
                                 fix=f"Use one of {', '.join(project_locales)}"))
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        findings.append(make(__name__, "locales.only has no reason, so it is not applied: every locale of ccm.yaml is expected",
                             **at_doc(comm.doc, ("locales",), key=True), comm=comm, excerpt="locales",
                             fix="Add reason: \"why this comm is not needed in the other locales\""))
        return None
    return [loc for loc in only if loc in project_locales]


def check(comm, ctx):
    project_locales = ctx.project.locales
    if len(project_locales) < 2:
        return
    has = {locale for locale, _ in comm.variants()}
    if not has:
        return  # no content at all: a schema finding
    findings: list = []
    declared = _declared(comm, project_locales, findings)
    yield from findings
    expected = declared if declared is not None else project_locales
    for locale in expected:
        if locale not in has:
            written = ", ".join(sorted(has))
            yield make(__name__, f"no {locale} content (written in {written}); ccm.yaml locales are {', '.join(project_locales)}",
                       **at_doc(comm.doc, ("content",), key=True), comm=comm, locale=locale, excerpt="content",
                       fix=f"Add content.{locale}, or declare locales: {{only: [{written}], reason: \"why {locale} is not needed\"}}")
