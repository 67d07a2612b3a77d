"""Branch coverage (issue 23, item 1): template branches and loop bodies no sample renders
(template/uncovered-branch, template/uncovered-snippet-branch), enum values that silently
fall to ``else`` (template/unhandled-enum-value), and the text of unrendered branches judged
by the text rules at its template line — in English and Japanese, on edits to a copy of the
example repository; the instrumentation itself on small templates."""

from __future__ import annotations

import json

import pytest

from conftest import copy_repo, edit, lint_dir, run_ccm

BANNER = "comms/web/home-banner.yaml"
INVOICE = "comms/billing/invoice-ready.yaml"
INVOICE_JA = "comms/billing/invoice-ready.ja.md.j2"
FOOTER_EN = "comms/_snippets/help-footer.en.j2"
NEW_RULES = ("template/uncovered-branch", "template/uncovered-snippet-branch", "template/unhandled-enum-value")

NO_NON_MEMBER = ("  - name: non-member\n    data:\n      visitor: {segment: non_member}\n", "")
NO_AUTOPAY = ("  - name: on-autopay\n    data:\n      customer: {first_name: Kenji, last_name: 佐藤}\n"
              "      invoice: {amount: 96, due_date: \"2026-03-20\", period_start: \"2026-02-01\", period_end: \"2026-02-28\", usage_kwh: 287, autopay: true}\n", "")

# name, edits [(file, old, new)], rule, locale, (file, line, column), words the message must hold
CASES = [
    ("segment sample removed (en, YAML field)", [(BANNER, *NO_NON_MEMBER)], "template/uncovered-branch", "en-US", (BANNER, 35, 9),
     ['`{%- elif visitor.segment == "non_member" %}`', "never rendered by a sample", "add a sample with visitor.segment: non_member"]),
    ("segment sample removed (ja, YAML field)", [(BANNER, *NO_NON_MEMBER)], "template/uncovered-branch", "ja-JP", (BANNER, 55, 9),
     ['`{%- elif visitor.segment == "non_member" %}`', "add a sample with visitor.segment: non_member"]),
    ("autopay sample removed (ja, template file)", [(INVOICE, *NO_AUTOPAY)], "template/uncovered-branch", "ja-JP", (INVOICE_JA, 12, 1),
     ["`{% if invoice.autopay -%}`", "invoice.autopay is set"]),
    ("autopay sample removed (en, block scalar)", [(INVOICE, *NO_AUTOPAY)], "template/uncovered-branch", "en-US", (INVOICE, 47, 9),
     ["`{% if invoice.autopay -%}`"]),
    ("a fifth enum value", [(BANNER, "member_with_purchase]}", "member_with_purchase, lapsed_member]}")],
     "template/unhandled-enum-value", None, (BANNER, 17, 109), ["visitor.segment can be 'lapsed_member'", "falls to the {% else %}"]),
    ("a third enum value (if/else)", [("comms/field-service/appointment-reminder.yaml", "enum: [morning, afternoon]}", "enum: [morning, afternoon, evening]}")],
     "template/unhandled-enum-value", None, ("comms/field-service/appointment-reminder.yaml", 21, 63), ["'evening'"]),
    ("a new value of an enum nested in an object variable", [(BANNER, "  visitor.segment: {type: string, enum: [first_visit, non_member, member_no_purchase, member_with_purchase]}",
                                                            "  visitor: {type: object, properties: {segment: {type: string, enum: [first_visit, non_member, member_no_purchase, member_with_purchase, staff]}}}")],
     "template/unhandled-enum-value", None, (BANNER, 17, 138), ["visitor.segment can be 'staff'"]),
    ("banned phrase in an unrendered branch (en)", [(BANNER, *NO_NON_MEMBER), (BANNER, "Get a quote", "Act now for a quote")],
     "brand/banned-phrase", "en-US", (BANNER, 47, 52), ["'Act now' is banned"]),
    ("banned phrase in an unrendered branch (ja)", [(BANNER, *NO_NON_MEMBER), (BANNER, "お見積もりを依頼する", "激安のお見積もり")],
     "brand/banned-phrase", "ja-JP", (BANNER, 67, 52), ["'激安' is banned"]),
    ("ja style error in an unrendered branch of a template file", [(INVOICE, *NO_AUTOPAY), (INVOICE_JA, "お手続きは不要です。", "お手続きは不要です！")],
     "ja/no-exclamation-question-mark", "ja-JP", (INVOICE_JA, 14, 10), ["！"]),
    ("banned phrase after an expression in an unrendered branch", [(BANNER, *NO_NON_MEMBER), (BANNER, "We handle the switch for you", "Hurry, we handle the switch for you")],
     "brand/banned-phrase", "en-US", (BANNER, 41, 124), ["'Hurry' is banned"]),
    ("snippet branch no comm renders", [(FOOTER_EN, "Questions?", '{% if customer.first_name == "Zed" %}VIP line.{% endif %}Questions?')],
     "template/uncovered-snippet-branch", None, (FOOTER_EN, 1, 1), ['`{% if customer.first_name == "Zed" %}`', "add a sample with customer.first_name: Zed"]),
    ("a template cannot forge coverage", [(FOOTER_EN, "Questions?", '{% if customer.first_name == "Zed" %}VIP line.{% endif %}Questions?'),
                                          (FOOTER_EN, "Questions?", '{{ 0|_ccm_branch("_snippets/help-footer.en.j2") }}{{ 0|_ccm_branch(_ccm_cov) }}Questions?')],
     "template/uncovered-snippet-branch", None, (FOOTER_EN, 1, 1), ['`{% if customer.first_name == "Zed" %}`']),
]


@pytest.fixture
def example(tmp_path):
    return copy_repo("example", tmp_path)


def _apply(root, edits):
    for file, old, new in edits:
        edit(root / file, old, new)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_reported_where_it_was_typed(example, case):
    _name, edits, rule, locale, (file, line, column), words = case
    _apply(example, edits)
    findings = [f for f in lint_dir(example).findings if f.rule == rule and (locale is None or f.locale == locale)]
    at = [f for f in findings if (f.file, f.line, f.column) == (file, line, column)]
    assert at, f"{rule} not reported at {file}:{line}:{column}; got {[(f.file, f.line, f.column, f.message) for f in findings]}"
    assert len(at) == 1, at  # once, not once per sample or per view
    for word in words:
        assert word in at[0].message, at[0].message


# the same edits with every sample kept: the branch renders, so the text is judged once, as rendered text
RENDERED = [
    ("en", (BANNER, "Get a quote", "Act now for a quote"), "brand/banned-phrase", (BANNER, 50, 52)),
    ("ja", (BANNER, "お見積もりを依頼する", "激安のお見積もり"), "brand/banned-phrase", (BANNER, 70, 52)),
    ("ja file", (INVOICE_JA, "お手続きは不要です。", "お手続きは不要です！"), "ja/no-exclamation-question-mark", (INVOICE_JA, 14, 10)),
]


@pytest.mark.parametrize("case", RENDERED, ids=[c[0] for c in RENDERED])
def test_rendered_branch_text_is_not_reported_twice(example, case):
    _name, (file, old, new), rule, where = case
    edit(example / file, old, new)
    findings = lint_dir(example).findings
    assert [f for f in findings if f.rule in NEW_RULES] == []
    at = [f for f in findings if f.rule == rule and (f.file, f.line, f.column) == where]
    assert len(at) == 1, [(f.rule, f.file, f.line, f.column) for f in findings]


STAYS_CLEAN = [
    ("enum value compared in a template", [("comms/field-service/appointment-reminder.yaml", "enum: [morning, afternoon]}", "enum: [morning, afternoon, evening]}"),
                                          ("comms/field-service/appointment-reminder.yaml", "{% if appointment.slot == 'morning' %}", "{% if appointment.slot in ['morning', 'evening'] %}", )],
     "template/unhandled-enum-value"),
    ("enum value in a sample", [(BANNER, "member_with_purchase]}", "member_with_purchase, lapsed_member]}"),
                               (BANNER, "  - name: first-visit\n", "  - name: lapsed\n    data:\n      visitor: {segment: lapsed_member, first_name: Ann, last_name: 森}\n  - name: first-visit\n")],
     "template/unhandled-enum-value"),
    ("a branch the broken template cannot tell", [(BANNER, *NO_NON_MEMBER), (BANNER, "Get a quote", "Get a quote {{ ")], "template/uncovered-branch"),
]


@pytest.mark.parametrize("case", STAYS_CLEAN, ids=[c[0] for c in STAYS_CLEAN])
def test_not_reported(example, case):
    _name, edits, rule = case
    _apply(example, edits)
    findings = lint_dir(example).findings
    reported = [(f.file, f.line, f.message) for f in findings if f.rule == rule]
    if rule == "template/uncovered-branch":  # the en-US cta no longer compiles: its branches are not judged
        assert any(f.rule == "template/syntax-error" for f in findings)
        reported = [r for r in reported if r[1] == 47]
    assert reported == []


def test_a_template_of_many_branches_gives_bounded_findings(example):
    edit(example / BANNER, '      cta: |-\n        {% if visitor.segment == "first_visit" %}',
         '      cta: |-\n        ' + '{% if visitor.segment == "Q" %}x{% endif %}' * 400 + '{% if visitor.segment == "first_visit" %}')
    found = [f for f in lint_dir(example).findings if f.rule == "template/uncovered-branch" and f.locale == "en-US"]
    assert len(found) == 51 and {(f.file, f.line) for f in found} == {(BANNER, 49)}
    assert any("350 more branches of cta" in f.message for f in found)


def test_hostile_enums_are_findings_not_tracebacks(example):
    edit(example / BANNER, "member_with_purchase]}", "member_with_purchase, [1, 2], {a: 1}, null, 3.5]}")
    done = run_ccm("lint", "--format", "json", "--no-cache", cwd=example)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "template/unhandled-enum-value"]
    assert len(found) == 4 and {f["line"] for f in found} == {17}


def test_example_repository_is_covered(example):
    assert [f for f in lint_dir(example).findings if f.rule in NEW_RULES] == []


def test_cli_reports_the_same_cold_and_warm(example):
    """The result cache keeps the findings (and the text of unrendered branches) of a comm
    that did not change."""
    _apply(example, [(BANNER, *NO_NON_MEMBER), (BANNER, "Get a quote", "Act now for a quote")])
    runs = []
    for _ in range(2):
        done = run_ccm("lint", "--format", "json", cwd=example)
        assert done.returncode == 1, done.stderr
        found = json.loads(done.stdout)
        items = found["findings"] if isinstance(found, dict) else found
        runs.append(sorted((f["rule"], f["file"], f["line"], f["column"]) for f in items
                           if f["rule"] in ("template/uncovered-branch", "brand/banned-phrase")))
    assert runs[0] == runs[1]
    assert ("brand/banned-phrase", BANNER, 47, 52) in runs[0]
    assert sum(1 for r in runs[0] if r[0] == "template/uncovered-branch") == 6  # 3 fields × 2 locales


FOOTER_JA = "comms/_snippets/help-footer.ja.j2"


def test_cli_snippet_branch_no_comm_renders_and_its_text(example):
    """Real `ccm lint` runs (forked workers, then the result cache): the snippet branch and the
    banned phrases in it (en and ja) are reported at the snippet's line, once each."""
    edit(example / FOOTER_EN, "Questions?", '{% if customer.first_name == "Zed" %}Act now, call {{ facts.support_phone }} today.{% endif %}Questions?')
    edit(example / FOOTER_JA, "ご不明な点は", '{% if customer.first_name == "Zed" %}激安プランは{{ facts.support_phone }}まで。{% endif %}ご不明な点は')
    runs = []
    for _ in range(2):
        done = run_ccm("lint", "--format", "json", "--jobs", "2", cwd=example)
        assert done.returncode == 1, done.stderr
        runs.append(sorted((f["rule"], f["file"], f["line"], f["column"], f["locale"]) for f in json.loads(done.stdout)["findings"]))
    assert runs[0] == runs[1]
    assert ("template/uncovered-snippet-branch", FOOTER_EN, 1, 1, None) in runs[0]
    assert ("template/uncovered-snippet-branch", FOOTER_JA, 1, 1, None) in runs[0]
    assert ("brand/banned-phrase", FOOTER_EN, 1, 38, "en-US") in runs[0]
    assert ("brand/banned-phrase", FOOTER_JA, 1, 38, "ja-JP") in runs[0]
    assert sum(1 for r in runs[0] if r[0] == "brand/banned-phrase") == 2


def test_explain_shows_the_rules(example):
    for rule in NEW_RULES:
        done = run_ccm("explain", rule, cwd=example)
        assert done.returncode == 0 and "What it checks" in done.stdout, done.stdout + done.stderr


# ---------------------------------------------------------------- the instrumentation itself
TEMPLATES = [
    # template, samples' data, the kinds of the branches no sample entered (outermost only)
    ("{% if a == 1 %}one{% elif a == 2 %}two{% else %}other{% endif %}", [{"a": 1}, {"a": 3}], ["elif"]),
    ("{% if a %}x{% endif %}", [{"a": 0}], ["if"]),
    ("{% for i in l %}[{{ i }}]{% else %}none{% endfor %}", [{"l": [1]}], ["for-else"]),
    ("{% for i in l %}[{{ i }}]{% else %}none{% endfor %}", [{"l": []}], ["for"]),
    ("{% if a %}{% if b %}x{% else %}y{% endif %}{% endif %}", [{"a": 0, "b": 0}], ["if"]),  # the nested ones through their parent
    ("{% if a %}x{% else %}{% endif %}", [{"a": 1}], []),  # an empty else is no branch
    ("{%- if a -%} x {%- elif b -%} y {%- endif -%}", [{"a": 1, "b": 0}], ["elif"]),
    ("{# {% if a %} #}{% raw %}{% if a %}{% endraw %}{% if a %}x{% endif %}", [{"a": 1}], []),
    ("{% macro m(v) %}{% if v %}yes{% else %}no{% endif %}{% endmacro %}{{ m(a) }}", [{"a": 1}], ["else"]),
    ("{% for i in l %}{% if loop.first %}F{% endif %}{% endfor %}", [{"l": [1, 2]}], []),
]


@pytest.fixture
def renderer(tmp_path):
    from ccm_cli.project import load_project
    from ccm_cli.render import Renderer

    return Renderer(load_project(copy_repo("minimal", tmp_path)))


def _render(renderer, compiled, data):
    from ccm_cli.render.coverage import recording
    from ccm_cli.render.sandbox import render_limited, split_provenance

    with recording() as entered:
        text, _ = split_provenance(render_limited(compiled, dict(data), renderer.limits))
    return entered, text


@pytest.mark.parametrize("source,samples,missing", TEMPLATES, ids=[t[0][:40] for t in TEMPLATES])
def test_instrumented_branches(renderer, source, samples, missing):
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from ccm_cli.render.coverage import branch_table, uncovered

    compiled = renderer.env.template_from(renderer.env.parse(source))  # compiled once, as the renderer does
    key, covered = compiled.branch_key, set()
    for data in samples:
        entered, text = _render(renderer, compiled, data)
        covered |= entered
        assert text == ImmutableSandboxedEnvironment().from_string(source).render(**data)  # output unchanged
    table = branch_table(renderer.env, source)
    assert [b.kind for b in uncovered(table, key, covered)] == missing
    for branch in table.branches:  # every tag found where it was typed
        assert branch.offset is not None and source[branch.offset:].startswith(branch.tag)


def test_texts_sharing_code_keep_their_own_coverage(renderer):
    """Two texts of one shape share compiled code (render/shared_code.py); each records its own branches."""
    one = "{% if a %}Hello{% else %}Bye{% endif %}"
    two = "{% if a %}こんにちは{% else %}さようなら{% endif %}"
    first = renderer.env.template_from(renderer.env.parse(one))
    second = renderer.env.template_from(renderer.env.parse(two))
    entered_one, _ = _render(renderer, first, {"a": 1})
    entered_two, text = _render(renderer, second, {"a": 0})
    assert text == "さようなら"
    assert first.branch_key is not second.branch_key
    assert {i for k, i in entered_one if k is first.branch_key} == {0}
    assert {i for k, i in entered_two if k is second.branch_key} == {1}
    assert not {i for k, i in entered_two if k is first.branch_key}


def test_hostile_templates_do_not_break_the_analysis(renderer):
    from ccm_cli.render.coverage import branch_table

    assert branch_table(renderer.env, "{% if %}") is None  # a syntax error: template/syntax-error reports it
    deep = "{% if a %}" * 90 + "x" + "{% endif %}" * 90
    table = branch_table(renderer.env, deep)
    assert table is not None and len(table.branches) == 90
    assert branch_table(renderer.env, "{% if a %}x\r\ny{% endif %}") is not None
