"""Variable schemas are checked once per distinct value; the answers are those of
jsonschema's own Draft202012Validator.check_schema."""

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from ccm_cli.contract import variable_schema_errors

SPECS = [
    {"type": "string"}, {"type": "strin"}, {"type": 1}, {"type": True}, {"type": ["string", 3]},
    {"minimum": "a"}, {"pattern": "("}, {"type": "string", "format": "uri", "optional": True},
    {"properties": {"a": {"type": "x"}}}, {"items": 7}, {"anyOf": []}, {"maxLength": 1.5}, {"maxLength": -1},
    {"type": "integer", "minimum": 5, "maximum": 60}, {"enum": [1, True, 1.0]}, {"const": {1: 2}},
]


def check_schema(spec):
    schema = {k: v for k, v in spec.items() if k != "optional"}
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return exc.message
    return None


@pytest.mark.parametrize("spec", SPECS, ids=repr)
def test_same_answer_as_check_schema_every_time(spec):
    expected = check_schema(spec)
    assert variable_schema_errors(spec) == expected
    assert variable_schema_errors(dict(spec)) == expected  # from the cache


def test_values_that_look_alike_are_told_apart():
    assert variable_schema_errors({"type": True}) != variable_schema_errors({"type": 1})
    assert "1.0" in variable_schema_errors({"type": 1.0}) and "1 " in variable_schema_errors({"type": 1})
    assert variable_schema_errors({"minLength": 1}) is None and variable_schema_errors({"minLength": 1.5}) is not None
