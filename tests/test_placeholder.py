"""template/placeholder and the Handlebars hint of template/syntax-error, as tables: an edit to
the clean minimal repository and what must (or must not) be reported, English and Japanese."""

import pytest

from conftest import edit, lint_dir, run_ccm

R = "comms/billing/reminder.yaml"
J = "comms/billing/reminder.ja.md.j2"
EN_LINE = "Your bill of {{ invoice.amount | money }} is due on {{ invoice.due_date | date }}."
JA_LINE = "ご請求額は{{ invoice.amount | money }}です。"

FOUND = [
    # id, file, old, new, the text reported, severity
    ("product name", R, EN_LINE, "Thanks for trying [Product Name]. " + EN_LINE, "[Product Name]", "error"),
    ("company with comma", R, EN_LINE, EN_LINE + "\n\n        [Company Name, LLC]", "[Company Name, LLC]", "error"),
    ("x days", R, EN_LINE, "We will try again in [x] days.", "[x]", "error"),
    ("lower-case field", R, EN_LINE, "Write to [email address] with questions.", "[email address]", "error"),
    ("TODO note", R, EN_LINE, EN_LINE + " TODO: legal wording", "TODO", "error"),
    ("TBD", R, EN_LINE, "Your new rate starts TBD.", "TBD", "error"),
    ("lorem ipsum", R, EN_LINE, "Lorem ipsum dolor sit amet.", "Lorem ipsum", "error"),
    ("example.com link", R, "Pay here: {{ facts.pay_url }}", "Pay here: [our site](https://example.com/pay)", "https://example.com/pay", "error"),
    ("example.org bare", R, "Pay here: {{ facts.pay_url }}", "Pay here: www.example.org", "www.example.org", "error"),
    ("example.net address", R, "Pay here: {{ facts.pay_url }}", "Write to billing@example.net", "example.net", "error"),
    ("plain http link", R, "Pay here: {{ facts.pay_url }}", "Pay here: [coupon](http://kumo.test/coupon)", "http://kumo.test/coupon", "warning"),
    ("upper snake field", R, EN_LINE, "Dear [FIRST_NAME], " + EN_LINE, "[FIRST_NAME]", "error"),
    ("mailchimp merge tag", R, EN_LINE, "Hi *|FNAME|*. " + EN_LINE, "*|FNAME|*", "error"),
    ("rails merge tag", R, EN_LINE, "Hi %{name}. " + EN_LINE, "%{name}", "error"),
    ("in the subject", R, 'subject: "Your {{ facts.brand }} bill', 'subject: "Your [Product Name] bill', "[Product Name]", "error"),
    ("in an sms", R, 'body: "{{ facts.brand }}: your bill', 'body: "[Company Name]: your bill', "[Company Name]", "error"),
    ("ja company field", J, JA_LINE, "【会社名】の" + JA_LINE, "【会社名】", "error"),
    ("ja circles", J, "{{ customer.first_name }}様", "○○様", "○○", "error"),
    ("ja fill-in", J, JA_LINE, "【ここに入力】" + JA_LINE, "【ここに入力】", "error"),
]

CLEAN = [
    # id, file, old, new: text with brackets, numbers and links that are not placeholders
    ("markdown link", R, "Pay here: {{ facts.pay_url }}", "[Pay here]({{ facts.pay_url }})"),
    ("reference link", R, "Pay here: {{ facts.pay_url }}", "[Pay here][pay]\n\n        [pay]: https://kumo.test/pay"),
    ("task list", R, EN_LINE, "- [ ] Pay your bill\n        - [x] Read it"),
    ("footnote number", R, EN_LINE, EN_LINE + " See note [2]."),
    ("editor's mark", R, EN_LINE, "Your bill [sic] is due."),
    ("todo as a word", R, EN_LINE, "Add it to your todo list."),
    ("https link", R, "Pay here: {{ facts.pay_url }}", "Pay here: https://kumo.test/pay"),
    ("sample data at example.com", R, "Pay here: {{ facts.pay_url }}", "Pay here: {{ customer.first_name }}"),
    ("error code", R, EN_LINE, EN_LINE + " The log says [ERR_REQUIRE_ESM]."),
    ("link in a code block", R, "Pay here: {{ facts.pay_url }}", "Run:\n\n        ```\n        curl http://example.com/x\n        ```"),
    ("link in inline code", R, "Pay here: {{ facts.pay_url }}", "Run `curl http://localhost:8080` locally."),
    ("link in an HTML comment", R, "Pay here: {{ facts.pay_url }}", "<!-- see http://example.com -->"),
    ("link in a script", R, "Pay here: {{ facts.pay_url }}", "<script>\n        location.href = `http://v${n}.example.com`\n        </script>"),
    ("subject tag", R, 'subject: "Your {{ facts.brand }} bill', 'subject: "[Action Required] Your {{ facts.brand }} bill'),
    ("brand tag", R, 'subject: "Your {{ facts.brand }} bill', 'subject: "[GitHub] Your bill'),
    ("tag around a fact", R, 'subject: "Your {{ facts.brand }} bill', 'subject: "[{{ facts.brand }}] Your bill'),
    ("ja subject tag", J, JA_LINE, "【重要】" + JA_LINE),
    ("ja label and value", J, JA_LINE, "【注文番号】 12345\n\n" + JA_LINE),
    ("kanji year", J, JA_LINE, "二〇〇〇年から" + JA_LINE),
]


@pytest.mark.parametrize("case", FOUND, ids=[c[0] for c in FOUND])
def test_placeholder_is_reported_where_typed(minimal, case):
    _, file, old, new, text, severity = case
    edit(minimal / file, old, new)
    found = [f for f in lint_dir(minimal).findings if f.rule == "template/placeholder"]
    assert found, "no placeholder reported"
    assert any(text in f.message for f in found), [f.message for f in found]
    hit = next(f for f in found if text in f.message)
    assert hit.file == file and hit.line and hit.column and hit.severity.name.lower() == severity and hit.fix


@pytest.mark.parametrize("case", CLEAN, ids=[c[0] for c in CLEAN])
def test_no_false_alarm(minimal, case):
    _, file, old, new = case
    edit(minimal / file, old, new)
    found = [f.message for f in lint_dir(minimal).findings if f.rule == "template/placeholder"]
    assert found == []


def test_guidelines_turn_patterns_off_allow_and_extend(minimal):
    edit(minimal / R, EN_LINE, "Try [x] Labs, ticket JIRA-12. " + EN_LINE + " Link: http://kumo.test/x")
    (minimal / "brand" / "guidelines.yaml").write_text(
        'placeholders:\n  disable: [plain-http]\n  allow: ["\\\\[x\\\\]"]\n'
        '  patterns:\n    - {name: ticket, pattern: "JIRA-\\\\d+", message: "ticket {0} left in", severity: warning}\n', "utf-8")
    found = [f for f in lint_dir(minimal).findings if f.rule == "template/placeholder"]
    assert [(f.message, f.severity.name.lower()) for f in found] == [("ticket JIRA-12 left in", "warning")]


def test_bad_user_pattern_is_a_one_line_error(minimal):
    edit(minimal / R, EN_LINE, "[Product Name] " + EN_LINE)
    (minimal / "brand" / "guidelines.yaml").write_text('placeholders:\n  patterns:\n    - {name: bad, pattern: "(unclosed"}\n', "utf-8")
    result = run_ccm("lint", "--no-cache", cwd=minimal)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "brand/guidelines.yaml:3:" in result.stderr + result.stdout


HANDLEBARS = [
    # the pasted tag, the Jinja the hint names
    ("{{#each items}}{{ x }}{{/each}}", "{% for item in items %}"),
    ("{{#if paid}}thanks{{/if}}", "{% if paid %}"),
    ("{{> footer}}", '{% include "_snippets/footer.j2" %}'),
    ("{{{raw_html}}}", "{{ raw_html }}"),
    ("{{! a comment }}", "{# a comment #}"),
]


@pytest.mark.parametrize("tag, jinja", HANDLEBARS, ids=[h[0] for h in HANDLEBARS])
def test_handlebars_syntax_error_says_so(minimal, tag, jinja):
    edit(minimal / R, EN_LINE, EN_LINE + " " + tag)
    found = [f for f in lint_dir(minimal).findings if f.rule == "template/syntax-error"]
    assert found and "this is Handlebars/Mustache syntax; ccm templates are Jinja: {% for x in items %}" in found[0].message
    assert jinja in found[0].fix


def test_plain_jinja_error_has_no_handlebars_hint(minimal):
    edit(minimal / R, "Pay here: {{ facts.pay_url }}", "Pay here: {{ facts.pay_url }")
    found = [f for f in lint_dir(minimal).findings if f.rule == "template/syntax-error"]
    assert found and "Handlebars" not in found[0].message


def test_loose_prose_file_reports_placeholders_and_handlebars(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Thanks for trying [Product Name].\n\n{{#each items}}\n{{name}}\n{{/each}}\n\nVisit https://example.com today.\n", "utf-8")
    result = run_ccm("lint", "--no-cache", "--format", "json", str(page), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    import json
    found = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "template/placeholder"]
    assert len(found) == 4 and any("Handlebars" in m for m in found) and any("example.com" in m for m in found)


def test_pasted_handlebars_template_is_one_syntax_error_not_unused_variables(minimal):
    """Issue 24: a pasted Handlebars template gave "unexpected char '#'" and a warning per variable."""
    edit(minimal / R, "Pay here: {{ facts.pay_url }}", "{{#each invoice_details}}{{amount}}{{/each}}")
    rules = [f.rule for f in lint_dir(minimal).findings if f.rule.startswith("template/")]
    assert rules == ["template/syntax-error"]


WRONG_TYPES = [
    "placeholders: 5\n",
    "placeholders: {disable: plain-http}\n",
    "placeholders: {allow: [5], patterns: [{name: x}]}\n",
    "placeholders: {patterns: [{name: x, pattern: 7, where: everywhere}]}\n",
]


@pytest.mark.parametrize("text", WRONG_TYPES)
def test_wrong_types_are_findings_not_tracebacks(minimal, text):
    edit(minimal / R, EN_LINE, "[Product Name] " + EN_LINE)
    (minimal / "brand" / "guidelines.yaml").write_text(text, "utf-8")
    findings = lint_dir(minimal).findings
    assert any(f.rule == "schema/invalid-value" and f.file == "brand/guidelines.yaml" for f in findings)
    assert any(f.rule == "template/placeholder" for f in findings)  # the built-in patterns still apply


def test_slow_user_pattern_stops_the_run_with_its_line(minimal):
    edit(minimal / R, EN_LINE, "a" * 5000 + "!")
    (minimal / "brand" / "guidelines.yaml").write_text('placeholders:\n  allow: []\n  patterns:\n    - {name: slow, pattern: "(a+)+$"}\n', "utf-8")
    result = run_ccm("lint", "--no-cache", cwd=minimal)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "brand/guidelines.yaml:4" in result.stderr
