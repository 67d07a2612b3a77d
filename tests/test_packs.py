"""Built-in policy packs: valid data, cited sources, a strict merge, and wiring into a project."""

import pytest

from ccm_cli.packs import available, merge_contact, pack_documents
from ccm_cli.schemas import validator
from conftest import copy_repo, edit, lint_dir

PACKS = ["us-can-spam", "tcpa", "ctia-sms", "ca-casl", "jp-tokutei-denshi-mail", "uk-pecr"]
SOURCES = {"us-can-spam": "15 U.S.C. §7704(a)(5)", "tcpa": "47 CFR §64.1200(c)(1)", "ctia-sms": "CTIA",
           "ca-casl": "s.6(2)", "jp-tokutei-denshi-mail": "第4条", "uk-pecr": "reg. 22"}


def test_every_pack_is_listed_with_its_source():
    packs = {p.id: p for p in available()}
    assert set(PACKS) <= set(packs)
    for pack_id, cited in SOURCES.items():
        assert cited in packs[pack_id].source, pack_id
        assert packs[pack_id].title and packs[pack_id].region and packs[pack_id].description


@pytest.mark.parametrize("pack_id", PACKS)
def test_pack_documents_are_schema_valid(pack_id):
    docs = pack_documents([pack_id])
    assert docs
    for schema, doc in docs:
        assert schema in ("clause", "contact")
        assert doc.rel.startswith(f"ccm:packs/{pack_id}/")
        assert list(validator(schema).iter_errors(doc.data)) == [], doc.rel
        if schema == "clause":
            assert doc.data.get("source") and doc.data.get("required_for")


def test_unknown_pack_is_an_error():
    from ccm_cli.errors import CcmError

    with pytest.raises(CcmError, match="unknown policy pack 'nope'"):
        pack_documents(["nope"])


def test_repository_clause_overrides_the_pack():
    ids = [doc.data["id"] for schema, doc in pack_documents(["us-can-spam", "ctia-sms"], overridden={"us-can-spam-footer"}) if schema == "clause"]
    assert ids == ["sms-stop-help"]


MERGES = [
    # id, base, fragments, expected (subset)
    ("higher consent wins", {"consent": {"marketing": {"sms": "soft_opt_in"}}}, [{"consent": {"marketing": {"sms": "opt_in", "email": "none"}}}],
     {"consent": {"marketing": {"sms": "opt_in", "email": "none"}}}),
    ("lower consent never wins", {"consent": {"marketing": {"sms": "opt_in"}}}, [{"consent": {"marketing": {"sms": "soft_opt_in"}}}],
     {"consent": {"marketing": {"sms": "opt_in"}}}),
    ("lower cap wins", {"frequency_caps": [{"category": "marketing", "channel": "any", "max": 3, "per": "7d"}]},
     [{"frequency_caps": [{"category": "marketing", "channel": "any", "max": 2, "per": "7d"}, {"category": "any", "channel": "sms", "max": 4, "per": "7d"}]}],
     {"frequency_caps": [{"category": "marketing", "channel": "any", "max": 2, "per": "7d"}, {"category": "any", "channel": "sms", "max": 4, "per": "7d"}]}),
    ("quiet hours and unsuppressible are unions", {"quiet_hours": [{"channel": ["push"], "start": "22:00", "end": "07:00"}], "unsuppressible": ["clause/*"]},
     [{"quiet_hours": [{"channel": ["sms"], "start": "21:00", "end": "08:00"}], "unsuppressible": ["clause/*", "contact/*"]}],
     {"quiet_hours": [{"channel": ["push"], "start": "22:00", "end": "07:00"}, {"channel": ["sms"], "start": "21:00", "end": "08:00"}], "unsuppressible": ["clause/*", "contact/*"]}),
    ("forbidden variables are a union", {"personalization": {"marketing": {"forbidden": ["customer.address"]}}},
     [{"personalization": {"marketing": {"forbidden": ["customer.health", "customer.address"]}}}],
     {"personalization": {"marketing": {"forbidden": ["customer.address", "customer.health"]}}}),
]


@pytest.mark.parametrize("case", MERGES, ids=[c[0] for c in MERGES])
def test_merge_contact(case):
    _, base, fragments, expected = case
    merged = merge_contact(base, fragments)
    for key, value in expected.items():
        assert merged[key] == value
    assert list(validator("contact").iter_errors(merged)) == []


def test_merge_does_not_change_its_inputs():
    base = {"consent": {"marketing": {"sms": "none"}}}
    merge_contact(base, [{"consent": {"marketing": {"sms": "opt_in"}}}])
    assert base == {"consent": {"marketing": {"sms": "none"}}}


def _with_packs(project, pack_ids):
    """What the loader does for `packs:` in ccm.yaml (see the report to the lead)."""
    from ccm_cli.model import Clause, TemplateField, YamlOrigin

    docs = pack_documents(pack_ids, overridden=set(project.clauses))
    for schema, doc in docs:
        project.documents.append((schema, doc))
        if schema == "clause":
            clause = Clause(id=doc.data["id"], doc=doc, data=doc.data)
            for locale, source in doc.data["text"].items():
                clause.texts[locale] = TemplateField("", locale, "", "text", source, YamlOrigin(doc, ("text", locale)))
            project.clause_list.append(clause)
            project.clauses.setdefault(clause.id, clause)
    project.contact = merge_contact(project.contact, [doc.data for schema, doc in docs if schema == "contact"])
    return project


def test_example_repository_with_us_and_japan_packs_is_clean(tmp_path):
    import datetime as dt

    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    root = copy_repo("example", tmp_path)
    project = _with_packs(load_project(root), ["us-can-spam", "tcpa", "ctia-sms", "jp-tokutei-denshi-mail"])
    findings = lint(project, today=dt.date(2026, 6, 1)).findings
    assert [f for f in findings if f.category in ("clause", "contact", "consistency", "governance")] == []


def test_pack_clause_is_required_in_a_repository_without_its_own(tmp_path):
    import datetime as dt

    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    root = copy_repo("compliance", tmp_path)
    edit(root / "policies/clauses/footer.yaml", "  category: [marketing]\n  channel: [email]\n", "  category: [marketing]\n  channel: [email]\n  locale: [ja-JP]\n")
    project = _with_packs(load_project(root), ["us-can-spam"])
    findings = [f for f in lint(project, today=dt.date(2026, 6, 1)).findings if f.rule == "clause/required-missing"]
    assert [(f.comm, f.locale, f.channel) for f in findings] == [("marketing.promo", "en-US", "email")]
    assert "us-can-spam-footer" in findings[0].message and "ccm:packs/us-can-spam/clauses/us-can-spam-footer.yaml" in findings[0].message
