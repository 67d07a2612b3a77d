"""Bad input never produces a traceback: exit 2 with a one-line error for files ccm cannot
read at all, findings (exit 1) for files it can read."""

import json

import pytest

from conftest import run_ccm


def _check_fatal(result, *needles):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_missing_ccm_yaml(tmp_path):
    _check_fatal(run_ccm("lint", cwd=tmp_path), "no ccm.yaml found", "ccm init")


def test_malformed_yaml(minimal):
    (minimal / "comms" / "billing" / "broken.yaml").write_text("id: x\ncontent: [a, b\nname: y\n")
    _check_fatal(run_ccm("lint", cwd=minimal), "comms/billing/broken.yaml:", "invalid YAML")


def test_binary_file_named_yaml(minimal):
    (minimal / "comms" / "billing" / "logo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _check_fatal(run_ccm("lint", cwd=minimal), "comms/billing/logo.yaml", "binary file")


def test_non_utf8_file(minimal):
    (minimal / "comms" / "billing" / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    _check_fatal(run_ccm("lint", cwd=minimal), "comms/billing/latin1.yaml:1", "not UTF-8")


def test_alias_bomb(minimal):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    (minimal / "comms" / "billing" / "bomb.yaml").write_text("\n".join(lines) + "\n")
    _check_fatal(run_ccm("lint", cwd=minimal), "comms/billing/bomb.yaml:", "alias bomb")


def test_ten_megabyte_file(minimal):
    (minimal / "comms" / "billing" / "huge.yaml").write_text("body: |\n" + ("  " + "x" * 98 + "\n") * 105_000)
    _check_fatal(run_ccm("lint", cwd=minimal), "comms/billing/huge.yaml", "MiB")


def test_bad_ccm_yaml(minimal):
    (minimal / "ccm.yaml").write_text("locales: [en-US\n")
    _check_fatal(run_ccm("lint", cwd=minimal), "ccm.yaml:", "invalid YAML")


def test_ccm_yaml_not_a_mapping(minimal):
    (minimal / "ccm.yaml").write_text("- en-US\n")
    _check_fatal(run_ccm("lint", cwd=minimal), "ccm.yaml:1:1")


def test_every_unreadable_file_is_listed(minimal):
    (minimal / "comms" / "billing" / "a.yaml").write_text("a: [\n")
    (minimal / "comms" / "billing" / "b.yaml").write_bytes(b"\x00\x01")
    result = run_ccm("lint", cwd=minimal)
    assert result.returncode == 2
    assert "a.yaml" in result.stderr and "b.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name, content, rule, line",
    [
        ("empty.yaml", "", "schema/empty-file", 1),
        ("comment.yaml", "# nothing yet\n", "schema/empty-file", 1),
        ("list.yaml", "- id: x\n- id: y\n", "schema/invalid-value", 1),
        ("dup.yaml", "id: billing.dup\nname: a\nname: b\nowner: billing\ncategory: service\nkind: batch\ncontent: {}\n", "schema/duplicate-key", 3),
        ("scalar.yaml", "just a string\n", "schema/invalid-value", 1),
    ],
)
def test_readable_but_wrong_files_are_findings(minimal, name, content, rule, line):
    (minimal / "comms" / "billing" / name).write_text(content)
    result = run_ccm("lint", "--format", "json", cwd=minimal)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    hits = [f for f in findings if f["file"] == f"comms/billing/{name}" and f["rule"] == rule]
    assert hits and hits[0]["line"] == line, findings


def test_unknown_format_and_bad_options(minimal):
    _check_fatal(run_ccm("lint", "--format", "xml", cwd=minimal), "unknown format")
    _check_fatal(run_ccm("lint", "--fail-on", "fatal", cwd=minimal), "--fail-on")
    _check_fatal(run_ccm("lint", "--today", "tomorrow", cwd=minimal), "--today")
    _check_fatal(run_ccm("explain", "no/such-rule", cwd=minimal), "unknown rule")


def test_lint_from_a_subfolder_finds_ccm_yaml(minimal):
    result = run_ccm("lint", cwd=minimal / "comms" / "billing")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "template, message",
    [
        ("{{ 1 | nosuchfilter }}", "No filter named 'nosuchfilter'"),
        ("{% block a %}{% endblock %}{% block a %}{% endblock %}", "block 'a' defined twice"),
        ("{% if 1 is nosuchtest %}x{% endif %}", "No test named 'nosuchtest'"),
    ],
)
def test_templates_jinja_rejects_after_parsing_are_findings(minimal, template, message):
    """Unknown filters and tests and duplicate blocks fail after Jinja's parser: a finding on
    the field, never an internal error."""
    comm = minimal / "comms" / "billing" / "outage.yaml"
    comm.write_text(comm.read_text("utf-8").replace('title: "Power is back"', f'title: "Power is back {template}"'), "utf-8")
    result = run_ccm("lint", "--format", "json", cwd=minimal)
    assert result.returncode == 1, result.stderr
    hits = [f for f in json.loads(result.stdout)["findings"] if f["comm"] == "billing.outage" and message in f["message"]]
    assert hits and hits[0]["rule"] in ("template/syntax-error", "template/render-error") and hits[0]["line"] == 9, hits


def test_a_file_name_with_a_nul_character_is_a_finding(minimal):
    """Found by the fuzzer: body_file: "\\0" crashed path resolution (embedded null byte)."""
    comm = minimal / "comms" / "billing" / "outage.yaml"
    comm.write_text(comm.read_text("utf-8").replace('title: "Power is back"', 'title: "Power is back"\n      body_file: "\\0"'), "utf-8")
    result = run_ccm("lint", "--format", "json", cwd=minimal)
    assert result.returncode == 1, result.stderr
    hits = [f for f in json.loads(result.stdout)["findings"] if "must be a file name" in f["message"]]
    assert hits and hits[0]["file"] == "comms/billing/outage.yaml", result.stdout
