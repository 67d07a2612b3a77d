"""The documentation stays true: the rule catalogue is generated, links resolve, the commands
the docs show are ccm's commands, and the README starts with the two commands."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from ccm_cli.catalogue import rules_markdown

DOCS = ["README.md", "docs/writer.md", "docs/compliance.md", "docs/ci.md", "CONTRIBUTING.md"]
def registered_commands() -> set[str]:
    from ccm_cli.cli import app

    return ({command.name or command.callback.__name__ for command in app.registered_commands}
            | {group.name for group in app.registered_groups})  # ccm report reuse


SPEC_COMMANDS = {"lint", "diff", "preview", "publish", "releases", "init", "explain", "rules", "schema"}


def test_rule_catalogue_is_current():
    current = (ROOT / "docs/rules.md").read_text("utf-8")
    assert current == rules_markdown(), "docs/rules.md is stale: run `ccm rules --format markdown > docs/rules.md`"


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[:2] == ["Use it", "Run the tests"]
    assert text.index("pip install -e . && ccm lint") < text.index("pip install -e '.[dev]' && pytest") < text.index("## " + headings[2])


@pytest.mark.parametrize("page", DOCS)
def test_relative_links_resolve(page):
    path = ROOT / page
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text("utf-8")):
        if re.match(r"[a-z]+:", target) or "{{" in target:
            continue
        assert (path.parent / target).exists(), f"{page}: broken link {target}"


def code_in(text: str) -> list[str]:
    """Fenced code blocks and inline code spans: where the docs show commands."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return blocks + re.findall(r"`([^`\n]+)`", prose)


@pytest.mark.parametrize("page", DOCS)
def test_commands_shown_are_ccm_commands(page):
    used = set()
    for code in code_in((ROOT / page).read_text("utf-8")):
        used |= set(re.findall(r"(?:^|[\s$;&|(])ccm ([a-z][a-z-]*)", code, re.M))
    assert used, page
    assert SPEC_COMMANDS <= registered_commands()
    unknown = sorted(used - registered_commands())
    assert not unknown, f"{page} shows commands ccm does not have: {unknown}"


def test_docs_mention_shell_completion_and_the_user_pages():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "ccm --install-completion" in readme
    for page in ("docs/writer.md", "docs/compliance.md", "docs/ci.md", "docs/rules.md"):
        assert page in readme
