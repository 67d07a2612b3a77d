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
