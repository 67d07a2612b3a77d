"""Loose prose files (``ccm lint FILE.md``): brand, style and readability rules on a Markdown or
text file outside comms/, with positions in that file."""

from pathlib import Path

import pytest

from conftest import copy_repo


@pytest.fixture
def repo(tmp_path):
    return copy_repo("brand", tmp_path)


def lint_file(path: Path, locale=None, project=None):
    from ccm_cli.prose_files import lint_prose_file

    return lint_prose_file(path, project, locale)


def rules_at(result):
    return [(f.rule, f.file, f.line, f.column) for f in result.findings]


def test_markdown_file_in_a_repository_uses_its_guidelines(repo):
    page = repo / "web" / "faq.md"
    page.parent.mkdir()
    page.write_text(
        "# Questions\n\n"
        "Our plans are not cheap, they are fair.\n\n"
        "[Log in](https://kumo.example/login) to see your bill. Please log in first.\n\n"
        "Write to kumo energy support ✅\n",
        "utf-8",
    )
    result = lint_file(page)
    found = rules_at(result)
    assert ("brand/banned-phrase", "web/faq.md", 3, 19) in found
    assert ("brand/terminology", "web/faq.md", 5, 2) in found  # the link text, not its URL
    assert ("brand/terminology", "web/faq.md", 5, 63) in found
    assert ("brand/capitalization", "web/faq.md", 7, 10) in found
    assert ("brand/emoji", "web/faq.md", 7, 30) in found
    assert len([f for f in result.findings if f.rule == "brand/terminology"]) == 2
    assert all(f.comm is None and f.channel is None for f in result.findings)


def test_vale_styles_apply_to_files(repo):
    page = repo / "notes.txt"
    page.write_text("We are really sorry.\n", "utf-8")
    assert ("Kumo.Weasel", "notes.txt", 1, 8) in rules_at(lint_file(page))


def test_japanese_is_detected_and_checked(repo):
    page = repo / "faq.ja.md"
    page.write_text("# よくある質問\n\nサインインの方法を教えてください。激安プランはありますか！\n", "utf-8")
    result = lint_file(page)
    rules = {f.rule for f in result.findings}
    assert {"brand/terminology", "brand/banned-phrase"} <= rules
    assert all(f.locale == "ja-JP" for f in result.findings)


def test_locale_argument_wins(repo):
    page = repo / "mixed.md"
    page.write_text("サインイン please log in.\n", "utf-8")
    en = {f.message for f in lint_file(page, "en-US").findings if f.rule == "brand/terminology"}
    ja = {f.message for f in lint_file(page, "ja-JP").findings if f.rule == "brand/terminology"}
    assert any("log in" in m for m in en) and not any("サインイン" in m for m in en)
    assert any("サインイン" in m for m in ja)


def test_file_outside_any_repository_uses_defaults(tmp_path):
    page = tmp_path / "loose" / "note.md"
    page.parent.mkdir()
    page.write_text(
        "Cheap deals! Log in now!!!\n\n"
        "Notwithstanding previous correspondence, remittance of the outstanding consolidated balance is obligatory. "
        "Administrative termination proceedings commence subsequently without additional notification. "
        "Considerable organizational inconvenience accompanies continued delinquency.\n",
        "utf-8",
    )
    result = lint_file(page)
    assert not [f for f in result.findings if f.category == "brand"]  # no brand without guidelines
    (finding,) = [f for f in result.findings if f.rule == "readability/english"]
    assert finding.line == 3 and "Flesch-Kincaid grade" in finding.message


def test_japanese_file_outside_a_repository_gets_default_ja_rules(tmp_path):
    page = tmp_path / "note.txt"
    page.write_text("今日は晴れです。明日は雨である。\n", "utf-8")
    result = lint_file(page)
    assert "ja/no-mix-dearu-desumasu" in {f.rule for f in result.findings}
    assert all(f.file.endswith("note.txt") and f.line == 1 for f in result.findings)


def test_detect_locale():
    from ccm_cli.prose_files import detect_locale

    assert detect_locale("お支払いは Kumo Energy アプリから") == "ja-JP"
    assert detect_locale("Pay in the app. 〒100") == "en-US"


def test_missing_file_is_an_error(tmp_path):
    from ccm_cli.errors import CcmError

    with pytest.raises(CcmError, match="no such file"):
        lint_file(tmp_path / "nope.md")
