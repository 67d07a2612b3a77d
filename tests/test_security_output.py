"""A pull request cannot forge CI output (issue 20, item 6).

In a GitHub Actions log every line (ended by CR, LF or CRLF) that starts with ``::`` after
blanks is a workflow command, and so is ``##[command]`` anywhere in a line. The content of a
pull request — a guideline's reason and ``use:``, a comm id, a file name, a Vale style's
name, the customer text — reaches every report. These tests put hostile strings in all of
them and run the real ``ccm`` on every format: no line is a command but ``--format github``'s
own, no control character reaches a terminal, JUnit is valid XML, JSON keeps the data
exactly, and the Markdown diff comment hides nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from markdown_it import MarkdownIt

from conftest import copy_repo, edit, run_ccm

# Newlines of every kind, terminal escapes (colour, an OSC 8 hyperlink, BEL, C1 CSI), NUL,
# a legacy command, an HTML comment, a mention, an issue reference, Japanese and an emoji.
EVIL = ("\n::error file=forged.py,line=1::FORGED\r::warning::CR\x85::notice::NEL\u2028::error::LS"
        "\x0b::error::VT\x0c::error::FF\x1b[31mRED\x1b]8;;https://evil.example\x07link\x1b]8;;\x07"
        "\x9b31m\x00NUL \u202eRLO ##[error]legacy <!-- hidden @octocat #1 日本語🧑‍💻")
KEEP = "日本語🧑‍💻"
# Raw characters no output may hold: C0 (but tab and line breaks), DEL, C1, line and
# paragraph separators, bidi overrides.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (controls as escapes)."""
    def escape(match: re.Match) -> str:
        char = match.group()
        return {"\\": "\\\\", '"': '\\"'}.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return '"' + re.sub('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]', escape, text) + '"'


def runner_lines(text: str) -> list[str]:
    """Lines as the GitHub Actions runner reads them (.NET ReadLine: CR, LF or CRLF)."""
    return re.split("\r\n|\r|\n", text)


def commands(text: str) -> list[str]:
    """The lines the runner would take for a workflow command."""
    return [line for line in runner_lines(text) if line.lstrip().startswith("::") or "##[" in line]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = copy_repo("minimal", tmp_path_factory.mktemp("hostile"))
    (root / "brand/guidelines.yaml").write_text(
        "banned:\n"
        f"  - {{phrase: bill, reason: {yaml_string(EVIL)}, use: {yaml_string(EVIL)}}}\n"
        "styles: [styles]\n", "utf-8")
    style = root / "styles" / "Evil\n::error::style,title=x"
    style.mkdir(parents=True)
    (style / "Pay.yml").write_text("extends: existence\nmessage: \"'%s' is paid\"\nlevel: error\ntokens: [Pay]\n", "utf-8")
    # the customer text (a YAML double-quoted scalar: controls written as escapes)
    edit(root / "comms/billing/outage.yaml", "Power is back on in your area.", yaml_string("Power is back on" + EVIL)[1:-1])
    outage = (root / "comms/billing/outage.yaml").read_text("utf-8")
    evil_file = root / "comms/billing" / "x\n::error file=a::filename <!-- y.yaml"
    evil_file.write_text(outage.replace("id: billing.outage", f"id: {yaml_string('billing.evil' + EVIL)}"), "utf-8")
    return root


@pytest.fixture(scope="module")
def outputs(hostile) -> dict[str, str]:
    found = {}
    for name in ("text", "github", "junit", "json", "sarif"):
        result = run_ccm("lint", "--no-cache", "--format", name, cwd=hostile, env={"COLUMNS": "80"})
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        found[name] = result.stdout
    return found


def test_the_fixture_reaches_every_channel(outputs):
    """The hostile strings do reach the report: in a guideline's reason and use, a comm id,
    a file name, a Vale rule id and the customer text (excerpts quote it)."""
    findings = json.loads(outputs["json"])["findings"]
    assert any(EVIL in f["message"] and EVIL in (f["fix"] or "") for f in findings if f["rule"] == "brand/banned-phrase")
    assert any("\x1b]8;;\x07\x9b31m\x00NUL" in (f["excerpt"] or "") for f in findings)
    assert any(f["comm"] == "billing.evil" + EVIL for f in findings)
    assert any(f["file"] == "comms/billing/x\n::error file=a::filename <!-- y.yaml" for f in findings)
    assert any(f["rule"] == "Evil\n::error::style,title=x.Pay" for f in findings)


@pytest.mark.parametrize("name", ["text", "junit", "json", "sarif"])
def test_no_output_line_is_a_workflow_command(outputs, name):
    assert commands(outputs[name]) == []


def test_github_format_writes_only_its_own_commands(outputs):
    """One command per finding, each with the finding's own file and title: the properties
    cannot be forged, the message holds no line break and no other command."""
    findings = json.loads(outputs["json"])["findings"]
    lines = commands(outputs["github"])
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings):
        match = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
        assert match, line
        props = dict(pair.split("=", 1) for pair in match.group(2).split(","))
        assert set(props) <= {"file", "line", "col", "title"}
        title = unquote_to_bytes(props["title"].replace("%3A", ":").replace("%2C", ",")).decode()
        assert title == finding["rule"].replace("\n", "\\n")
        assert "\n" not in match.group(3) and "\r" not in match.group(3)
    assert KEEP in outputs["github"]


@pytest.mark.parametrize("name", ["text", "github", "junit", "json", "sarif"])
def test_no_terminal_escape_or_control_character(outputs, name):
    assert CONTROLS.search(outputs[name]) is None
    if name in ("text", "github", "junit"):
        assert "\r" not in outputs[name]


def test_text_keeps_japanese_and_emoji_and_shows_controls(outputs):
    text = outputs["text"]
    assert KEEP in text
    assert "\\x1b[31mRED" in text and "\\u202eRLO" in text  # visible, not acted on
    assert "Evil\\n::error::style,title=x.Pay" in text


def test_junit_is_valid_xml(outputs):
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert root.findall(".//failure") and any(KEEP in (element.text or "") for element in root.iter())


def test_json_and_sarif_keep_the_data_exactly(outputs):
    data = json.loads(outputs["json"])
    assert any(EVIL in f["message"] for f in data["findings"])  # lossless: escapes, not replacements
    sarif = json.loads(outputs["sarif"])
    assert any(EVIL in r["message"]["text"] for r in sarif["runs"][0]["results"])


def test_long_reasons_wrapped_by_rich_start_no_command(tmp_path):
    """`ccm diff` text wraps long lines to the terminal: a reason made of '::error' words
    would start every wrapped line with one."""
    root = copy_repo("minimal", tmp_path)
    _commit(root)
    reason = " ".join(["::error::wrapped"] * 30)
    (root / "brand/guidelines.yaml").write_text(f"banned:\n  - {{phrase: Power, reason: '{reason}'}}\n", "utf-8")
    edit(root / "comms/billing/outage.yaml", "Power is back on in your area.", "Power is back on in your area. " + " ".join(["::x"] * 60))
    for width in ("80", "200"):
        result = run_ccm("diff", "HEAD", "--format", "text", cwd=root, env={"COLUMNS": width})
        assert result.returncode in (0, 1), result.stderr
        assert "wrapped" in result.stdout
        assert commands(result.stdout) == []


def test_errors_on_stderr_are_one_line_each(tmp_path):
    """A file ccm cannot read stops the run with one line per file on stderr, which the
    runner reads for commands as well."""
    root = copy_repo("minimal", tmp_path)
    for name in ("a\n::error file=stderr::forged.yaml", "b\r::warning::x\u2028::notice::y.yaml"):
        (root / "comms/billing" / name).write_text("id: [\n", "utf-8")
    result = run_ccm("lint", "--no-cache", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(runner_lines(result.stderr.strip())) == 2 and commands(result.stderr) == []
    assert "comms/billing/a\\n::error file=stderr::forged.yaml:2:1" in result.stderr


# ---------------------------------------------------------------- the Markdown diff comment
def _commit(root: Path) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=Writer", "-c", "user.email=w@example.com", "commit", "-q", "-m", "base"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_markdown_comment_hides_nothing_and_pings_no_one(tmp_path):
    root = copy_repo("minimal", tmp_path)
    _commit(root)
    reason = "<!-- @octocat #1 </details> <b>x</b> **bold** [x](https://evil.example) $1 | ``` ~~~"
    (root / "brand/guidelines.yaml").write_text(f"banned:\n  - {{phrase: Power, reason: {yaml_string(reason)}}}\n", "utf-8")
    customer = "CUSTOMER-TEXT-AFTER ```` <!-- still shown @octocat"
    edit(root / "comms/billing/outage.yaml", "Power is back on in your area.", f"Power is back on in your area. {customer}")
    added = (root / "comms/billing/outage.yaml").read_text("utf-8").replace("id: billing.outage", "id: billing.new-one")
    (root / "comms/billing/<!-- new ``.yaml").write_text(added.replace("owner: billing", "owner: '@octocat <!--'"), "utf-8")
    result = run_ccm("diff", "HEAD", "--format", "markdown", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    md = result.stdout
    assert commands(md) == []
    html = MarkdownIt("commonmark").enable("table").render(md)  # GitHub renders CommonMark (GFM)
    assert "<!--" not in html  # no comment hides the rest, ccm writes none of its own
    assert "&lt;!-- @\u200boctocat #\u200b1 &lt;/details&gt; &lt;b&gt;x&lt;/b&gt; **bold** [x](https://evil.example) $1 | ``` ~~~" in html
    prose = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)  # GitHub links nothing in code
    assert "@octocat" not in prose and "#1" not in prose  # mentions and references neither ping nor link
    assert html.count("<details>") == html.count("</details>") == html.count("<b>") == html.count("</b>") == 2  # one per comm
    assert "<strong>bold</strong>" not in html and 'href="https://evil.example"' not in html
    # the customer text, exactly, in a code block that its own backticks do not close
    assert "+Power is back on in your area. CUSTOMER-TEXT-AFTER ```` &lt;!-- still shown @octocat Thank you" in html
    assert "<code>comms/billing/&lt;!-- new ``.yaml</code>" in html
    assert "&lt;b&gt;billing.new-one&lt;/b&gt;" not in html and "owner @\u200boctocat &lt;!--" in html


# ---------------------------------------------------------------- bytes that are not UTF-8
def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(tmp_path):
    root = copy_repo("minimal", tmp_path)
    name = os.fsdecode(b"comms/billing/\xff\xfe.yaml")
    (root / name).write_bytes((root / "comms/billing/outage.yaml").read_bytes())
    out = tmp_path / "ccm.sarif"
    result = run_ccm("lint", "--no-cache", "--format", "sarif", "--output", str(out), cwd=root)
    assert result.returncode == 1, result.stderr
    sarif = json.loads(out.read_bytes().decode("utf-8"))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]]
    assert "comms/billing/%FF%FE.yaml" in uris  # the file's bytes, as a URI
    for name in ("text", "json", "junit"):
        result = subprocess.run([*_ccm(), "lint", "--no-cache", "--format", name], cwd=root, capture_output=True, env=_env())
        assert result.returncode == 1, result.stderr
        result.stdout.decode("utf-8")  # valid UTF-8


def _ccm() -> list[str]:
    import sys

    return [sys.executable, "-m", "ccm_cli.cli"]


def _env() -> dict:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}


# ---------------------------------------------------------------- SARIF
def test_sarif_root_is_the_repository_and_uris_are_encoded(tmp_path):
    root = copy_repo("minimal", tmp_path)
    outage = (root / "comms/billing/outage.yaml").read_text("utf-8")
    (root / "comms/billing/a b#c%.yaml").write_text(outage.replace("id: billing.outage", "id: billing.odd\nfoo: bar"), "utf-8")
    run = json.loads(run_ccm("lint", "--no-cache", "--format", "sarif", cwd=root).stdout)["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == root.resolve().as_uri() + "/" and base != "file:///"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "comms/billing/a%20b%23c%25.yaml" in uris


def test_sarif_fingerprints_survive_a_reworded_message(tmp_path):
    root = copy_repo("minimal", tmp_path)
    guidelines = root / "brand/guidelines.yaml"

    def prints(reason: str) -> dict:
        guidelines.write_text(f"banned:\n  - {{phrase: bill, reason: '{reason}'}}\n", "utf-8")
        results = json.loads(run_ccm("lint", "--no-cache", "--format", "sarif", cwd=root).stdout)["runs"][0]["results"]
        return {(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"]): r["partialFingerprints"]
                for r in results if r["ruleId"] == "brand/banned-phrase"}

    before, after = prints("Say invoice"), prints("Say invoice, not bill")
    assert before and before == after
    assert len({json.dumps(p) for p in before.values()}) == len(before)  # one per finding
    edit(root / "comms/billing/reminder.yaml", "Your bill of", "Your Bill of")  # other text: another alert
    changed = prints("Say invoice")
    assert changed != before


# ---------------------------------------------------------------- merge-results
@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    root = copy_repo("minimal", tmp_path_factory.mktemp("shards"))
    folder = tmp_path_factory.mktemp("reports")
    for total in (2, 3):
        for index in range(1, total + 1):
            out = folder / f"{index}of{total}.json"
            result = run_ccm("lint", "--no-cache", "--format", "json", "--shard", f"{index}/{total}", "--output", str(out), cwd=root)
            assert result.returncode in (0, 1), result.stderr
    return root, folder


def test_a_shard_report_says_which_shard_it_is(shards):
    _, folder = shards
    assert json.loads((folder / "2of3.json").read_text("utf-8"))["shard"] == {"index": 2, "total": 3}


def _merge(root: Path, *files: Path) -> subprocess.CompletedProcess:
    return run_ccm("merge-results", *(str(f) for f in files), "--format", "json", cwd=root)


def _refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_merge_accepts_every_shard_once(shards):
    root, folder = shards
    merged = _merge(root, folder / "2of3.json", folder / "1of3.json", folder / "3of3.json")
    assert merged.returncode in (0, 1), merged.stderr
    assert "shard" not in json.loads(merged.stdout)


def test_merge_refuses_a_missing_shard(shards):
    root, folder = shards
    _refused(_merge(root, folder / "1of3.json", folder / "3of3.json"), "shard 2/3 missing")


def test_merge_refuses_a_repeated_shard(shards):
    root, folder = shards
    copy = folder.parent / "again.json"
    copy.write_bytes((folder / "1of2.json").read_bytes())
    _refused(_merge(root, folder / "1of2.json", folder / "2of2.json", copy), "shard 1/2 again", "again.json")


def test_merge_refuses_shards_of_different_runs(shards):
    root, folder = shards
    _refused(_merge(root, folder / "1of2.json", folder / "2of3.json"), "shard 2/3", "1of2.json")


@pytest.mark.parametrize("content, words", [
    ("not json", ["not JSON"]),
    ("[" * 100_000, ["not"]),
    ('{"version": 1, "summary": {"comms": ' + "9" * 5000 + ', "variants": 1}, "findings": []}', ["not a 'ccm lint --format json' report"]),
    ('{"hello": 1}', ['no "version": 1']),
    ('{"version": 1, "summary": {"comms": "2", "variants": 1}, "findings": []}', ['"comms"']),
    ('{"version": 1, "summary": {"comms": 1, "variants": 1}, "findings": [{"rule": "x"}]}', ["finding 1", "category"]),
    ('{"version": 1, "summary": {"comms": 1, "variants": 1}, "findings": [{"rule": "x", "category": "brand", '
     '"severity": "error", "message": "m", "line": "7"}]}', ["finding 1", "'line' must be an integer"]),
    ('{"version": 1, "summary": {"comms": 1, "variants": 1}, "findings": [{"rule": "x", "category": "brand", '
     '"severity": "fatal", "message": "m"}]}', ["severity"]),
    ('{"version": 1, "shard": {"index": 3, "total": 2}, "summary": {"comms": 1, "variants": 1}, "findings": []}', ['"shard"']),
    ('{"version": 1, "summary": {"comms": 1, "variants": 1}, "findings": [{"rule": "x", "category": "brand", '
     '"severity": "error", "message": "m", "evil": 1}]}', ["unknown finding field 'evil'"]),
], ids=["not-json", "deeply-nested", "huge-integer", "not-a-report", "count-not-an-integer", "finding-incomplete",
        "line-not-an-integer", "unknown-severity", "shard-out-of-range", "unknown-field"])
def test_merge_refuses_what_is_not_a_report(tmp_path, content, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content, "utf-8")
    _refused(_merge(tmp_path, bad), "bad.json", *words)


def test_merge_refuses_huge_files_and_folders_without_reading_them(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:  # sparse: no disk used, no time spent
        handle.truncate(300 * 1024 * 1024)
    _refused(_merge(tmp_path, huge), "huge.json", "too big")
    _refused(_merge(tmp_path, tmp_path), "not a regular file")
    _refused(_merge(tmp_path, tmp_path / "absent.json"), "no such file")


@pytest.mark.parametrize("comm", ["billing.outage"])
def test_preview_in_the_terminal_forges_nothing(hostile, comm):
    """`ccm preview ID` prints the customer text, the comm's facts and its findings: no line is
    a workflow command and no control character reaches the terminal, however narrow."""
    result = run_ccm("preview", comm, cwd=hostile, env={"COLUMNS": "60"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert commands(result.stdout) == []
    assert CONTROLS.search(result.stdout) is None and "\r" not in result.stdout
    assert "Power is back on" in result.stdout and KEEP in result.stdout
