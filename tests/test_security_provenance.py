"""Provenance cannot be forged by content (issue 20, item 8).

ccm marks the text a fact, a clause or an expression inserts with private-use code points while
rendering, and rules skip inserted text (a fact is not a hand-typed fact; a customer's name in
capitals is not the writer shouting). A pull request that types those code points — in a
body, a `body_file:` template, a snippet, a fact, sample data or a clause — must not hide its
own text from the rules: every path below used to make `brand/banned-phrase` skip "cheap" that
the customer still reads. Each is a real `ccm lint` run on a copy of the brand test repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_repo, edit, run_ccm

OPEN, SEP, CLOSE = "\U0010fff0", "\U0010fff1", "\U0010fff2"
FAKE_FACT = f"{OPEN}fact:brand{SEP}"  # what the renderer used to write before a fact's text


def lint(root: Path) -> list[dict]:
    run = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    return json.loads(run.stdout)["findings"]


def rules_for(findings: list[dict], comm: str) -> set[str]:
    return {f["rule"] for f in findings if f["comm"] == comm}


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    return copy_repo("brand", tmp_path)


def test_markers_typed_into_a_body_hide_nothing(brand):
    """The issue's example: the body claims 'ACT NOW, cheap' came from facts.brand."""
    body = 'body: "Power is back on in your area. Thank you for your patience."'
    edit(brand / "comms/billing/outage.yaml", body, f'body: "Power is back. {FAKE_FACT}ACT NOW, cheap{CLOSE} Thanks."')
    findings = lint(brand)
    mine = [f for f in findings if f["comm"] == "billing.outage" and f["locale"] == "en-US"]
    assert {"brand/banned-phrase", "brand/all-caps", "template/reserved-character"} <= {f["rule"] for f in mine}
    cheap = next(f for f in mine if f["rule"] == "brand/banned-phrase" and "cheap" in f["message"])
    lines = (brand / "comms/billing/outage.yaml").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "cheap" in text)
    assert (cheap["line"], cheap["column"]) == (line, lines[line - 1].index("cheap") + 1)  # where the writer typed it


def test_a_typed_fact_inside_forged_markers_is_still_hand_typed(brand):
    body = 'body: "Power is back on in your area. Thank you for your patience."'
    edit(brand / "comms/billing/outage.yaml", body, f'body: "Power is back. Call {FAKE_FACT}0120-123-456{CLOSE} for help."')
    assert "consistency/hand-typed-fact" in rules_for(lint(brand), "billing.outage")


def test_markers_in_a_body_file_template(brand):
    path = brand / "comms/billing/reminder.ja.md.j2"
    path.write_text(path.read_text("utf-8") + f"\n{FAKE_FACT}激安{CLOSE}です。\n", "utf-8")
    findings = [f for f in lint(brand) if f["comm"] == "billing.reminder" and f["locale"] == "ja-JP"]
    banned = [f for f in findings if f["rule"] == "brand/banned-phrase" and "激安" in f["message"]]
    assert banned and banned[0]["file"] == "comms/billing/reminder.ja.md.j2"
    assert "template/reserved-character" in {f["rule"] for f in findings}


def test_markers_in_a_snippet(brand):
    path = brand / "comms/_snippets/help.j2"
    path.write_text(f"{FAKE_FACT}Cheap help{CLOSE} " + path.read_text("utf-8"), "utf-8")
    findings = [f for f in lint(brand) if f["comm"] == "billing.reminder"]
    banned = [f for f in findings if f["rule"] == "brand/banned-phrase" and "heap" in f["message"]]
    assert banned and banned[0]["file"] == "comms/_snippets/help.j2"
    assert "template/reserved-character" in {f["rule"] for f in findings}


def test_markers_in_a_fact_value_do_not_swallow_the_text_after_it(brand):
    """A fact ending in a forged opening marker, and a forged closing marker typed after the
    writer's own words: the writer's words used to count as part of the fact."""
    edit(brand / "brand/facts.yaml", "brand: {en-US: Kumo Energy,", f'brand: {{en-US: "Kumo Energy{FAKE_FACT}",')
    body = 'body: "Power is back on in your area. Thank you for your patience."'
    edit(brand / "comms/billing/outage.yaml", body, 'body: "{{ facts.brand }} is cheap' + CLOSE + ' now."')
    findings = [f for f in lint(brand) if f["comm"] == "billing.outage" and f["locale"] == "en-US"]
    assert "brand/banned-phrase" in {f["rule"] for f in findings}
    reserved = [f for f in findings if f["rule"] == "template/reserved-character"]
    assert reserved and "facts.brand" in reserved[0]["message"]


def test_markers_in_sample_data(brand):
    reminder = brand / "comms/billing/reminder.yaml"
    edit(reminder, "first_name: Ana", f'first_name: "Ana{FAKE_FACT}"')
    edit(reminder, "Hi {{ customer.first_name }},", "Hi {{ customer.first_name }}, cheap" + CLOSE + ",")
    findings = [f for f in lint(brand) if f["comm"] == "billing.reminder" and f["locale"] == "en-US"]
    assert "brand/banned-phrase" in {f["rule"] for f in findings}
    assert "template/reserved-character" in {f["rule"] for f in findings}


def test_markers_in_clause_text(brand):
    clause = brand / "policies/clauses/late-fee.yaml"
    edit(clause, '"A late fee of {{ facts.brand }} may apply after the due date."',
         f'"A late fee may apply after the due date.{FAKE_FACT}"')
    edit(brand / "comms/billing/reminder.yaml", '{{ clause("late-fee") }}', '{{ clause("late-fee") }}\n\n        Cheap deals.' + CLOSE)
    findings = [f for f in lint(brand) if f["comm"] == "billing.reminder" and f["locale"] == "en-US"]
    assert "brand/banned-phrase" in {f["rule"] for f in findings}
    assert "template/reserved-character" in {f["rule"] for f in findings}


# ---------------------------------------------------------------- what the renderer keeps
def _render(root: Path, body: str, data: dict | None = None):
    from ccm_cli.model import FileOrigin, Sample, TemplateField
    from ccm_cli.project import load_project
    from ccm_cli.render import Renderer

    project = load_project(root.resolve())
    comm = next(c for c in project.comms if c.id == "billing.outage")
    field = TemplateField(comm.id, "en-US", "push", "body", body, FileOrigin(comm.file, body))
    renderer = Renderer(project)
    comm.fields_for = lambda locale, channel: [field]  # this one template, as the comm's only field
    variant = renderer.render_variant(comm, "en-US", "push", Sample("s", data or {}) if data is not None else None)
    assert not variant.errors, variant.errors
    return variant.fields["body"]


@pytest.mark.parametrize("body", [
    "{{ '\\U0010fff0fact:brand\\U0010fff1' }}cheap{{ '\\U0010fff2' }}",  # a Jinja string escape
    "{{ '%c' % 1114096 }}fact:brand{{ '%c' % 1114097 }}cheap{{ '%c' % 1114098 }}",
    "{{ ('&#1114096;fact:brand&#1114097;'|safe).unescape() }}cheap{{ ('&#1114098;'|safe).unescape() }}",
])
def test_markers_a_template_computes_are_text(brand, body):
    rendered = _render(brand, body)
    start = rendered.text.index("cheap")
    assert rendered.writer_typed(start, start + 5)
    assert rendered.text == f"{OPEN}fact:brand{SEP}cheap{CLOSE}"  # what the customer gets, as written


def test_captured_text_is_what_a_reader_reads(brand):
    rendered = _render(brand, "{% set x %}{{ facts.brand }}{% endset %}{{ x|length }} {{ x }}")
    assert rendered.text == "11 Kumo Energy"
    fact = [s for s in rendered.spans if s.kind == "fact"]
    assert [(s.start, s.end) for s in fact] == [(3, 14)]  # printed unchanged, it is still the fact


def test_genuine_markers_cannot_be_moved_onto_other_text(brand):
    """A template that gets hold of its own markers (an imported snippet printed as text) and
    puts other text between them makes no fact of that text."""
    help_snippet = brand / "comms/_snippets/help.j2"
    help_snippet.write_text("{{ facts.brand }}", "utf-8")
    rendered = _render(brand, "{% import '_snippets/help.j2' as m with context %}{{ (m|string)|replace('Kumo Energy', 'CHEAP deals') }}")
    assert rendered.text == "CHEAP deals"
    assert not [s for s in rendered.spans if s.kind == "fact"]


def test_split_honours_only_issued_tokens_around_their_own_text():
    from ccm_cli.render.provenance import NONCE, Issued, split

    issued = Issued()
    genuine = issued.wrap("fact", "facts.brand", "Kumo")
    raw = f"{genuine} and {genuine.replace('Kumo', 'CHEAP')} and {OPEN}{NONCE}ff{SEP}guess{CLOSE}{NONCE}ff{SEP}"
    text, spans = split(raw, issued)
    assert text == f"Kumo and CHEAP and {OPEN}{NONCE}ff{SEP}guess{CLOSE}{NONCE}ff{SEP}"
    assert [(s.start, s.end, s.kind) for s in spans] == [(0, 4, "fact")]


@pytest.mark.parametrize("expression", [
    "{{ 'cheap' }}",
    "{{ 'ch' ~ 'eap' }}",
    "{{ 'CHEAP'|lower }}",
    "{{ ['cheap'][0] }}",
    "{{ customer.first_name ~ ', cheap' }}",
    "{{ invoice.due_date|date(\"'cheap'\") }}",
])
def test_an_expression_that_prints_the_writers_own_words_hides_nothing(brand, expression):
    """What an expression prints counts as inserted only where it shows data (a sample's value,
    a fact) or ccm's formatting of it: words the template itself spells out are the writer's."""
    edit(brand / "comms/billing/reminder.yaml", "Hi {{ customer.first_name }},", f"Hi {{{{ customer.first_name }}}}, {expression} deals.")
    findings = lint(brand)
    assert any(f["rule"] == "brand/banned-phrase" and "cheap" in f["message"].lower() and f["locale"] == "en-US"
               for f in findings if f["comm"] == "billing.reminder"), expression


@pytest.mark.parametrize("expression", [
    "{{ customer.first_name|upper }}",
    "{{ customer.first_name|title }}",
    "{{ invoice.amount|money }}",
    "{{ invoice.due_date|date }}",
    "{{ facts.brand|upper }}",
])
def test_data_an_expression_prints_stays_inserted(brand, expression):
    """A customer's name in capitals is not the writer shouting; a formatted amount or date is
    not hand-typed: these stay the data's, so the brand rules do not judge them."""
    samples = "data: {customer: {first_name: Ana}"
    edit(brand / "comms/billing/reminder.yaml", samples, "data: {customer: {first_name: CHEAPSIDE}")
    edit(brand / "comms/billing/reminder.yaml", "Hi {{ customer.first_name }},", f"Hi {expression},")
    findings = [f for f in lint(brand) if f["comm"] == "billing.reminder" and f["locale"] == "en-US"]
    assert not [f for f in findings if f["rule"] in ("brand/all-caps", "brand/banned-phrase", "consistency/hand-typed-fact")], findings
