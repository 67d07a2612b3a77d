"""Jargon (issue 22, item 7): the built-in defaults and their sources, a guideline's `jargon:`
glossary, matching in English (inflections, word boundaries) and Japanese (morphemes), and
whether the first use is explained."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ccm_cli.text.jargon import JARGON_SCHEMA, builtin_glossary, find_jargon, load_glossary
from ccm_cli.yamlio import parse

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "jargon"
DEFAULTS = yaml.safe_load((ROOT / "ccm_cli/text/jargon_defaults.yaml").read_text("utf-8"))


def glossary(text: str, defaults: bool = False):
    doc = parse(text, "brand/guidelines.yaml")
    found, problems = load_glossary(doc.data.get("jargon"), doc, ("jargon",), defaults=defaults)
    assert problems == []
    return found


UTILITY = glossary((ROOT / "docs/examples/guidelines-jargon.yaml").read_text("utf-8"))


def found(text: str, locale: str = "en-US", terms=None):
    return [(m.term.term, m.words, m.needs) for m in find_jargon(text, locale, terms)]


# ---------------------------------------------------------------------------- the defaults and their sources
def _source_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "plainlanguage-use-simple-words-phrases.md").read_text("utf-8").splitlines():
        if "|" not in line or line.startswith("----") or "Don’t say" in line:
            continue
        term, use = (part.replace("**", "").strip() for part in line.split("|", 1))
        if term:
            rows.append((term, use))
    return rows


def test_every_english_default_comes_from_the_plainlanguage_list():
    rows = _source_rows()
    assert len(rows) == 237
    source_terms = {t.strip() for term, _ in rows for t in (term.split(",") if term in (
        "assist, assistance", "utilize, utilization") else [term])} | {"not later than", "and/or"}
    uses = {term: use for term, use in rows}
    for entry in DEFAULTS["en"]:
        assert entry["source"] == "plainlanguage"
        if entry.get("note", "").startswith("British spelling"):
            assert entry["term"].replace("is", "iz").replace("our", "or") in source_terms, entry
            continue
        assert entry["term"] in source_terms, entry
        for use in entry.get("use", []):
            assert any(use in uses.get(t, "") for t in uses if entry["term"] in t) or entry["term"] in (
                "not later than", "and/or"), entry


def test_every_row_of_the_source_is_a_default_or_left_out_with_a_reason():
    defaults = {e["term"] for e in DEFAULTS["en"]}
    left_out = {e["term"]: e["why"] for e in DEFAULTS["left_out"]}
    for term, _ in _source_rows():
        parts = [t.strip() for t in term.split(",")] if term in ("assist, assistance", "utilize, utilization") else [term]
        assert all(p in defaults for p in parts) or term in left_out, term
    assert all(why.strip() for why in left_out.values())
    assert not defaults & set(left_out)


def test_the_sources_and_licences_are_named():
    header = (ROOT / "ccm_cli/text/jargon_defaults.yaml").read_text("utf-8").split("\nsources:")[0]
    for words in ("plainlanguage.gov", "public domain", "CC0", "公用文作成の考え方", "国立国語研究所", "政府標準利用規約",
                  "43230773bd7c589ac6394ead7b36a2554241abdc"):
        assert words in header
    assert "CC0 1.0 Universal" in (DATA / "plainlanguage-LICENSE.md").read_text("utf-8")
    assert {e["source"] for e in DEFAULTS["ja"]} == {"bunka", "ninjal"}
    assert {"アジェンダ", "インタラクティブ", "インクルージョン", "コンセンサス"} <= {e["term"] for e in DEFAULTS["ja"]}
    assert len(builtin_glossary().terms) == len(DEFAULTS["en"]) + len(DEFAULTS["ja"])


# ---------------------------------------------------------------------------- matching: English
MATCHES_EN = [
    # (text, [(term, words, needs)])
    ("We will utilize your feedback.", [("utilize", "utilize", "replace")]),
    ("Utilization is up; we utilized it.", [("utilization", "Utilization", "replace"), ("utilize", "utilized", "replace")]),
    ("We are utilizing new meters.", [("utilize", "utilizing", "replace")]),
    ("We will terminate the contract.", [("terminate", "terminate", "replace")]),
    ("Your contract was terminated.", [("terminate", "terminated", "replace")]),
    ("Pay at the terminal.", []),                                     # a stem is not an inflection
    ("Sign with your initials.", []),
    ("A number of changes apply.", [("a number of", "A number of", "replace")]),
    ("An excessive number of attempts.", []),                         # the article is part of the term
    ("Use the full URL provided.", []),                               # "provided that", not "provided"
    ("Provided that you pay, nothing changes.", [("provided that", "Provided that", "replace")]),
    ("Dates are shown according to your settings.", []),              # "accorded" only as written
    ("In the event of an outage, call us.", [("in the event of", "In the event of", "replace")]),
    ("IN THE EVENT OF AN OUTAGE", [("in the event of", "IN THE EVENT OF", "replace")]),
    ("Pay by card and/or bank transfer.", [("and/or", "and/or", "replace")]),
    ("We sent a payment in the amount of $50.", [("in the amount of", "in the amount of", "replace")]),
    ("Please be advised that prices change.", [("be advised", "be advised", "replace")]),
    ("Customers impacted by the outage", [("impacted", "impacted", "replace")]),
    ("The outage is impacting 300 homes.", []),                      # the list names the past tense only
    ("Read https://kumo.example/utilize-your-meter and mail help@utilize.example", []),
    ("We will endeavour to reply.", [("endeavour", "endeavour", "replace")]),
    ("Please submit the form to request a new meter.", []),          # left out: ordinary in customer mail
    ("You have one more attempt.", []),
    ("Your payment failed to go through.", []),
]


@pytest.mark.parametrize("text, expected", MATCHES_EN)
def test_the_defaults_in_english(text, expected):
    assert found(text) == expected


def test_positions_and_messages():
    text = "Prior to your visit, please utilize the portal."
    a, b = find_jargon(text, "en-US")
    assert (a.start, a.end, text[a.start:a.end]) == (0, 8, "Prior to")
    assert b.message() == "'utilize' is jargon: use 'use' (plainlanguage.gov)"
    assert a.message() == "'Prior to' is jargon: use 'before' (plainlanguage.gov)"
    omit = find_jargon("Be advised: we are in the process of changing.", "en-US")
    assert [m.message() for m in omit] == ["'Be advised' is jargon: leave it out (plainlanguage.gov)",
                                            "'in the process of' is jargon: leave it out (plainlanguage.gov)"]
    assert omit[0].to_json()["needs"] == "replace"


# ---------------------------------------------------------------------------- explained on first use
EXPLAINED = [
    # (text, locale, [(term, first, explained)])
    ("Your standing charge (a fixed daily amount you pay whatever you use) goes up.", "en-GB",
     [("standing charge", True, True)]),
    ("Standing charge — the fixed daily amount you pay — rises.", "en-GB", [("standing charge", True, True)]),
    ("Standing charge - the fixed daily amount you pay.", "en-GB", [("standing charge", True, True)]),
    ("Standing charge: the fixed daily amount you pay.", "en-GB", [("standing charge", True, True)]),
    ("The standing charge, which means the fixed daily amount, rises.", "en-GB", [("standing charge", True, True)]),
    ("The standing charge, which is the amount you pay each day, rises.", "en-GB", [("standing charge", True, True)]),
    ("The standing charge is the fixed amount you pay each day.", "en-GB", [("standing charge", True, True)]),
    ("A levy, that is, a charge set by the government, applies.", "en-GB", [("levy", True, True)]),
    ("A levy, meaning a charge set by law, applies.", "en-GB", [("levy", True, True)]),
    ("The levy, a charge the government sets, applies.", "en-GB", [("levy", True, True)]),
    ("You used 412 kWh, or kilowatt-hours.", "en-US", [("kWh", True, True)]),
    ("kWh stands for kilowatt-hour.", "en-US", [("kWh", True, True)]),
    ("A fixed daily amount, called the standing charge, applies.", "en-GB", [("standing charge", True, True)]),
    ("A fixed daily amount (the standing charge) applies.", "en-GB", [("standing charge", True, True)]),
    ("# Standing charge\n\nThe standing charge is the fixed daily amount you pay.", "en-GB",
     [("standing charge", False, False), ("standing charge", True, True)]),
    # not explained
    ("Your standing charge is going up.", "en-GB", [("standing charge", True, False)]),
    ("Your standing charge is a bit higher.", "en-GB", [("standing charge", True, False)]),
    ("Your standing charge (SC) is going up.", "en-GB", [("standing charge", True, False)]),
    ("Your standing charge (2026) is going up.", "en-GB", [("standing charge", True, False)]),
    ("The standing charge, the unit rate and the levy change.", "en-GB",
     [("standing charge", True, False), ("unit rate", True, False), ("levy", True, False)]),
    ("Pay the levy, or we will add a fee.", "en-GB", [("levy", True, False)]),
    ("You used 412kWh.", "en-US", [("kWh", True, False)]),
    ("The levy rises. The levy (a charge set by law) is on page 2.", "en-GB",
     [("levy", True, False), ("levy", False, True)]),                # explained too late
    # Japanese
    ("基本料金（使用量にかかわらずかかる定額の料金）が変わります。", "ja-JP", [("基本料金", True, True)]),
    ("基本料金とは、使用量にかかわらずかかる料金です。", "ja-JP", [("基本料金", True, True)]),
    ("基本料金というのは、毎月かかる料金です。", "ja-JP", [("基本料金", True, True)]),
    ("基本料金：使用量にかかわらずかかる料金", "ja-JP", [("基本料金", True, True)]),
    ("基本料金、つまり毎月かかる定額の料金が変わります。", "ja-JP", [("基本料金", True, True)]),
    ("基本料金は、使用量にかかわらずかかる料金のことです。", "ja-JP", [("基本料金", True, True)]),
    ("使用量にかかわらず毎月かかる定額の料金（基本料金）が変わります。", "ja-JP", [("基本料金", True, True)]),
    ("毎月定額でかかる料金を基本料金といいます。", "ja-JP", [("基本料金", True, True)]),
    ("「基本料金」とは、毎月かかる料金です。", "ja-JP", [("基本料金", True, True)]),
    ("基本料金が変わります。", "ja-JP", [("基本料金", True, False)]),
    ("基本料金とは別に、燃料費調整額がかかります。", "ja-JP", [("基本料金", True, False), ("燃料費調整額", True, False)]),
    ("基本料金（きほんりょうきん）が変わります。", "ja-JP", [("基本料金", True, False)]),   # a reading
    ("ご使用量：412kWh（キロワット時。電気の使用量の単位）", "ja-JP", [("kWh", True, True)]),
]


@pytest.mark.parametrize("text, locale, expected", EXPLAINED)
def test_explained_on_first_use(text, locale, expected):
    got = find_jargon(text, locale, UTILITY)
    assert [(m.term.term, m.first, m.explained) for m in got] == expected
    for m in got:
        assert m.needs == ("explain" if m.first and not m.explained and m.term.explain else (
            "replace" if not m.term.explain else None))
        assert (m.explanation is not None) is m.explained


def test_the_issue_22_tariff_notice():
    text = "From April the standing charge rises, and the renewable levy per kWh of metered consumption changes."
    got = find_jargon(text, "en-GB", UTILITY)
    assert [(m.words, m.needs) for m in got] == [
        ("standing charge", "explain"), ("levy", "explain"), ("kWh", "explain"), ("metered consumption", "replace")]
    assert got[-1].message() == "'metered consumption' is jargon: use 'the energy you used' (brand/guidelines.yaml:13:5)"
    assert got[0].message().startswith("'standing charge' is jargon: explain it where it is first used")


def test_other_languages_match_on_stems():
    g = glossary("jargon:\n  - {term: Grundgebühr, explain: true, locale: de}\n")
    assert found("Die Grundgebühren steigen.", "de-DE", g) == [("Grundgebühr", "Grundgebühren", "explain")]
    assert found("Die Grundgebühr (ein fester Betrag pro Tag) steigt.", "de-DE", g) == [
        ("Grundgebühr", "Grundgebühr", None)]


def test_locale_of_an_entry():
    assert found("Your MPAN is on the bill.", "en-GB", UTILITY) == [("MPAN", "MPAN", "explain")]
    assert found("Your MPAN is on the bill.", "en-US", UTILITY) == []
    assert found("基本料金", "en-US", UTILITY) == []


# ---------------------------------------------------------------------------- matching: Japanese defaults
MATCHES_JA = [
    ("アジェンダを共有します。", [("アジェンダ", "アジェンダ", "replace")]),
    ("関係者のコンセンサスを得てから進めます。", [("コンセンサス", "コンセンサス", "replace")]),
    ("インセンティブを用意しました。", [("インセンティブ", "インセンティブ", "replace")]),
    ("ご契約後もフォローアップいたします。", [("フォローアップ", "フォローアップ", "replace")]),
    ("インクルージョン（多様性を受け入れ、互いに生かし合う考え方）を大切にします。",
     [("インクルージョン", "インクルージョン", None)]),                                     # explained: nothing to do
    ("インクルージョンを大切にします。", [("インクルージョン", "インクルージョン", "explain")]),
    ("ストレスのない手続きを目指します。", []),                  # established loanwords are not listed
    ("ボランティアの皆さまに感謝します。", []),
    ("お支払いの状況を確認しました。", []),
]


@pytest.mark.parametrize("text, expected", MATCHES_JA)
def test_the_defaults_in_japanese(text, expected):
    assert found(text, "ja-JP") == expected


def test_japanese_tokens_can_be_passed_in():
    from ccm_cli.text.ja import JaDocument

    text = "アジェンダとコンセンサス"
    doc = JaDocument(text)
    assert found(text, "ja-JP") == [(m.term.term, m.words, m.needs) for m in find_jargon(text, "ja-JP", tokens=doc.tokens)]


# ---------------------------------------------------------------------------- a guideline's glossary
def test_a_guideline_entry_replaces_or_removes_a_default():
    g = glossary("jargon:\n  - {term: utilize, allow: true, locale: en}\n"
                 "  - {term: prior to, use: ahead of, locale: en}\n", defaults=True)
    assert found("We utilize meters prior to winter.", terms=g) == [("prior to", "prior to", "replace")]
    (m,) = find_jargon("prior to winter", "en-US", g)
    assert m.term.use == ("ahead of",) and m.term.source == "brand/guidelines.yaml:3:5"
    assert len(g.terms) == len(builtin_glossary().terms) - 1
    assert g.digest != builtin_glossary().digest


def test_without_guidelines_the_defaults_apply():
    g, problems = load_glossary(None)
    assert problems == [] and g.terms == builtin_glossary().terms


GLOSSARY_PROBLEMS = [
    ("jargon:\n  - {term: tariff}\n",
     [(2, 5, "jargon[0]: say what to do with 'tariff': explain: true, use: '…', or allow: true")]),
    ("jargon:\n  - {term: tariff, explian: true}\n",
     [(2, 20, "jargon[0]: unknown key 'explian' (did you mean 'explain'?)")]),
    ("jargon:\n  - {explain: true}\n",
     [(2, 5, "jargon[0]: 'term' is a required property")]),
    ("jargon:\n  - {term: tariff, use: 3}\n",
     [(2, 25, "jargon[0].use: expected text or a list of texts, got int 3")]),
    ("jargon:\n  - {term: the, explain: true}\n",
     [(2, 12, "jargon[0]: 'the' has no words that count (articles are left out when matching)")]),
    ("jargon:\n  - {term: tariff, use: plan}\n  - {term: Tariff, explain: true}\n",
     [(3, 12, "jargon[1]: 'Tariff' is already listed (jargon[0]); the first one counts")]),
    ("jargon: {term: tariff}\n",
     [(1, 9, "jargon: expected a list, got dict")]),
]


@pytest.mark.parametrize("text, expected", GLOSSARY_PROBLEMS)
def test_glossary_problems_point_at_the_entry(text, expected):
    doc = parse(text, "brand/guidelines.yaml")
    _, problems = load_glossary(doc.data.get("jargon"), doc, ("jargon",))
    assert [(p.line, p.column, p.message) for p in problems] == expected
    assert all(p.file == "brand/guidelines.yaml" for p in problems)


def test_the_schema_fragment_documents_every_property():
    for name, sub in JARGON_SCHEMA["items"]["properties"].items():
        assert sub["title"] and sub["description"] and sub["examples"], name
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(JARGON_SCHEMA)
    for example in JARGON_SCHEMA["examples"]:
        assert list(Draft202012Validator(JARGON_SCHEMA).iter_errors(example)) == []
    assert list(Draft202012Validator(JARGON_SCHEMA).iter_errors(
        yaml.safe_load((ROOT / "docs/examples/guidelines-jargon.yaml").read_text("utf-8"))["jargon"])) == []


# ---------------------------------------------------------------------------- precision on text we did not write
def _corpus():
    from test_intents_precision import corpus_texts

    texts = corpus_texts()
    for path in sorted([*ROOT.glob("comms/**/*.yaml"), *ROOT.glob("ccm_cli/scaffold/*/comms/**/*.yaml.tmpl"),
                        *ROOT.glob("policies/clauses/*.yaml")]):
        data = yaml.safe_load(path.read_text("utf-8"))
        for locale, fields in (data.get("content") or data.get("text") or {}).items():
            for key, text in _strings(fields):
                texts.append((f"{path.relative_to(ROOT)}:{locale}:{key}", locale, text))
    for path in sorted(ROOT.glob("comms/**/*.j2")):
        locale = "ja-JP" if ".ja." in path.name else "en-US"
        texts.append((str(path.relative_to(ROOT)), locale, path.read_text("utf-8")))
    return texts


def _strings(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, str):
        yield path, value


# Every use of a default term in the corpus, judged by hand: all right (the plain word reads better).
JUDGED_DEFAULTS = {
    ("devise-i18n/en.yml:en.devise.mailer.email_changed.message", "notify"): "right: 'to tell you that'",
    ("devise-i18n/en.yml:en.devise.mailer.email_changed.message_unconfirmed", "notify"): "right",
    ("devise-i18n/en.yml:en.devise.mailer.password_change.message", "notify"): "right",
    ("devise-i18n/en-GB.yml:en-GB.devise.mailer.email_changed.message", "notify"): "right",
    ("devise-i18n/en-GB.yml:en-GB.devise.mailer.email_changed.message_unconfirmed", "notify"): "right",
    ("devise-i18n/en-GB.yml:en-GB.devise.mailer.password_change.message", "notify"): "right",
    ("devise-i18n/en-GB.yml:en-GB.devise.registrations.update_needs_confirmation", "finalise"): "right: 'to finish'",
}


def test_the_defaults_on_the_corpus_find_exactly_the_judged_uses():
    texts = _corpus()
    assert len(texts) > 850
    got = {(name, m.term.term) for name, locale, text in texts for m in find_jargon(text, locale)}
    assert got == set(JUDGED_DEFAULTS)


def test_the_example_glossary_on_the_example_repository():
    """The example repository's brand/guidelines.yaml takes this glossary, and its comms explain
    kWh in the bill and 基本料金 in the plan launch where first used: nothing to report."""
    got = sorted({(name.split(":")[0], m.words) for name, locale, text in _corpus()
                  if name.startswith(("comms/", "ccm_cli/", "policies/"))
                  for m in find_jargon(text, locale, UTILITY) if m.needs})
    assert got == []
