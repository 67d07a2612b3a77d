"""Vale-format styles (``styles:`` in guidelines.yaml): each check type, as a table on the
brand test repository (styles/Kumo/*.yml), and bad rule files as one-line errors."""

import pytest

from conftest import copy_repo, edit, lint_dir

R = "comms/billing/reminder.yaml"
J = "comms/billing/reminder.ja.md.j2"
BODY = "Your bill of {{ invoice.amount | money }}"
PAY = "Pay here: {{ facts.pay_url }}"
SUBJECT = 'subject: "Your {{ facts.brand }} bill is due'

BAD = [
    # id, file, old, new, rule, severity, line, message
    ("existence", R, BODY, "Your really big bill of {{ invoice.amount | money }}", "Kumo.Weasel", "warning", 22, "'really' is a weasel word."),
    ("existence ignorecase", R, BODY, "Very sorry. Your bill of {{ invoice.amount | money }}", "Kumo.Weasel", "warning", 22, "'Very' is a weasel word."),
    ("substitution", R, PAY, "Utilize this link to pay: {{ facts.pay_url }}", "Kumo.Terms", "error", 23, "Use 'use' instead of 'Utilize'."),
    ("substitution with hyphen", R, PAY, "Check your e-mail or pay here: {{ facts.pay_url }}", "Kumo.Terms", "error", 23, "Use 'email' instead of 'e-mail'."),
    ("occurrence", R, BODY, "Your bill, which covers power, gas, water, and fees, of {{ invoice.amount | money }}", "Kumo.Commas", "info", 22, "commas in one sentence; split it."),
    ("repetition", R, PAY, "Pay the the bill here: {{ facts.pay_url }}", "Kumo.Repeated", "error", 23, "'the' is repeated."),
    ("capitalization of a subject", R, SUBJECT, 'subject: "Your {{ facts.brand }} Bill Is Due', "Kumo.Headings", "warning", 17, "should use sentence-style capitalization"),
    ("capitalization of a Markdown heading", R, "Hi {{ customer.first_name }},", "## Your Monthly Statement\n\n        Hi {{ customer.first_name }},", "Kumo.Headings", "warning", 20, "'Your Monthly Statement'"),
    ("consistency", R, PAY, "Your adviser can help. Ask an advisor. " + PAY, "Kumo.Spelling", "warning", 23, "Inconsistent spelling of 'advisor'."),
    ("conditional", R, PAY, "Call the NOC or pay here: {{ facts.pay_url }}", "Kumo.Acronyms", "info", 23, "Spell out 'NOC'"),
    ("japanese text", J, "ご請求額は", "really ご請求額は", "Kumo.Weasel", "warning", 3, "'really'"),
]

GOOD = [
    ("word boundary", R, BODY, "Your everyday bill of {{ invoice.amount | money }}", "Kumo.Weasel"),
    ("substitution already right", R, PAY, "Use this email to pay: {{ facts.pay_url }}", "Kumo.Terms"),
    ("occurrence under max", R, BODY, "Your bill, with fees, of {{ invoice.amount | money }}", "Kumo.Commas"),
    ("no repetition across a sentence", R, PAY, "Pay now. Now pay here: {{ facts.pay_url }}", "Kumo.Repeated"),
    ("sentence case with exceptions and variables", R, SUBJECT, 'subject: "Your Kumo Energy bill is due', "Kumo.Headings"),
    ("body text is not a heading", R, BODY, "Your Monthly Bill Of {{ invoice.amount | money }}", "Kumo.Headings"),
    ("one spelling", R, PAY, "Your adviser can help. Ask an adviser. " + PAY, "Kumo.Spelling"),
    ("acronym spelled out", R, PAY, "Call the Network Operations Center (NOC). The NOC is open. " + PAY, "Kumo.Acronyms"),
    ("acronym exception", R, PAY, "Open the HTML version. " + PAY, "Kumo.Acronyms"),
    ("inside a link URL", R, PAY, "[Pay here](https://kumo.example/really/e-mail)", "Kumo.Weasel"),
]


@pytest.fixture
def repo(tmp_path):
    return copy_repo("brand", tmp_path)


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_vale_rule_reports(repo, case):
    _, file, old, new, rule, severity, line, message = case
    edit(repo / file, old, new)
    findings = [f for f in lint_dir(repo).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(repo).findings]}"
    finding = findings[0]
    assert (finding.file, finding.line, finding.severity.label, finding.category) == (file, line, severity, "style"), finding
    assert message in finding.message, finding.message


@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_vale_rule_stays_silent(repo, case):
    _, file, old, new, rule = case
    edit(repo / file, old, new)
    assert [f for f in lint_dir(repo).findings if f.rule == rule] == []


BAD_FILES = [
    # file content, expected line, words in the error
    ("extends: existance\nmessage: x\ntokens: [a]\n", 1, "unknown or missing 'extends'"),
    ("extends: existence\nmessage: x\ntokens:\n  - ok\n  - '(unclosed'\n", 5, "invalid regular expression"),
    ("extends: existence\nmessage: x\ntokens: [a\n", None, "invalid YAML"),
    ("extends: occurrence\nmessage: x\ntoken: ','\n", 1, "needs 'max' or 'min'"),
    ("extends: existence\nmessage: x\nlevel: fatal\ntokens: [a]\n", 3, "'level' must be error, warning or suggestion"),
    ("extends: existence\nmessage: x\nscope: chapter\ntokens: [a]\n", 3, "unknown scope 'chapter'"),
    ("extends: substitution\nmessage: x\nswap: [a, b]\n", 3, "'swap' must be a mapping"),
    ("- just\n- a list\n", 1, "must be a mapping"),
]


@pytest.mark.parametrize("content,line,words", BAD_FILES, ids=[w for _, _, w in BAD_FILES])
def test_bad_rule_file_is_a_one_line_error(repo, content, line, words):
    from ccm_cli.errors import CcmError

    (repo / "styles/Kumo/Broken.yml").write_text(content, "utf-8")
    with pytest.raises(CcmError) as error:
        lint_dir(repo)
    assert error.value.file == "styles/Kumo/Broken.yml"
    assert words in error.value.message
    if line is not None:
        assert error.value.line == line
    else:
        assert error.value.line


def test_missing_styles_folder_is_an_error(repo):
    from ccm_cli.errors import CcmError

    edit(repo / "brand/guidelines.yaml", "styles: [styles]", "styles: [brand/nope]")
    with pytest.raises(CcmError, match="styles folder 'brand/nope' does not exist"):
        lint_dir(repo)


def test_bad_rule_file_through_the_cli(repo):
    from conftest import run_ccm

    (repo / "styles/Kumo/Broken.yml").write_text("extends: existance\nmessage: x\n", "utf-8")
    result = run_ccm("lint", cwd=repo)
    assert result.returncode == 2
    assert "styles/Kumo/Broken.yml:1:10" in result.stderr and "Traceback" not in result.stderr


def test_suppressing_a_vale_rule_by_name(repo):
    edit(repo / R, BODY, "Your really big bill of {{ invoice.amount | money }}")
    edit(repo / R, "content:\n", "lint:\n  ignore:\n    - {rule: Kumo.Weasel, reason: Quoting a customer}\ncontent:\n")
    assert [f for f in lint_dir(repo).findings if f.rule == "Kumo.Weasel"] == []
