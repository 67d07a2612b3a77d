"""Consistency rules, as a table: an edit to the clean compliance repository and the finding it
must produce (rule, file, line, severity); plus number normalisation and near-duplicates."""

import pytest

from conftest import copy_repo, edit, lint_dir

P = "comms/marketing/promo.yaml"
H = "comms/billing/holiday.yaml"

CASES = [
    # id, file, old, new, rule, expected file, expected line, severity
    ("sms says another duration", P, "20% off for 14 days. Reply", "20% off for 10 days. Reply", "consistency/numbers", P, 35, "error"),
    ("ja says another duration (full-width)", P, "スマートプラグを14日間、20%オフ", "スマートプラグを１０日間、20%オフ", "consistency/numbers", P, 43, "error"),
    ("ja says another percentage", P, "スマートプラグが14日間20%オフです", "スマートプラグが14日間25％オフです", "consistency/numbers", P, 47, "error"),
    ("months differ between locales", H, "body: \"ご利用料金のお支払いを最長3か月", "body: \"ご利用料金のお支払いを最長6ヶ月", "consistency/numbers", H, 26, "error"),
    ("phone number typed by hand", P, "Pay at {{ facts.pay_url }}.", "Call 1-800-555-0199.", "consistency/hand-typed-fact", P, 31, "warning"),
    ("phone number one digit off", P, "Pay at {{ facts.pay_url }}.", "Call 1-800-555-0198.", "consistency/hand-typed-fact", P, 31, "error"),
    ("url typed by hand", P, "Pay at {{ facts.pay_url }}.", "Pay at https://acme.example/pay.", "consistency/hand-typed-fact", P, 31, "warning"),
    ("brand typed by hand in ja", P, "{{ customer.first_name }}様", "アクメ電力の{{ customer.first_name }}様", "consistency/hand-typed-fact", P, 41, "warning"),
    ("locale without a channel", P, '    sms:\n      body: "{{ facts.brand }}：', '    push:\n      title: "x"\n      body: "{{ facts.brand }}：', "consistency/missing-channel", P, 24, "warning"),
]

PASSING = [
    ("30日 = 30 days", P, ("for the next 14 days", "14日間"), ("for the next 14 days", "14日")),
    ("sms may leave a number out", P, ("20% off for 14 days. Reply", "20% off now. Reply"), None),
    ("short fact values are ignored", P, ("Hi {{ customer.first_name }},", "Hi {{ customer.first_name }}, Basic plans too."), None),
    ("numbers inside facts are not compared", P, ("Pay at {{ facts.pay_url }}.", "Pay at {{ facts.pay_url }} or call {{ facts.support_phone }}."), None),
]


@pytest.fixture
def compliance(tmp_path):
    return copy_repo("compliance", tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_consistency_rule_finds_the_defect(compliance, case):
    _, file, old, new, rule, expected_file, expected_line, severity = case
    edit(compliance / file, old, new)
    findings = [f for f in lint_dir(compliance).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(compliance).findings]}"
    assert (findings[0].file, findings[0].line, findings[0].severity.label) == (expected_file, expected_line, severity), findings
    assert findings[0].message and findings[0].column


@pytest.mark.parametrize("case", PASSING, ids=[c[0] for c in PASSING])
def test_consistency_rules_accept(compliance, case):
    _, file, first, second = case
    edit(compliance / file, *first)
    if second and second[0] in (compliance / file).read_text("utf-8"):
        edit(compliance / file, *second)
    assert [f for f in lint_dir(compliance).findings if f.rule.startswith("consistency/")] == []


def test_one_digit_off_names_the_fact(compliance):
    edit(compliance / P, "Pay at {{ facts.pay_url }}.", "Call 1-800-555-0198.")
    (finding,) = [f for f in lint_dir(compliance).findings if f.rule == "consistency/hand-typed-fact"]
    assert "looks like facts.support_phone" in finding.message and finding.fix == "Use {{ facts.support_phone }}"


NUMBERS = [
    ("30 days", "30日", True), ("30日間", "３０日", True), ("3 months", "3ヶ月", True), ("3か月", "3カ月", True),
    ("$1,200.50", "1,200.5", True), ("14%", "１４％", True), ("Mar 20, 2026", "2026年3月20日", True),
    ("14 days", "10 days", False), ("3,300円", "3,000円", False),
]


@pytest.mark.parametrize("a,b,same", NUMBERS)
def test_number_normalisation(a, b, same):
    from ccm_cli.rules.consistency._numbers import find, fold

    left, right = find(fold(a)), find(fold(b))
    assert left and right
    assert ((left[0].kind, left[0].value) == (right[0].kind, right[0].value)) is same


def test_near_duplicate_comms(compliance):
    text = (compliance / "comms/billing/holiday.yaml").read_text("utf-8")
    body = ("You can pause your bill payments for up to 3 months. Your power stays on the whole time, and we "
            "do not charge late fees. After the holiday you can spread what you owe over twelve monthly payments.")
    text = text.replace('body: "You can pause your bill payments for up to 3 months. Your power stays on."', f'body: "{body}"')
    (compliance / "comms/billing/holiday.yaml").write_text(text, "utf-8")
    copy = text.replace("id: billing.holiday", "id: billing.holiday-copy").replace("twelve monthly", "twelve equal monthly")
    (compliance / "comms/billing/holiday-copy.yaml").write_text(copy, "utf-8")
    findings = [f for f in lint_dir(compliance).findings if f.rule == "consistency/near-duplicate"]
    assert {f.comm for f in findings} == {"billing.holiday", "billing.holiday-copy"}
    assert all("% the same as" in f.message and f.severity.label == "warning" for f in findings)


def test_near_duplicate_lsh_finds_pairs_without_comparing_all():
    from ccm_cli.text.similarity import candidates, jaccard, shingles, signature

    base = "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat in the sun " * 2
    texts = {i: f"message number {i} about topic {i * 7} with words {i * 13} and more {i * 17} text" for i in range(2000)}
    texts[5000] = base
    texts[5001] = base.replace("warm", "cold", 1)
    sets = {k: shingles(v, "en") for k, v in texts.items()}
    pairs = candidates({k: signature(v) for k, v in sets.items()})
    assert (5000, 5001) in pairs
    assert jaccard(sets[5000], sets[5001]) >= 0.85
    assert len(pairs) < 2000 * 1999 // 2 // 100  # a tiny fraction of all pairs


def test_near_duplicate_walk_around_some_keys_equals_the_full_comparison():
    """--changed-only and --shard score only the families of the reported comms; what they find
    for those comms (pairs, families joined through another locale × channel) equals the full run."""
    import random

    from ccm_cli.text.similarity import Families, Similar, family_members, shingles, signature

    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    topics = [[rng.choice(words) for _ in range(60)] for _ in range(8)]

    def variant(topic):
        text = list(topics[topic])
        for _ in range(rng.choice((0, 0, 1, 2, 8))):
            text[rng.randrange(len(text))] = rng.choice(words)
        return signature(shingles(" ".join(text), "en"))

    by_where = {
        "en-US|email": {k: variant(k % 3) for k in range(120)},
        "en-US|sms": {k: variant(3 + k % 5) for k in range(0, 120, 2)},  # joins email families
    }
    full = Families()
    for sigs in by_where.values():
        Similar(sigs).all().join_into(full)
    full_families = [set(members) for members in full.members.values()]
    for keys in ({0}, {1, 2}, {5, 77}, set(range(0, 120, 11))):
        expected = {k for family in full_families if family & keys for k in family}
        assert family_members(by_where, keys) == expected | keys
        for sigs in by_where.values():
            full, walked = Similar(sigs).all(), Similar(sigs).around(expected | keys)
            touched = {i for i, members in enumerate(walked.groups) if set(members) & expected}
            assert {p for p in full.pairs if p[1] in touched or p[2] in touched} <= set(walked.pairs)


def test_near_duplicate_walk_skips_only_pairs_that_change_nothing():
    """The walk passes a pair whose groups it reached from one start, but never a pair of a
    kept group (its closest twin) nor one joining two walks (the families would split)."""
    from ccm_cli.text.similarity import BINS, Families, Similar, pack

    def chain(i):  # link i differs from link k in 4·|i - k| bins: neighbours 0.94, two apart 0.875
        return pack([j + 1000 if j < 4 * i else j for j in range(BINS)])

    sigs = {i: chain(i) for i in range(10)}
    full = Similar(sigs).all()
    for keys, keep in (({0, 9}, set()), ({0}, {5}), ({3, 6}, {6})):
        walked = Similar(sigs).around(keys, keep)
        families = Families()
        walked.join_into(families)
        assert sorted(families.of(0)) == list(range(10)), (keys, keep)
        for k in keep:
            assert {p for p in full.pairs if k in p[1:]} == {p for p in walked.pairs if k in p[1:]}, (keys, keep)
    assert len(Similar(sigs).around({0}, set()).pairs) < len(full.pairs)  # it does pass some


@pytest.mark.parametrize("distinct", [False, True], ids=["shared-copy", "distinct-copy"])
def test_near_duplicate_findings_of_some_comms_equal_the_full_run(tmp_path, distinct):
    """With ``wanted`` (--changed-only, --shard) the rule walks only the reported comms'
    families: each reported comm still gets the full run's closest twin, score and family size."""
    import importlib.util
    import random

    from conftest import ROOT
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(tmp_path / "repo", 160, seed=3, defect_rate=0.0, git=False, distinct=distinct)
    project = load_project(tmp_path / "repo")

    def near_duplicates(result):
        return sorted(tuple(f.to_json().items()) for f in result.findings if f.rule == "consistency/near-duplicate")

    full = lint(project)
    by_comm = {}
    for finding in full.findings:
        if finding.rule == "consistency/near-duplicate":
            by_comm.setdefault(finding.comm, []).append(finding)
    assert any("near-duplicate comms" in f.message for found in by_comm.values() for f in found)  # families of 3+
    ids = [comm.id for comm in project.comms]
    rng = random.Random(5)
    for wanted, jobs in (({ids[0]}, 1), (set(rng.sample(ids, 7)), 1), (set(rng.sample(ids, 40)), 2)):
        expected = sorted(tuple(f.to_json().items()) for comm_id in wanted for f in by_comm.get(comm_id, []))
        # jobs=2: the others' signatures are computed in forked workers (linter._fill_digests)
        assert near_duplicates(lint(project, only_comms=wanted, jobs=jobs)) == expected


def test_numbers_fold_is_one_character_for_one():
    """_numbers.fold: NFKC per character so that offsets stay those of the rendered text;
    a character whose NFKC form is longer (㍻ -> 平成) stays as it is."""
    from ccm_cli.rules.consistency._numbers import fold

    assert fold("ご利用は３０日以内、手数料１０％") == "ご利用は30日以内、手数料10%"
    assert fold("㍻３年 ½") == "㍻3年 ½"
    assert fold("plain ascii 30 days") == "plain ascii 30 days"
    text = "Ｐａｙ ＄１，２００.５０ 𝟙"
    assert len(fold(text)) == len(text)
