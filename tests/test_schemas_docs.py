"""The JSON Schemas document every field for editors (hover and completion in VS Code), and
`ccm schema --modeline` points each file kind at its schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ccm_cli.commands.schema import EXAMPLE_FILES, modeline, modelines
from ccm_cli.schemas import SCHEMA_FILES, SCHEMA_NAMES, load_schema


def properties(node, path=""):
    """(path, schema) of every property declared anywhere in a schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}/properties/{name}", sub
        for key, value in node.items():
            yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from properties(value, f"{path}/{index}")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_title_and_a_description(name):
    schema = load_schema(name)
    assert schema.get("title") and schema.get("description"), f"{name}: the schema itself needs a title and a description"
    undocumented = [path for path, sub in properties(schema)
                    if not (isinstance(sub, dict) and sub.get("title") and sub.get("description"))]
    assert undocumented == [], f"{name}.schema.json: add a title and a description to {undocumented}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_examples_are_valid_against_their_own_schema(name):
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    checked = 0
    for path, sub in [("", schema), *properties(schema)]:
        if not isinstance(sub, dict):
            continue
        for example in sub.get("examples", []):
            local = {**sub, "$defs": schema.get("$defs", {})}
            errors = list(Draft202012Validator(local).iter_errors(example))
            assert errors == [], f"{name}{path}: example {example!r} is invalid: {errors[0].message}"
            checked += 1
    assert checked or name == "channels"


def test_modelines_name_every_file_kind():
    text = modelines()
    for name in SCHEMA_NAMES:
        assert f"# {SCHEMA_FILES[name]}" in text
        assert f"$schema=" in text and f"{name}.schema.json" in text
    assert modelines(["comm"]).splitlines()[1] == "# yaml-language-server: $schema=../../.ccm/schemas/comm.schema.json"


def test_modeline_paths_resolve_to_the_schemas_ccm_init_writes(tmp_path):
    from test_init import run_init

    assert run_init("repo", cwd=tmp_path).returncode == 0
    repo = tmp_path / "repo"
    for name, example in EXAMPLE_FILES.items():
        target = modeline(name, example).split("$schema=", 1)[1]
        resolved = Path(os.path.normpath((repo / example).parent / target))  # the folder need not exist
        assert resolved.is_file(), (name, target)
        assert json.loads(resolved.read_text("utf-8"))["title"] == load_schema(name)["title"]
    assert modeline("comm", "comms/a/b/c.yaml").endswith("=../../../.ccm/schemas/comm.schema.json")
    assert modeline("config", base_url="https://example.com/s/") == "# yaml-language-server: $schema=https://example.com/s/config.schema.json"


def test_unknown_schema_name_is_an_error():
    from ccm_cli.errors import CcmError

    with pytest.raises(CcmError, match="unknown schema 'nope'"):
        modelines(["nope"])
