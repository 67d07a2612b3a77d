"""A term the reader may not know, used without an explanation or where a plain word would do.

What it checks: the text a customer reads against the `jargon:` glossary of
brand/guidelines.yaml and ccm's built-in plain-language defaults (the plainlanguage.gov "Use
simple words and phrases" list; for Japanese, loanwords from 文化庁「公用文作成の考え方」 and
国立国語研究所「外来語」言い換え提案 — `ccm_cli/text/jargon_defaults.yaml` names every source). The
rule runs when the guidelines have a `jargon:` key (an empty list: the defaults alone).

    jargon:
      - {term: standing charge, explain: true, locale: en}   # explain it where it is first used
      - {term: tariff, use: price plan, locale: en}         # replace it, every time
      - {term: 基本料金, explain: true, locale: ja}
      - {term: utilize, allow: true}                         # the brand uses it: drop a default
      - {term: kWh, explain: true, severity: error}

* **Explain** (`explain: true`): the *first use* in a field must carry its explanation right
  next to it — "standing charge (a fixed daily amount you pay whatever you use)", "…, which
  means …", "a fixed daily amount, called the standing charge", 「基本料金（使用量にかかわらず
  毎月かかる定額の料金）」, 「基本料金とは、…」. Later uses need none. A field that is never
  sentences (subject, preheader, push title, headline, CTA) is not asked to explain: the body
  under it is where the term is explained. Each channel explains on its own (a customer who
  reads the SMS never sees the email).
* **Replace** (`use:`, and every built-in default): every use is reported, with the words to
  write instead.

English terms match in any inflection of their own words ("metered consumption" finds
"metered consumptions", never "consumer"); abbreviations and units (`kWh`, `MPAN`) match
case-sensitively, also after a number ("412kWh"); Japanese terms match on morphemes.
Severity: the built-in defaults are `info`; the repository's own entries `warning`, or the
entry's `severity`. Not checked: link URLs, inline code, bare URLs, clause text, and words that
come from a fact or a variable (the writer did not type them).
Why: a bill full of "standing charge", "renewable levy per kWh of metered consumption" can
score well on Flesch-Kincaid and still leave customers calling to ask what they are paying
for. Regulators ask for plain words (Ofgem's bill rules, the US Plain Writing Act, 公用文作成の
考え方), and the reader knows a term only once someone has explained it.
Bad:
    # guidelines.yaml: jargon: [{term: standing charge, explain: true}, {term: metered consumption, use: the energy you used}]
    body: "Your standing charge and the renewable levy per kWh of metered consumption are changing."
Good:
    body: "Your standing charge (a fixed daily amount, whatever you use) is changing, and so is the price of the energy you used."
"""

from __future__ import annotations

from ...findings import TextProblem
from ...text.jargon import JARGON_SCHEMA, find_jargon, load_glossary
from ..base import make
from ..brand._common import guidelines_of, memo, reader_view, to_source
from ..options import Option, Schema

ID = "readability/jargon"
CATEGORY = "readability"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "jargon": Option(Schema(JARGON_SCHEMA), None, "Jargon",
                     "Terms to explain where first used (explain: true) or to replace (use); allow: true drops a "
                     "built-in default. With this key the built-in plain-language defaults apply too (severity info).",
                     ([{"term": "standing charge", "explain": True, "locale": "en"},
                       {"term": "tariff", "use": "price plan", "locale": "en"}],)),
}


def glossary(ctx):
    """The run's glossary (the guidelines' entries on top of the defaults), or None when the
    guidelines have no ``jargon:`` key."""
    def build():
        guidelines = guidelines_of(ctx)
        if "jargon" not in guidelines:
            return None
        project = getattr(ctx, "project", None)
        doc = project.doc("guidelines") if project is not None else None
        found, _ = load_glossary(guidelines.get("jargon") or [], doc, ("jargon",), schema_problems=False)
        return found
    return memo(ctx, (ID, "glossary"), build)


def check(target, ctx):
    terms = glossary(ctx)
    if terms is None:
        return
    view = reader_view(target)
    if view is None or not view.text.strip():
        return
    for m in find_jargon(view.text, target.locale, terms):  # paragraph by paragraph, each read once per run
        needs = m.needs
        if needs is None or (needs == "explain" and not target.is_sentences) or view.skipped(m.start, m.end):
            continue
        start, end = to_source(target, m.start, m.end)
        term = m.term
        severity = term.severity or ("info" if term.builtin else "warning")
        if needs == "explain":
            meaning = term.note or ("意味" if target.language == "ja" else "what it means")
            example = f"{m.words}（{meaning}）" if target.language == "ja" else f"{m.words} ({meaning})"
            fix = f"Explain it where it first appears: '{example}'"
            if term.use:
                fix += ", or write " + " or ".join(f"'{u}'" for u in term.use)
        else:
            fix = "Write " + " or ".join(f"'{u}'" for u in term.use) if term.use else f"Leave '{m.words}' out"
            if term.note:
                fix += f" ({term.note})"
        yield TextProblem(start, end, m.message(), fix, {"severity": severity})


def check_repository(project, ctx):
    """The glossary itself: an entry that says nothing to do, a term listed twice, a term
    without words (the guidelines schema reports wrong types and unknown keys)."""
    doc = project.doc("guidelines")
    if doc is None or not isinstance(project.guidelines, dict) or not isinstance(project.guidelines.get("jargon"), list):
        return
    _, problems = load_glossary(project.guidelines["jargon"], doc, ("jargon",), defaults=False, schema_problems=False)
    for p in problems:
        yield make(__name__, p.message, file=p.file, line=p.line, column=p.column, fix=p.fix, severity="error")
