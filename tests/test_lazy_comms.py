"""Comms restored from the parse cache decode their data only when something reads it.

A run that lints a few comms of thousands (``--changed-only``, a warm re-lint) answers the
cross-comm questions — owner, category, tags, audience, schedule, the channels a comm uses —
from each comm's cached summary. These tests check that the summary gives exactly the answers
of the decoded data, that such a run leaves the other comms undecoded, and that a damaged
cache row costs time, never a wrong answer or a traceback.
"""

import sqlite3

import pytest

from conftest import copy_repo, edit
from ccm_cli.scale.store import DiskStore as ResultCache
from ccm_cli.linter import lint
from ccm_cli.project import load_project


def _answers(comm) -> dict:
    head = {key: comm.get(key) for key in ("id", "name", "owner", "category", "kind", "journey", "tags", "audience",
                                            "schedule", "lint", "description", "unknown-key")}
    return {"id": comm.id, "file": comm.file, "owner": comm.owner, "category": comm.category, "tags": comm.tags,
            "audience": comm.audience, "schedule": comm.schedule, "ignores": comm.ignores, "head": head,
            "variants": comm.variants(), "channels": comm.channel_names(), "names_files": comm.names_files(),
            "declares": {key: comm.declares(key) for key in ("schedule", "audience", "nothing")}}


def _built(comms):
    """Comms whose fields are built: their answers come from their fields and data, not a summary."""
    for comm in comms:
        comm.fields  # noqa: B018
    return comms


def _warm_project(root):
    """The project as a second run loads it: every comm file restored from the parse cache."""
    first = ResultCache(root)
    load_project(root, cache=first)
    first.close()
    cache = ResultCache(root)
    return load_project(root, cache=cache), cache


@pytest.mark.parametrize("repo", ["example", "minimal", "brand", "compliance"])
def test_a_restored_comm_answers_from_its_summary_as_from_its_data(repo, tmp_path):
    root = copy_repo(repo, tmp_path)
    project, cache = _warm_project(root)
    lazy = {comm.file: _answers(comm) for comm in project.comms}
    inline = [comm for comm in project.comms if not comm.names_files()]  # the others read their files at load
    assert inline and all(not comm.doc.decoded for comm in inline)  # the answers came from summaries
    eager = {comm.file: _answers(comm) for comm in _built(load_project(root).comms)}
    cache.close()
    assert lazy == eager
    assert [c.declares("content") for c in project.comms] == [True] * len(project.comms)  # decodes
    assert [_parts(c) for c in project.comms] == [_parts(c) for c in load_project(root).comms]


def _parts(comm) -> tuple:
    fields = [(f.comm_id, f.locale, f.channel, f.name, f.source, f.origin.file, getattr(f.origin, "path", None)) for f in comm.fields]
    return fields, comm.samples, comm.file_problems


ODD_COMM = """\
id: odd.shapes
owner: [not, a, string]
category: 7
tags: security
schedule: soon
content:
  en-US:
    email: {subject: 12, body: [a list], footer: "not a field of email"}
    sms: {body: "Only this is a field"}
    push: "not a mapping"
    fax: {body: "not a channel"}
    3: {body: "a number for a channel"}
  ja-JP: [not, a, mapping]
  4: {line: {body: "a number for a locale"}}
samples: {not: a list}
"""


def test_odd_shapes_get_the_same_answers_from_the_summary(tmp_path):
    root = copy_repo("minimal", tmp_path)
    (root / "comms/billing/odd.yaml").write_text(ODD_COMM)
    (root / "comms/billing/not-a-mapping.yaml").write_text("- just\n- a list\n")
    (root / "comms/billing/empty.yaml").write_text("# nothing\n")
    project, cache = _warm_project(root)
    lazy = {comm.file: (_answers(comm), _parts(comm)) for comm in project.comms}
    cache.close()
    assert lazy == {comm.file: (_answers(comm), _parts(comm)) for comm in _built(load_project(root).comms)}
    odd = next(comm for comm in project.comms if comm.id == "odd.shapes")
    assert odd.channel_names() == {"sms", "line"} and odd.variants() == {("en-US", "sms"), ("4", "line")}


def test_a_comm_with_template_files_reads_them_while_loading(tmp_path):
    root = copy_repo("example", tmp_path)
    project, cache = _warm_project(root)
    cache.close()
    invoice = next(comm for comm in project.comms if comm.file == "comms/billing/invoice-ready.yaml")
    assert invoice.names_files() and invoice._build is None  # built at load time, files read then
    assert {"email"} <= invoice.channel_names()


def test_linting_one_comm_decodes_only_that_comm(tmp_path):
    root = copy_repo("example", tmp_path)
    cache = ResultCache(root)
    lint(load_project(root, cache=cache), cache=cache)  # a full run fills both caches
    cache.close()
    edit(root / "comms/billing/payment-reminder.yaml", "journey: use", "journey: support")
    project, cache = _warm_project(root)
    result = lint(project, only_comms={"billing.payment-reminder"}, cache=cache)
    cache.close()
    decoded = {comm.id for comm in project.comms if comm.doc.decoded and not comm.names_files()}
    assert decoded == {"billing.payment-reminder"}
    assert result.comm_ids == ["billing.payment-reminder"]


def _damage(root, statement: str) -> None:
    with sqlite3.connect(root / ".ccm-cache" / "lint.sqlite") as db:
        db.execute(statement)


@pytest.mark.parametrize("statement", [
    "UPDATE docs SET summary = '{\"head\": 1}'",  # a summary of another form
    "UPDATE docs SET summary = '[1, 2'",  # not JSON: the whole parse cache is ignored
    "UPDATE docs SET doc = 'not json'",  # the data cannot be decoded: the text is parsed again
    "UPDATE docs SET doc = 'not json', summary = NULL",  # nor summarized from it
])
def test_a_damaged_parse_cache_costs_time_not_correctness(statement, tmp_path):
    root = copy_repo("example", tmp_path)
    expected = sorted(tuple(f.to_json().items()) for f in lint(load_project(root)).findings)
    cache = ResultCache(root)
    load_project(root, cache=cache)
    cache.close()
    _damage(root, statement)
    cache = ResultCache(root)
    project = load_project(root, cache=cache)
    found = sorted(tuple(f.to_json().items()) for f in lint(project).findings)
    cache.close()
    assert found == expected
