"""What every rule module declares, checked for all of them: its folder is its category."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccm_cli import rules as registry

RULES_DIR = Path(registry.__file__).parent


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda rule: rule.ID)
def test_category_is_the_rule_folder(rule):
    folder = Path(rule.__file__).relative_to(RULES_DIR).parts[0]
    assert rule.CATEGORY == folder, f"{rule.ID} lives in rules/{folder}/ but says CATEGORY = {rule.CATEGORY!r}"


def test_a_former_id_still_finds_its_rule():
    from ccm_cli.catalogue import explain

    assert registry.get("vale") is registry.get("style/vale")
    assert explain("vale") == explain("style/vale")
    assert explain("style/vale").startswith("style/vale  ·  category: style")


def test_the_guidelines_schema_is_generated_from_the_rules_options():
    from ccm_cli.rules.options import schema_text

    shipped = (RULES_DIR.parent / "schemas" / "guidelines.schema.json").read_text("utf-8")
    assert shipped == schema_text(), ("ccm_cli/schemas/guidelines.schema.json is stale: run python -c \"from ccm_cli.rules.options "
                                      "import schema_text; print(schema_text(), end='')\" > ccm_cli/schemas/guidelines.schema.json")


def test_every_japanese_rule_and_option_is_typed_in_the_schema():
    from ccm_cli.rules.options import guidelines_schema

    ja = guidelines_schema()["properties"]["ja"]["properties"]
    rules = [rule for rule in registry.all_rules() if rule.ID.startswith("ja/")]
    assert sorted(ja) == sorted(rule.ID.split("/", 1)[1] for rule in rules)
    assert ja["max-ten"]["properties"]["max"]["type"] == "integer"
    assert ja["sentence-length"]["properties"]["skipPatterns"]["items"] == {"type": "string"}
    for rule in rules:
        assert sorted(ja[rule.ID.split("/", 1)[1]]["properties"]) == sorted(path.rsplit(".", 1)[1] for path in getattr(rule, "OPTIONS", {}))


@pytest.mark.parametrize("rule", [r for r in registry.all_rules() if getattr(r, "OPTIONS", None)], ids=lambda rule: rule.ID)
def test_options_are_declared_where_they_live(rule):
    from ccm_cli.rules.options import Option, defaults

    for path, option in rule.OPTIONS.items():
        assert isinstance(option, Option) and option.title and option.description, path
        if rule.ID.startswith("ja/"):
            assert path.startswith("ja." + rule.ID.split("/", 1)[1] + "."), path
    if rule.ID.startswith("ja/"):
        assert rule.DEFAULT == defaults(rule.OPTIONS)


def test_no_two_rules_declare_one_option():
    paths = [path for rule in registry.all_rules() for path in getattr(rule, "OPTIONS", {})]
    assert len(paths) == len(set(paths))


def test_explain_lists_the_options_from_their_declarations():
    from ccm_cli.catalogue import explain

    text = explain("ja/max-ten")
    assert "In brand/guidelines.yaml:" in text and "ja.max-ten.max: 、 per sentence, at most — a whole number" in text
    assert "tone.exclamation_max" in explain("brand/exclamation")
    assert "In brand/guidelines.yaml:" not in explain("channel/sms-length")


def test_a_value_checked_by_its_option_is_reported_once_with_its_own_message():
    from ccm_cli.rules.options import ja_settings, validate
    from ccm_cli.yamlio import parse

    doc = parse("ja:\n  max-ten: {max: three, strict: true}\n  sentence-length: {skipPatterns: ['/(/', ok]}\n", "brand/guidelines.yaml")
    issues = validate(doc)
    assert [issue.path for issue in issues] == [("ja", "max-ten", "max"), ("ja", "sentence-length", "skipPatterns", 0)]
    assert issues[0].message == "ja.max-ten.max: expected a whole number from 0 to 1,000,000, got str 'three'"
    assert issues[1].message.startswith("ja.sentence-length.skipPatterns[0]: not a valid regular expression: ")
    assert ja_settings(doc.data) == {"ja/max-ten": {"strict": True}, "ja/sentence-length": {"skipPatterns": ["ok"]}}
