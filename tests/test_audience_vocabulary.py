"""policies/audience.yaml (SPEC 2.7): segments, within, disjoint, tags; every problem at
file:line:column with "did you mean"; overlap reasoning through the relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from ccm_cli.intents import builtin_library
from ccm_cli.policy.audience import Audience
from ccm_cli.policy.vocabulary import Vocabulary, load_vocabulary_text
from ccm_cli.schemas import load_schema

ROOT = Path(__file__).resolve().parent.parent

KUMO = """\
segments:
  residential_customers: {description: "Households on any plan"}
  payment_holiday: {description: "On an agreed payment holiday", within: residential_customers}
  overdue_7d: {description: "7+ days overdue"}
  overdue_30d: {description: "30+ days overdue", within: overdue_7d}
  overdue_60d: {description: "60+ days overdue", within: overdue_30d}
  business_customers: {description: "Business accounts"}
  sme: {description: "Small businesses", within: business_customers}
  complained_30d: {description: "Complained in the last 30 days"}
disjoint: [[residential_customers, business_customers]]
tags: [collections, field-ops, store]
"""


def load(text: str = KUMO):
    return load_vocabulary_text(text, "policies/audience.yaml")


def aud(segment: str | None, *excludes: str) -> Audience:
    return Audience(segment, frozenset(excludes))


def test_the_spec_example_loads_clean():
    vocabulary, problems = load()
    assert problems == []
    assert vocabulary.exists and set(vocabulary.segments) >= {"payment_holiday", "overdue_30d"}
    assert vocabulary.segments["payment_holiday"].within == ("residential_customers",)
    assert vocabulary.segments["payment_holiday"].description == "On an agreed payment holiday"
    assert (vocabulary.segments["overdue_30d"].line, vocabulary.segments["overdue_30d"].column) == (5, 3)
    assert vocabulary.tags == {"collections", "field-ops", "store"}
    assert vocabulary.disjoint_pairs == [("business_customers", "residential_customers")]
    same, _ = load(KUMO.replace('"Households on any plan"', '"Homes"'))
    assert same.digest == vocabulary.digest != Vocabulary.absent().digest   # descriptions do not count
    assert load(KUMO.replace("disjoint: [[residential_customers, business_customers]]", ""))[0].digest != vocabulary.digest


# ---------------------------------------------------------------------------- problems
PROBLEMS = [
    # (file text, [(line, column, message)])
    ("segments:\n  a: {within: residentail}\n  residential: {}\n",
     [(2, 15, "segment 'a' is within 'residentail', which is not a segment (did you mean 'residential'?)")]),
    ("segments:\n  a: {within: [b, zzz]}\n  b: {}\n",
     [(2, 19, "segment 'a' is within 'zzz', which is not a segment")]),
    ("segments:\n  a: {within: a}\n",
     [(2, 15, "segment 'a' is within itself")]),
    ("segments:\n  a: {within: b}\n  b: {within: c}\n  c: {within: a}\n",
     [(2, 15, "'within' goes round in a circle: a → b → c → a")]),
    ("segments:\n  a: {}\n  business: {}\ndisjoint: [[a, busines]]\n",
     [(4, 16, "disjoint names 'busines', which is not a segment (did you mean 'business'?)")]),
    ("segments:\n  a: {}\ndisjoint: [[a, a]]\n",
     [(3, 12, "disjoint[0]: ['a', 'a'] has non-unique elements"),
      (3, 16, "'a' is listed twice in this disjoint group: a segment is never disjoint with itself")]),
    ("segments:\n  all: {}\n  some: {within: all}\ndisjoint: [[all, some]]\n",
     [(4, 18, "'some' is within 'all', so it cannot be disjoint with it (every customer in 'some' is in 'all')")]),
    ("segments:\n  a: {}\n  b: {}\n  ab: {within: [a, b]}\ndisjoint: [[a, b]]\n",
     [(4, 3, "segment 'ab': nobody can be in it: 'ab' is within 'a' and 'b', which are declared disjoint "
             "(policies/audience.yaml:5:13)")]),
    ("segments:\n  a: {descripton: x}\n",
     [(2, 7, "unknown key 'descripton' in segments.a (did you mean 'description'?)")]),
    ("segments: [a, b]\n",
     [(1, 11, "segments: expected a mapping, got a list")]),
    ("segments:\n  a: {within: 3}\n",
     [(2, 15, "segments.a.within: expected text, got int 3")]),
    ("tags: collections\n",
     [(1, 7, "tags: expected a list, got str 'collections'")]),
    ("segments:\n  a: {}\n  a: {}\n",
     [(3, 3, "duplicate key 'a' (the first one counts)")]),
    ("segments:\n  [broken\n",
     [(2, 3, "invalid YAML: the '[' here is never closed")]),  # at the bracket left open
]


@pytest.mark.parametrize("text, expected", PROBLEMS)
def test_problems_point_at_the_offending_value(text, expected):
    _, problems = load(text)
    got = [(p.file, p.line, p.column, p.message) for p in problems]
    for line, column, message in expected:
        assert any(g[1:3] == (line, column) and g[3].startswith(message) for g in got), got
    assert all(g[0] == "policies/audience.yaml" for g in got)
    assert len(got) == len(expected), got


def test_a_relation_with_a_problem_is_left_out_and_the_rest_applies():
    vocabulary, problems = load("segments:\n  a: {within: [b, zzz]}\n  b: {}\n  c: {}\ndisjoint: [[b, c], [c, nope]]\n")
    assert len(problems) == 2
    assert vocabulary.ancestors("a") == {"b"}
    assert vocabulary.disjoint_pairs == [("b", "c")]
    assert not vocabulary.may_overlap(aud("a"), aud("c"))  # a within b, b disjoint with c


def test_a_fix_names_the_segment_meant():
    _, (problem,) = load("segments:\n  residential_customers: {}\n  payment_holiday: {within: residental_customers}\n")
    assert problem.fix == "Use 'residential_customers'"


# ---------------------------------------------------------------------------- names
@pytest.mark.parametrize("name, known, suggestion", [
    ("payment_holiday", True, None),
    ("residental_customers", False, "residential_customers"),
    ("Residential-Customers", False, "residential_customers"),
    ("overdue_7", False, "overdue_7d"),
    ("overdue_90d", False, "overdue_60d"),
    ("vip", False, None),
])
def test_known_segments_and_did_you_mean(name, known, suggestion):
    vocabulary, _ = load()
    assert vocabulary.known_segment(name) is known
    if not known:
        assert vocabulary.suggest(name) == suggestion
        message = vocabulary.unknown_segment_message(name)
        assert message.startswith(f"unknown segment '{name}'")
        assert (f"(did you mean '{suggestion}'?)" in message) is (suggestion is not None)


@pytest.mark.parametrize("tag, known, suggestion", [
    ("store", True, None),
    ("referral-request", True, None),       # an intent name is always allowed
    ("payment-deferral", True, None),
    ("colections", False, "collections"),
    ("referal-request", False, "referral-request"),
    ("field_ops", False, "field-ops"),
    ("newsletter", False, None),
])
def test_known_tags_include_intent_names(tag, known, suggestion):
    vocabulary, _ = load()
    intents = builtin_library().names
    assert vocabulary.known_tag(tag, intents=intents) is known
    if not known:
        assert vocabulary.suggest_tag(tag, intents=intents) == suggestion
        assert vocabulary.unknown_tag_message(tag, intents).startswith(f"unknown tag '{tag}'")


def test_without_a_vocabulary_file_every_name_is_allowed_and_nothing_is_related():
    absent = Vocabulary.absent()
    assert absent.known_segment("residental_customers") and absent.known_tag("anything")
    assert absent.ancestors("payment_holiday") == frozenset()
    assert absent.may_overlap(aud("residential_customers"), aud("business_customers"))
    assert not absent.may_overlap(aud("overdue_7d", "payment_holiday"), aud("payment_holiday"))


# ---------------------------------------------------------------------------- relations
def test_ancestors_and_descendants_are_transitive():
    vocabulary, _ = load()
    assert vocabulary.ancestors("overdue_60d") == {"overdue_30d", "overdue_7d"}
    assert vocabulary.ancestors("overdue_7d") == frozenset()
    assert vocabulary.ancestors("unknown") == frozenset()
    assert vocabulary.lineage("payment_holiday") == {"payment_holiday", "residential_customers"}
    assert vocabulary.descendants("overdue_7d") == {"overdue_30d", "overdue_60d"}


OVERLAP = [
    # (a, b, may overlap, why not)
    (aud("overdue_7d"), aud("payment_holiday"), True, None),                  # different segments share customers
    (aud("overdue_7d", "payment_holiday"), aud("payment_holiday"), False,
     "one audience excludes 'payment_holiday', the other's segment"),
    (aud("payment_holiday"), aud("overdue_7d", "payment_holiday"), False,
     "one audience excludes 'payment_holiday', the other's segment"),
    # excluding a segment excludes every segment within it
    (aud("residential_customers", "overdue_7d"), aud("overdue_60d"), False,
     "one audience excludes 'overdue_7d', and the other's segment 'overdue_60d' is within it"),
    (aud("residential_customers", "overdue_60d"), aud("overdue_7d"), True, None),  # not the other way round
    # declared disjoint, and inherited
    (aud("residential_customers"), aud("business_customers"), False,
     "'residential_customers' and 'business_customers' are declared disjoint (policies/audience.yaml:10:13)"),
    (aud("payment_holiday"), aud("sme"), False,
     "'payment_holiday' is within 'residential_customers'; 'sme' is within 'business_customers'; "
     "'residential_customers' and 'business_customers' are declared disjoint (policies/audience.yaml:10:13)"),
    (aud("payment_holiday"), aud("business_customers"), False,
     "'payment_holiday' is within 'residential_customers'; 'residential_customers' and 'business_customers' "
     "are declared disjoint (policies/audience.yaml:10:13)"),
    (aud("overdue_60d"), aud("sme"), True, None),                             # no relation between them
    # everyone
    (aud(None), aud("business_customers"), True, None),
    (aud(None, "business_customers"), aud("sme"), False,
     "one audience excludes 'business_customers', and the other's segment 'sme' is within it"),
    (aud(None, "payment_holiday"), aud(None, "complained_30d"), True, None),
    (aud("payment_holiday"), aud("payment_holiday"), True, None),
    # an audience that reaches nobody overlaps with nothing
    (aud("overdue_60d", "overdue_7d"), aud(None), False,
     "the first audience reaches nobody: it excludes 'overdue_7d', and its segment 'overdue_60d' is within it"),
    (aud(None), aud("sme", "sme"), False, "the second audience reaches nobody: it excludes its own segment 'sme'"),
    # unknown segments have no relations
    (aud("vip"), aud("business_customers"), True, None),
    (aud("vip", "vip_lapsed"), aud("vip_lapsed"), False, "one audience excludes 'vip_lapsed', the other's segment"),
]


@pytest.mark.parametrize("a, b, overlap, why", OVERLAP)
def test_may_overlap(a, b, overlap, why):
    vocabulary, _ = load()
    assert vocabulary.may_overlap(a, b) is overlap
    assert vocabulary.separation(a, b) == why


def test_issue_22_payment_holiday_and_disconnection_by_relations():
    """A disconnection letter to overdue customers that excludes the payment-holiday segment's
    parent reaches no one on a holiday; one that excludes nothing overlaps."""
    vocabulary, _ = load()
    holiday_offer = aud("residential_customers")
    disconnection = aud("overdue_30d")
    assert vocabulary.may_overlap(holiday_offer, disconnection)
    assert not vocabulary.may_overlap(aud("payment_holiday"), aud("overdue_30d", "payment_holiday"))


# ---------------------------------------------------------------------------- the schema
def _properties(node, path=""):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}/properties/{name}", sub
        for key, value in node.items():
            yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{path}/{index}")


def test_the_schema_documents_every_property_and_its_examples_are_valid():
    schema = load_schema("audience")
    Draft202012Validator.check_schema(schema)
    assert schema["title"] and schema["description"]
    undocumented = [p for p, sub in _properties(schema) if not (sub.get("title") and sub.get("description"))]
    assert undocumented == []
    for example in schema["examples"]:
        assert list(Draft202012Validator(schema).iter_errors(example)) == []
        vocabulary, problems = load(json.dumps(example))
        assert problems == []
    for path, sub in _properties(schema):
        for example in sub.get("examples", []):
            local = {**sub, "$defs": schema["$defs"]}
            assert list(Draft202012Validator(local).iter_errors(example)) == [], (path, example)


# ---------------------------------------------------------------------------- the example repository
def _names_used():
    files = [*ROOT.glob("comms/**/*.yaml"), *ROOT.glob("ccm_cli/scaffold/*/comms/**/*.yaml.tmpl")]
    segments, tags = set(), set()
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict):
            continue
        audience = data.get("audience") or {}
        segments |= {audience["segment"]} if audience.get("segment") else set()
        segments |= set(audience.get("exclude") or [])
        tags |= set(data.get("tags") or [])
    contact = yaml.safe_load((ROOT / "policies/contact.yaml").read_text("utf-8"))
    segments |= {s["exclude"] for s in contact.get("suppressions", [])}
    return segments, tags, files


def test_the_example_vocabulary_knows_every_name_the_example_repository_uses():
    vocabulary, problems = load((ROOT / "docs/examples/audience.yaml").read_text("utf-8"))
    assert problems == []
    segments, tags, files = _names_used()
    assert len(files) >= 12
    scaffold_only = {"customers_news_allowed", "opted_in_customers"}   # ccm init writes its own vocabulary
    assert sorted(s for s in segments - scaffold_only if not vocabulary.known_segment(s)) == []
    intents = builtin_library().names
    assert sorted(t for t in tags - {"newsletter"} if not vocabulary.known_tag(t, intents)) == []
    # the example's exclusivity pair cannot meet: disconnection letters exclude the holiday segment
    assert not vocabulary.may_overlap(aud("payment_holiday"), aud("overdue_60d", "payment_holiday"))
