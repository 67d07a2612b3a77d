"""The CLI end to end through real subprocesses: formats, exit codes, rules, explain, schema."""

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import edit, run_ccm
from ccm_cli import rules as registry

R = "comms/billing/reminder.yaml"


@pytest.fixture
def broken(minimal):
    edit(minimal / R, '"Pay by {{ invoice.due_date | date }} to keep your service running."', '"Pay now"')  # warning
    edit(minimal / R, "journey: use", "journy: use")  # error
    return minimal


def test_json_matches_spec_shape(broken):
    result = run_ccm("lint", "--format", "json", cwd=broken)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["summary"] == {"comms": 2, "variants": 6, "errors": 1, "warnings": 1, "infos": 0}
    keys = {"rule", "category", "severity", "message", "file", "line", "column", "comm", "locale", "channel", "excerpt", "fix"}
    for finding in data["findings"]:
        assert set(finding) == keys
        assert finding["category"] in ("schema", "template", "brand", "style", "readability", "clause", "contact", "consistency", "channel", "governance")
    assert {f["rule"] for f in data["findings"]} == {"schema/unknown-key", "channel/preheader-length"}


def test_fail_on_threshold(broken):
    edit(broken / R, "journy: use", "journey: use")  # only the warning is left
    assert run_ccm("lint", cwd=broken).returncode == 0
    assert run_ccm("lint", "--fail-on", "warning", cwd=broken).returncode == 1
    assert run_ccm("lint", "--fail-on", "info", cwd=broken).returncode == 1


def test_text_output_groups_by_file_and_has_no_colour_with_no_color(broken):
    result = run_ccm("lint", cwd=broken)
    assert "\x1b[" not in result.stdout
    assert result.stdout.startswith(R + "\n")
    assert "6:1" in result.stdout and "did you mean 'journey'" in result.stdout
    assert "1 errors, 1 warnings" in result.stdout.replace("2 problems (", "")


def test_sarif_is_valid_for_code_scanning(broken):
    result = run_ccm("lint", "--format", "sarif", cwd=broken)
    data = json.loads(result.stdout)
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and "schema/unknown-key" in rule_ids
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["shortDescription"]["text"]
    for res in run["results"]:
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert res["level"] in ("error", "warning", "note")


def test_github_annotations(broken):
    lines = run_ccm("lint", "--format", "github", cwd=broken).stdout.splitlines()
    assert any(line.startswith(f"::error file={R},line=6,col=1,title=schema/unknown-key::") for line in lines)
    assert any(line.startswith("::warning ") for line in lines)


def test_junit(broken):
    root = ET.fromstring(run_ccm("lint", "--format", "junit", cwd=broken).stdout)
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = root.find(".//testcase[@name='billing.reminder']/failure")
    assert failure.get("type") == "schema/unknown-key"


def test_output_file(broken, tmp_path):
    out = tmp_path / "report.json"
    result = run_ccm("lint", "--format", "json", "--output", str(out), cwd=broken)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(out.read_text())["summary"]["errors"] == 1


def test_path_argument_restricts_the_report(broken):
    result = run_ccm("lint", "--format", "json", "comms/billing/outage.yaml", cwd=broken)
    assert json.loads(result.stdout)["findings"] == [] and result.returncode == 0


def test_rules_lists_every_rule(minimal):
    out = run_ccm("rules", cwd=minimal).stdout
    for rule in registry.all_rules():
        assert rule.ID in out
    data = json.loads(run_ccm("rules", "--format", "json", cwd=minimal).stdout)
    assert {r["id"] for r in data} == {r.ID for r in registry.all_rules()}


@pytest.mark.parametrize("rule", [r.ID for r in registry.all_rules()])
def test_every_rule_documents_itself(rule):
    module = registry.get(rule)
    doc = module.__doc__ or ""
    for section in ("What it checks:", "Why:", "Bad:", "Good:"):
        assert section in doc, f"{rule} docstring lacks {section}"
    assert module.CATEGORY in ("schema", "template", "brand", "style", "readability", "clause", "contact", "consistency", "channel", "governance")
    assert module.SEVERITY in ("error", "warning", "info") and module.SCOPE in ("project", "comm", "variant", "text", "ja")


def test_explain_prints_the_docs(minimal):
    result = run_ccm("explain", "channel/sms-length", cwd=minimal)
    assert result.returncode == 0
    assert "GSM-7" in result.stdout and "Bad:" in result.stdout and "category: channel" in result.stdout


def test_schema_out_writes_schemas_with_ids(minimal, tmp_path):
    result = run_ccm("schema", "--out", str(tmp_path / "schemas"), cwd=minimal)
    assert result.returncode == 0
    files = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert "comm.schema.json" in files and "config.schema.json" in files
    for name in files:
        data = json.loads((tmp_path / "schemas" / name).read_text())
        assert data["$id"].endswith(name) and data["$schema"].startswith("https://json-schema.org/")


def test_a_reader_that_stops_early_gets_no_traceback_and_the_lint_exit_code(broken):
    """`ccm lint | head`: ccm leaves without tearing its heap down (cli._leave); a closed pipe
    must still end quietly, with the lint's own exit code."""
    import os
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "ccm_cli.cli", "lint", "--format", "json"], cwd=broken,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    proc.stdout.close()  # the reader is gone before ccm writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 1
    assert "Traceback" not in err and "Exception ignored" not in err and "internal error" not in err


def _lint_into_a_full_disk(repo, tmp_path, *args, buffered=False):
    """ccm ARGS with standard output into a file that cannot grow (RLIMIT_FSIZE 0: every write
    fails with EFBIG, as on a full disk). ``buffered``: Python buffers standard output, so a
    short report is only written when ccm leaves."""
    import os
    import resource
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} if buffered else {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open(tmp_path / "report", "w") as out:
        return subprocess.run([sys.executable, "-m", "ccm_cli.cli", *args], cwd=repo, stdout=out, stderr=subprocess.PIPE,
                              text=True, env={**env, "NO_COLOR": "1"}, timeout=300,
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0)))


def test_output_that_cannot_be_written_is_an_error_not_silence(broken, tmp_path):
    """A report that cannot be written (a full disk): ccm says so and exits 2, never 0 with an
    empty report a CI job would upload."""
    proc = _lint_into_a_full_disk(broken, tmp_path, "lint", "--format", "json")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "ccm: cannot write the output: File too large"


def test_a_short_report_that_cannot_be_flushed_at_exit_is_an_error(minimal, tmp_path):
    """The same when the write happens as ccm leaves (cli._leave flushes the buffer)."""
    proc = _lint_into_a_full_disk(minimal, tmp_path, "lint", "--format", "json", buffered=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "ccm: cannot write the output: File too large"


def test_any_command_that_cannot_write_says_so_in_one_line(minimal, tmp_path):
    proc = _lint_into_a_full_disk(minimal, tmp_path, "explain", "brand/banned-phrase")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "ccm: cannot read or write a file: File too large"


def test_report_into_a_missing_folder_is_a_clear_error(broken, tmp_path):
    result = run_ccm("lint", "--output", str(tmp_path / "no" / "such" / "report.json"), cwd=broken)
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "report.json" in result.stderr and "No such file or directory" in result.stderr
    assert "internal error" not in result.stderr


def test_a_reader_that_stops_before_a_long_report_gets_a_quiet_exit(minimal):
    """More than a pipe holds (a JSON report of 300 findings, 100+ KB) into a pipe already
    closed: the write fails inside the command, where click turns EPIPE into exit 1; still
    no traceback and no 'internal error'."""
    import os
    import subprocess
    import sys

    for i in range(300):
        (minimal / "comms" / "billing" / f"n{i:03d}.yaml").write_text(
            f"id: billing.n{i:03d}\nname: N\nowner: billing\ncategory: service\nkind: batch\njourny: use\n"
            "content:\n  en-US:\n    push:\n      title: Hello\n      body: Your power is back on.\n", "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "ccm_cli.cli", "lint", "--format", "json", "--jobs", "1"], cwd=minimal,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 1
    assert err == ""
