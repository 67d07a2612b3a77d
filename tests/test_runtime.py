"""The runtime API: a published release renders exactly what lint and preview rendered,
without the content repository, and refuses data that breaks the contract."""

from __future__ import annotations

import shutil

import pytest

from test_publish_support import ccm, git_repo


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(release folder copied out of the repository, the lint renderings of every sample)."""
    from ccm_cli.project import load_project
    from ccm_cli.render import Renderer

    render_comm = Renderer.render_comm

    tmp = tmp_path_factory.mktemp("runtime")
    root = git_repo(tmp)
    result = ccm("publish", cwd=root)
    assert result.returncode == 0, result.stderr
    project = load_project(root)
    renderer = Renderer(project)
    expected = []
    for comm in project.comms:
        for variant in render_comm(renderer, comm):
            assert not variant.errors, variant.errors
            data = variant.sample.data if variant.sample else {}
            expected.append((comm.id, variant.locale, variant.channel, data, {k: f.text for k, f in variant.fields.items()}))
    releases = tmp / "deployed"
    shutil.copytree(root / "dist" / "releases", releases, symlinks=True)
    shutil.rmtree(root)  # the runtime must not need the content repository
    return releases, expected


def test_runtime_renders_identical_text_to_lint_and_preview(published):
    from ccm_cli.runtime import open_release

    releases, expected = published
    release = open_release(releases)
    assert len(expected) > 40
    for comm_id, locale, channel, data, fields in expected:
        assert release.render(comm_id, locale, channel, data) == fields, (comm_id, locale, channel)


def test_runtime_knows_comms_variants_contracts_and_delivery(published):
    from ccm_cli.runtime import open_release

    release = open_release(published[0])
    assert "billing.payment-reminder" in release.comms()
    assert ("ja-JP", "sms") in release.variants("billing.payment-reminder")
    assert release.contract("billing.payment-reminder")["required"] == ["customer", "invoice"]
    assert release.delivery("billing.payment-reminder")["send_window"]["start"] == "09:00"


def test_data_that_breaks_the_contract_is_refused(published):
    from ccm_cli.runtime import ContractViolation, open_release

    release = open_release(published[0])
    bad = {"customer": {"first_name": "Ana", "last_name": "Y"}, "invoice": {"amount": -1, "due_date": "soon"}}
    with pytest.raises(ContractViolation) as caught:
        release.render("billing.payment-reminder", "en-US", "sms", bad)
    assert "invoice.amount: -1 is less than the minimum of 0" in caught.value.errors
    assert any(e.startswith("invoice.due_date:") for e in caught.value.errors)
    with pytest.raises(ContractViolation):
        release.render("billing.payment-reminder", "en-US", "sms", {"customer": {"first_name": "Ana"}})


def test_templates_stay_sandboxed_at_runtime(published):
    from ccm_cli.runtime import RenderFailed, open_release

    release = open_release(published[0])
    data = {"customer": {"first_name": "Ana", "last_name": "Y"}, "invoice": {"amount": 1, "due_date": "2026-03-06"}}
    text = release.render("billing.payment-reminder", "en-US", "sms", data)["body"]
    assert "$1.00" in text and "Mar 6, 2026" in text
    # customer data is data, never template code
    data["customer"]["first_name"] = "{{ ''.__class__.__mro__ }}"
    body = release.render("billing.payment-reminder", "en-US", "email", data)["body"]
    assert "Hi {{ ''.__class__.__mro__ }}," in body
    with pytest.raises(RenderFailed):
        release.render("billing.payment-reminder", "en-US", "sms", {"invoice": {}}, validate=False)


def test_a_tampered_release_is_rejected(published, tmp_path):
    from ccm_cli.runtime import ReleaseError, open_release

    copy = tmp_path / "copy"
    shutil.copytree(published[0], copy, symlinks=True)
    bundle = copy / "current" / "comms" / "billing.payment-reminder" / "en-US" / "sms.json"
    bundle.write_text(bundle.read_text("utf-8").replace("bill", "b1ll"), "utf-8")
    with pytest.raises(ReleaseError, match="does not match its sha256"):
        open_release(copy)
    with pytest.raises(ReleaseError, match="has no release"):
        open_release(copy, "0000000000000000")
