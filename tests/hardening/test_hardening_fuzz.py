"""Fuzzing: arbitrary bytes and structurally valid but wrong documents never crash ccm.

The only allowed outcomes are findings or a CcmError (a clean exit 2). CI runs a few
thousand examples; bench/fuzz_nightly.py runs many more.
"""

import os
import string
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent.parent))
from conftest import REPOS  # noqa: E402

from ccm_cli.errors import CcmError
from ccm_cli.linter import lint
from ccm_cli.project import load_project
from ccm_cli.yamlio import parse

SCALE = float(os.environ.get("CCM_FUZZ_SCALE", "1"))  # bench/fuzz_nightly.py raises it


def FUZZ(max_examples=1500):
    return settings(deadline=None, suppress_health_check=list(HealthCheck), database=None, max_examples=int(max_examples * SCALE))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["", "en-US", "ja-JP", "email", "sms", "{{ x }}", "{% if %}", "\u202e", "ｶﾞ", "0755", "no", "2026-13-45", "09:00"]),
)
jinja_bits = st.lists(
    st.sampled_from(["Hi ", "{{ customer.first_name }}", "{{ facts.brand }}", "{% if x %}", "{% endif %}", "{{", "}}",
                     "{{ clause('nope') }}", "{% include '_snippets/help.j2' %}", "{{ 1/0 }}", "{{ x|money }}", "{{ 'a'|date }}",
                     "です。", "である。", "!!!", "\u200b", "{% for i in range(3) %}", "{% endfor %}", "\n", "{#", "#}"]),
    max_size=12,
).map("".join)
values = st.recursive(scalars | jinja_bits, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)
comm_keys = st.sampled_from(["id", "name", "owner", "category", "kind", "journey", "tags", "audience", "schedule", "variables", "samples", "content", "lint", "bogus"])
comms = st.dictionaries(comm_keys, values, max_size=10)
contents = st.dictionaries(
    st.sampled_from(["en-US", "ja-JP", "xx"]),
    st.dictionaries(st.sampled_from(["email", "sms", "push", "web", "fax"]),
                    st.dictionaries(st.sampled_from(["subject", "preheader", "body", "title", "body_file", "cta"]), jinja_bits | scalars, max_size=3), max_size=3),
    max_size=2,
)


@FUZZ(3000)
@given(st.binary(max_size=400))
def test_parse_arbitrary_bytes(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        parse(text, "fuzz.yaml")
    except CcmError:
        pass


@FUZZ(3000)
@given(st.text(alphabet=string.printable + "「」、。\u202e\u200b", max_size=300))
def test_parse_arbitrary_text(text):
    try:
        parse(text, "fuzz.yaml")
    except CcmError:
        pass


def _repo(tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("fuzz") / "repo"
    shutil.copytree(REPOS / "minimal", root)
    return root


@FUZZ(300)
@given(comm=comms, content=contents)
def test_lint_pipeline_never_crashes(tmp_path_factory, comm, content):
    import yaml

    root = _repo(tmp_path_factory)
    document = dict(comm)
    if content:
        document["content"] = content
    (root / "comms" / "billing" / "fuzz.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    try:
        project = load_project(root)
    except CcmError:
        return
    result = lint(project)
    for finding in result.findings:
        assert finding.rule and finding.message


@FUZZ(200)
@given(text=st.text(max_size=200))
def test_lint_pipeline_with_raw_text_files(tmp_path_factory, text):
    root = _repo(tmp_path_factory)
    (root / "comms" / "billing" / "raw.yaml").write_text(text, "utf-8")
    try:
        lint(load_project(root))
    except CcmError:
        pass
