"""`ccm intents [TEXT or FILE]` run as a real subprocess: the library, an explanation, the
repository's policies/intents.yaml, and one-line errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_ccm


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "policies").mkdir(parents=True)
    (root / "ccm.yaml").write_text("name: t\nlocales: [en-GB, ja-JP]\ndefault_locale: en-GB\n", "utf-8")
    return root


def test_without_argument_lists_the_library(tmp_path):
    done = run_ccm("intents", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "disconnection-threat: Threatens or announces disconnection" in done.stdout
    assert "  ja (" in done.stdout and "電気を止め" in done.stdout
    data = json.loads(run_ccm("intents", "--format", "json", cwd=tmp_path).stdout)
    names = [i["name"] for i in data["intents"]]
    assert {"promotion", "payment-deferral", "personal-data-request"} <= set(names)
    deferral = next(i for i in data["intents"] if i["name"] == "payment-deferral")
    assert deferral["negatable"] is True and "payment holiday" in deferral["phrases"]["en"]
    assert deferral["aliases"] == ["payment-holiday"] and "  also a tag as: payment-holiday" in done.stdout


def test_a_text_is_explained_with_positions_phrases_and_the_promise(tmp_path):
    text = "Hi Ana,\nWe turned off your power.\nA payment holiday lasts up to 3 months."
    done = run_ccm("intents", text, "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["locale"] == "en-US" and report["intents"] == ["disconnection-threat", "payment-deferral"]
    first = report["matches"][0]
    assert (first["line"], first["column"], first["words"], first["phrase"]) == (2, 4, "turned off your power", "turn off your power")
    assert report["promise"]["lasts"] == "3 months" and report["promise"]["line"] == 3
    plain = run_ccm("intents", text, cwd=tmp_path).stdout
    assert plain.splitlines()[0] == "<text> (en-US): shows disconnection-threat, payment-deferral"
    assert "2:4  disconnection-threat" in plain and "'turn off your power' (built-in)" in plain


def test_negated_words_are_shown_as_not_counted(tmp_path):
    done = run_ccm("intents", "電気を止めることはありません。", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(ja-JP): shows no intent" in done.stdout  # the locale is detected from the script
    assert 'not counted: disconnection-threat "電気を止める" is negated by "ん"' in done.stdout


def test_a_file_in_the_repository_and_its_intents_yaml(repo):
    (repo / "policies/intents.yaml").write_text("promotion:\n  en: [switch to Green]\n", "utf-8")
    (repo / "copy").mkdir()
    (repo / "copy/landing.md").write_text("# Green\n\nSwitching to Green is easy.\n", "utf-8")
    done = run_ccm("intents", "landing.md", "--format", "json", cwd=repo / "copy")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["source"] == "copy/landing.md" and report["locale"] == "en-GB"  # the project's English locale
    (m,) = report["matches"]
    assert (m["intent"], m["words"], m["line"], m["column"]) == ("promotion", "Switching to Green", 3, 1)
    assert m["origin"] == "policies/intents.yaml:2:8"
    listed = json.loads(run_ccm("intents", "--format", "json", cwd=repo).stdout)
    promotion = next(i for i in listed["intents"] if i["name"] == "promotion")
    assert promotion["origin"] == "built-in, extended by policies/intents.yaml"


def test_standard_input_and_a_loose_file(tmp_path):
    done = run_ccm("intents", "-", "--locale", "fr-CA", cwd=tmp_path, input="Parrainez vos amis !")
    assert done.returncode == 0 and "referral-request" in done.stdout
    loose = tmp_path / "notes.txt"
    loose.write_text("Refer a friend", "utf-8")
    done = run_ccm("intents", str(loose), cwd=tmp_path)
    assert done.returncode == 0 and "referral-request" in done.stdout


ERRORS = [
    (["intents", "x", "--format", "xml"], "unknown format 'xml'"),
    (["intents", "x", "--locale", "not a locale"], "--locale must be a language tag"),
    (["intents", "missing.md"], "no such file: missing.md"),
]


@pytest.mark.parametrize("args, message", ERRORS)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    done = run_ccm(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("ccm: ") and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_an_invalid_intents_file_is_exit_2_at_file_line_column(repo):
    (repo / "policies/intents.yaml").write_text("promotion:\n  en: ['re:(a+)+$']\n", "utf-8")
    done = run_ccm("intents", "anything", cwd=repo)
    assert done.returncode == 2
    assert done.stderr.startswith("ccm: policies/intents.yaml:2:8: promotion.en[0]:") and "inside a repeat" in done.stderr
    assert "Traceback" not in done.stderr


def test_terminal_control_characters_are_escaped(tmp_path):
    done = run_ccm("intents", "Refer a\x1b[31m friend", "--locale", "en-US", cwd=tmp_path)
    assert done.returncode == 0 and "\x1b" not in done.stdout


def test_a_comm_file_is_sent_to_the_preview(tmp_path):
    """A comm's YAML is not what a customer reads (its ids and segment names would match):
    exit 2 with the command that shows each variant's intents."""
    from conftest import copy_repo

    root = copy_repo("example", tmp_path)
    done = run_ccm("intents", "comms/billing/payment-holiday-offer.yaml", cwd=root)
    assert done.returncode == 2 and "comm file" in done.stderr and "ccm preview" in done.stderr and "Traceback" not in done.stderr
    body = run_ccm("intents", "comms/billing/invoice-ready.ja.md.j2", cwd=root)
    assert body.returncode == 0, body.stderr
