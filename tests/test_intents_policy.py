"""policies/intents.yaml: extends and overrides the built-in library; every problem at
file:line:column; hostile re: patterns refused before they run."""

from __future__ import annotations

import time

import pytest

from ccm_cli.intents import builtin_library, find_intents, load_intents_text
from ccm_cli.intents.patterns import MAX_PATTERN_LENGTH, UnsafePattern, compile_user_regex
from ccm_cli.schemas import load_schema


def load(text: str):
    return load_intents_text(text, "policies/intents.yaml")


def test_a_built_in_name_extends_its_phrases():
    library, problems = load("promotion:\n  en: [\"switch to Green\"]\n  ja: [\"乗り換えキャンペーン\"]\n")
    assert problems == []
    promotion = library.get("promotion")
    texts = [p.text for p in promotion.phrases_in("en")]
    assert "switch to Green" in texts and "special offer" in texts  # added, built-in kept
    assert promotion.origin == "built-in, extended by policies/intents.yaml"
    (m,) = find_intents("Switching to Green takes a minute.", "en-US", library)
    assert (m.intent, m.words, m.origin) == ("promotion", "Switching to Green", "policies/intents.yaml:2:8")
    assert builtin_library().get("promotion").phrases_in("en") != promotion.phrases_in("en")  # base untouched


def test_replace_true_replaces_the_built_in_phrases():
    library, problems = load("referral-request:\n  replace: true\n  en: [\"bring a buddy\"]\n")
    assert problems == []
    intent = library.get("referral-request")
    assert [p.text for p in intent.phrases_in("en")] == ["bring a buddy"]
    assert intent.phrases_in("ja") == ()  # a language not listed has no phrases
    assert intent.description == builtin_library().get("referral-request").description
    assert find_intents("Refer a friend", "en-US", library) == []


def test_a_new_intent_with_description_phrases_and_negatable():
    library, problems = load(
        "solar-upsell:\n"
        "  description: Sells solar panels\n"
        "  negatable: true\n"
        "  en: [\"solar panels\", 're:\\bsolar (?:roof|battery)\\b']\n"
        "  ja: [\"太陽光パネル\"]\n")
    assert problems == []
    assert [m.words for m in find_intents("Add a Solar roof or solar panels.", "en-US", library)
            if m.intent == "solar-upsell"] == ["Solar roof", "solar panels"]
    assert [m.words for m in find_intents("太陽光パネルを設置しませんか", "ja-JP", library)
            if m.intent == "solar-upsell"] == ["太陽光パネル"]
    assert find_intents("There will be no solar panels.", "en-US", library) == []  # negatable


def test_description_and_negatable_override_the_built_in_ones():
    library, problems = load("promotion:\n  description: Ours\n  negatable: true\n")
    assert problems == []
    assert library.get("promotion").description == "Ours" and library.get("promotion").negatable


def test_an_empty_file_changes_nothing():
    library, problems = load("# nothing yet\n")
    assert problems == [] and library is builtin_library()


BAD = [
    ("promotion: [special offer]\n", 1, 12, "expected a mapping"),
    ("promotion:\n  en: special offer\n", 2, 7, "expected a list"),
    ("promotion:\n  en: [\"\"]\n", 2, 8, "promotion.en[0]: a phrase is empty"),
    ("promotion:\n  en: [\"   \"]\n", 2, 8, "promotion.en[0]: a phrase is empty"),
    ("promotion:\n  en: [42]\n", 2, 8, "expected text"),
    ("promotion:\n  en: [\"the\"]\n", 2, 8, "has no words that count"),
    ("promotion:\n  en: ['re:(a+)+$']\n", 2, 8, "inside a repeat"),
    ("promotion:\n  en: ['re:(unclosed']\n", 2, 8, "invalid regular expression"),
    ("promotion:\n  en: ['re:(?P<x>a)(?P=x)']\n", 2, 8, "back-references"),
    ("promotion:\n  replace: yes please\n", 2, 12, "expected true or false"),
    ("promotion:\n  colour: red\n", 2, 3, "unknown key 'colour'"),
    ("Promotion Offers:\n  en: [sale]\n", 1, 1, "invalid intent name 'Promotion Offers'"),
    ("solar-upsell:\n  en: [solar panels]\n", 1, 1, "needs a description"),
    ("solar-upsell:\n  description: Sells solar\n", 1, 1, "has no phrases"),
    ("promotion:\n  en: [big sale]\npromotion:\n  ja: [大特価]\n", 3, 1, "duplicate key 'promotion'"),
    ("promotion: {en: [sale]\n", 1, 12, "never closed"),  # at the brace left open
    ("- promotion\n", 1, 1, "expected a mapping"),
]


@pytest.mark.parametrize("text, line, column, message", BAD)
def test_problems_name_file_line_and_column(text, line, column, message):
    _, problems = load(text)
    assert problems, text
    first = problems[0]
    assert (first.file, first.line, first.column) == ("policies/intents.yaml", line, column), problems
    assert message in first.message, first.message
    assert first.one_line().startswith(f"policies/intents.yaml:{line}:{column}: ")


def test_an_intent_with_a_problem_stays_as_built_in_and_the_rest_applies():
    library, problems = load("promotion:\n  en: ['re:(a+)+$', extra phrase]\nurgency:\n  en: [grab it now]\n")
    assert len(problems) == 1
    assert "extra phrase" not in [p.text for p in library.get("promotion").phrases_in("en")]
    assert "grab it now" in [p.text for p in library.get("urgency").phrases_in("en")]


HOSTILE = [
    "(a+)+$",
    "(a*)*b",
    "(x|x)*y",
    "(\\w+\\s?)*$",
    "(.*a){20}",
    "(a|aa)+$",
    "(?:a+){5}",
    "a*a*a*a*a*b",
    "(a)\\1",
    "(?(1)a|b)",
    "a" * (MAX_PATTERN_LENGTH + 1),
    "[",
    "",
]


@pytest.mark.parametrize("pattern", HOSTILE)
def test_hostile_patterns_are_refused_quickly(pattern):
    started = time.perf_counter()
    with pytest.raises(UnsafePattern):
        compile_user_regex(pattern)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("pattern", ["\\bsave \\$?\\d+", "[$£€]\\s?\\d[\\d,.]*\\s?off\\b", "(?:ab){1,3}c",
                                     "\\d+\\s*[%％]\\s*(?:オフ|OFF)", "colou?r", "(?-i:ACME)"])
def test_ordinary_patterns_compile(pattern):
    compile_user_regex(pattern)


def test_a_refused_pattern_never_runs_on_a_long_text():
    library, problems = load("promotion:\n  en: ['re:(a+)+$']\n")
    assert problems
    started = time.perf_counter()
    find_intents("a" * 5000 + "!", "en-US", library)
    assert time.perf_counter() - started < 1


def test_re_phrases_are_case_insensitive_unless_told():
    library, _ = load("promotion:\n  en: ['re:\\bzap\\d+', 're:(?-i:ACME)']\n")
    assert [m.words for m in find_intents("ZAP20 acme ACME", "en-US", library) if m.phrase.startswith("re:")] == \
        ["ZAP20", "ACME"]


def test_the_built_in_library_is_valid_under_the_user_schema():
    import json

    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema("intents"))
    for intent in builtin_library():
        body = {"description": intent.description, "negatable": intent.negatable,
                **{lang: [p.text for p in intent.phrases_in(lang)] for lang in intent.languages}}
        assert list(validator.iter_errors({intent.name: body})) == [], intent.name
    assert json.dumps(load_schema("intents"))  # a JSON Schema editors can read
