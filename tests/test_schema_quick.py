"""The quick validity check (ccm_cli/schemas/quick.py) must never call an invalid document
valid: when it says True, jsonschema finds nothing; when it says False, jsonschema finds
something. Checked on every document of the example and test repositories and on thousands of
deterministic mutations of them (wrong types, missing and unknown keys, bad enums, patterns,
formats, duplicates, numbers out of range), for every shipped schema."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from ccm_cli.project import load_project
from ccm_cli.schemas import SCHEMA_NAMES, quick_check, validate, validator
from ccm_cli.yamlio import YamlDoc

ROOT = Path(__file__).resolve().parent.parent
REPOS = [ROOT, *sorted(p for p in (ROOT / "tests" / "repos").iterdir() if (p / "ccm.yaml").exists())]

VALUES = [None, True, False, 0, -3, 1.0, 2.5, "", "x", "09:00", "25:61", "7d", "0d", "2024-02-30", "2024-02-01",
          "en-US", "ja-JP", "not a locale", "email", "sms", [], ["a", "a"], [1, 1.0], {}, {"x": 1}, {"{ name }": None},
          "a" * 300, 10**9, -0.5, "https://example.com"]


def _documents():
    docs = []
    for repo in REPOS:
        project = load_project(repo)
        docs += [(name, doc) for name, doc in project.documents if doc.data is not None]
        docs += [("comm", comm.doc) for comm in project.comms if getattr(comm, "doc", None) is not None]
    return docs


DOCS = _documents()


def _places(data, path=()):
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, path + (i,))


def _mutations(data, rng: random.Random, count: int):
    places = list(_places(data))
    for _ in range(count):
        mutated = copy.deepcopy(data)
        path, _value = rng.choice(places)
        parent = mutated
        for part in path[:-1]:
            parent = parent[part]
        action = rng.randrange(5)
        if not path:
            mutated = rng.choice(VALUES)
        elif action == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == 1 and isinstance(parent, dict):
            parent[rng.choice(["extra", "subjet", "Body", "x-ccm-data", "properties", "items"])] = copy.deepcopy(rng.choice(VALUES))
        elif action == 2 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
        yield mutated


def _agrees(name: str, data) -> tuple[bool | None, bool]:
    verdict = quick_check(name).verdict(data)
    valid = next(iter(validator(name).iter_errors(data)), None) is None
    if verdict is True:
        assert valid, (name, data)
    if verdict is False:
        assert not valid, (name, data)
    return verdict, valid


def test_the_repositories_documents_are_proved_valid_quickly():
    """Every valid document of the example and test repositories takes the quick path (else
    nothing is gained), and every invalid one goes to jsonschema."""
    assert len(DOCS) > 30 and {name for name, _ in DOCS} >= {"config", "comm", "facts", "contact", "clause"}
    for name, doc in DOCS:
        verdict, valid = _agrees(name, doc.data)
        assert (verdict is True) == valid, (name, doc.rel, verdict, valid)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_mutated_documents_are_never_called_valid_when_jsonschema_disagrees(name):
    rng = random.Random(name)
    docs = [doc for n, doc in DOCS if n == name] or [YamlDoc.__new__(YamlDoc)]
    outcomes = set()
    for doc in docs[:12]:
        data = getattr(doc, "data", None) or {}
        for mutated in _mutations(data, rng, 150):
            outcomes.add(_agrees(name, mutated))
    if name in ("comm", "config", "contact"):  # enough documents to mutate: both answers occur
        assert (True, True) in outcomes and (False, False) in outcomes, outcomes


@pytest.mark.parametrize(
    "schema, data, expected",
    [
        ({"type": "integer"}, 3.0, True),  # jsonschema: a float without fraction is an integer
        ({"type": "integer"}, True, False),
        ({"type": "number"}, False, False),
        ({"type": ["string", "null"]}, None, True),
        ({"minLength": 2}, "日本", True),
        ({"minLength": 3}, "日本", False),
        ({"pattern": "b"}, "abc", True),  # re.search, not match
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x"}, True),
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x", "b": 1}, False),
        ({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": False}, {"x-a": "y"}, True),
        ({"uniqueItems": True}, [1, 1.0], False),
        ({"uniqueItems": True}, [1, True], True),
        ({"enum": ["a", 1]}, 1.0, True),
        ({"enum": ["a", 1]}, "b", None),  # jsonschema explains
        ({"not": {"type": "string"}}, 1, None),  # a keyword it does not know
        ({"$ref": "https://example.com/s.json"}, 1, None),
        ({"format": "date"}, "2024-02-30", False),
        ({"exclusiveMinimum": 0}, 0, False),
        ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "a", False),
        ({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, ["a"], None),
        ({"patternProperties": {"^a": {}}, "additionalProperties": False}, {1: "x"}, None),  # not text: jsonschema decides
    ],
)
def test_each_keyword_answers_as_jsonschema_does(schema, data, expected):
    from ccm_cli.schemas import data_validator
    from ccm_cli.schemas.quick import Quick

    checker = data_validator(schema)
    assert Quick(schema, checker.format_checker.conforms).verdict(data) is expected
    if expected is not None:
        assert (next(iter(checker.iter_errors(data)), None) is None) == expected


def test_validate_reports_the_same_issues_with_the_quick_path():
    """validate() on an invalid comm still reports jsonschema's issues, at their place (the
    quick path only skips documents it proves valid)."""
    import yaml

    from ccm_cli.yamlio import parse

    _name, doc = next((n, d) for n, d in DOCS if n == "comm")
    assert validate("comm", doc) == []
    data = copy.deepcopy(doc.data)
    data["subjet"] = "typo"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    issues = validate("comm", parse(text, "comms/c.yaml"))
    assert [(i.kind, i.path) for i in issues] == [("unknown-key", ("subjet",))]
    assert issues[0].position()[0] == text.split("\n").index("subjet: typo") + 1  # where the typo was written
