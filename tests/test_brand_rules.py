"""Brand rules (brand/guidelines.yaml), as a table: an edit to the clean brand test
repository, and the finding it must (or must not) produce, in English and Japanese."""

import pytest

from conftest import copy_repo, edit, lint_dir

R = "comms/billing/reminder.yaml"
J = "comms/billing/reminder.ja.md.j2"
O = "comms/billing/outage.yaml"
BODY = "Your bill of {{ invoice.amount | money }}"
PAY = "Pay here: {{ facts.pay_url }}"
JA_LINE = "ご請求額は{{ invoice.amount | money }}です。"
SMS = "is due {{ invoice.due_date | date }}. Pay: {{ facts.pay_url }}"

BAD = [
    # id, file, old, new, rule, expected line, text in message
    ("banned phrase", R, BODY, "Your cheap bill of {{ invoice.amount | money }}", "brand/banned-phrase", 22, "'cheap' is banned: Premium brand"),
    ("banned phrase any case", R, BODY, "CHEAP! Your bill of {{ invoice.amount | money }}", "brand/banned-phrase", 22, "'CHEAP' is banned"),
    ("banned pattern", R, PAY, "Act now and pay here: {{ facts.pay_url }}", "brand/banned-phrase", 23, "Pressure selling"),
    ("banned phrase ja", J, JA_LINE, "激安プランのご請求額は{{ invoice.amount | money }}です。", "brand/banned-phrase", 3, "'激安' is banned"),
    ("banned in sms", R, SMS, SMS + " Cheap.", "brand/banned-phrase", 28, "'Cheap'"),
    ("terminology", R, PAY, "Log in to pay here: {{ facts.pay_url }}", "brand/terminology", 23, "Use 'sign in', not 'Log in'"),
    ("terminology one word", R, PAY, "Use your login to pay: {{ facts.pay_url }}", "brand/terminology", 23, "not 'login'"),
    ("terminology ja", J, JA_LINE, "サインインすると、ご請求額は{{ invoice.amount | money }}です。", "brand/terminology", 3, "Use 'ログイン', not 'サインイン'"),
    ("terminology ja kanji", J, JA_LINE, "お客様のご請求額は{{ invoice.amount | money }}です。", "brand/terminology", 3, "お客さま"),
    ("capitalization lower", R, BODY, "Your kumo energy bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "Write 'Kumo Energy', not 'kumo energy'"),
    ("capitalization upper", R, BODY, "Your KUMO ENERGY bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "not 'KUMO ENERGY'"),
    ("capitalization mixed", R, BODY, "Your kumo Energy bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "not 'kumo Energy'"),
    ("capitalization product", R, BODY, "Pay on your Iphone. Your bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "Write 'iPhone'"),
    ("full-width letters", R, BODY, "Your Ｋｕｍｏ Energy bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "full-width"),
    ("zero-width inside name", R, BODY, "Your Ku\u200bmo Energy bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "zero-width character (U+200B)"),
    ("cyrillic homoglyph", R, BODY, "Your Kum\u043e Energy bill of {{ invoice.amount | money }}", "brand/capitalization", 22, "CYRILLIC SMALL LETTER O"),
    ("greek homoglyph in LINE", R, PAY, "Follow us on L\u0399NE. " + PAY, "brand/capitalization", 23, None),
    ("exclamation sms", R, SMS, "is due {{ invoice.due_date | date }}! Pay: {{ facts.pay_url }}", "brand/exclamation", 28, "at most 0 on sms"),
    ("exclamation email", R, PAY, "Pay here! Thanks! {{ facts.pay_url }}", "brand/exclamation", 23, "2 exclamation marks"),
    ("exclamation ja", J, JA_LINE, "ご請求額は{{ invoice.amount | money }}です！お早めに！", "brand/exclamation", 3, "2 exclamation marks"),
    ("all caps", R, BODY, "Your FREE bill of {{ invoice.amount | money }}", "brand/all-caps", 22, "'FREE' is in all caps"),
    ("all caps in subject", R, "subject: \"Your {{ facts.brand }} bill", "subject: \"URGENT: Your {{ facts.brand }} bill", "brand/all-caps", 17, "'URGENT'"),
    ("emoji in email", R, PAY, "Pay here \u2705 {{ facts.pay_url }}", "brand/emoji", 23, "Emoji '\u2705' on email"),
    ("emoji with VS16", R, SMS, SMS + " \u260e\ufe0f", "brand/emoji", 28, "on sms"),
    ("emoji ja", J, JA_LINE, "🌱ご請求額は{{ invoice.amount | money }}です。", "brand/emoji", 3, "on email"),
]

GOOD = [
    # id, file, old, new, rule that must stay silent
    ("word boundary: cheaper", R, BODY, "Nothing is cheaper. Your bill of {{ invoice.amount | money }}", "brand/banned-phrase"),
    ("locale-limited ban", R, BODY, "A bargain. Your bill of {{ invoice.amount | money }}", "brand/banned-phrase"),
    ("ban inside a link URL", R, PAY, "[Pay here](https://kumo.example/cheap-act-now)", "brand/banned-phrase"),
    ("term inside a URL", R, PAY, "Pay here: https://kumo.example/login", "brand/terminology"),
    ("term inside inline code", R, PAY, "Pay here: `login_url`", "brand/terminology"),
    ("term as part of a word", R, PAY, "Pay here: loginless checkout", "brand/terminology"),
    ("preferred term", R, PAY, "Sign in to pay here: {{ facts.pay_url }}", "brand/terminology"),
    ("preferred term ja", J, JA_LINE, "ログインすると、ご請求額は{{ invoice.amount | money }}です。", "brand/terminology"),
    ("brand name right", R, BODY, "Your Kumo Energy bill of {{ invoice.amount | money }}", "brand/capitalization"),
    ("brand name from facts", R, BODY, "Your {{ facts.brand }} bill of {{ invoice.amount | money }}", "brand/capitalization"),
    ("brand name in URL", R, PAY, "Pay here: https://kumo-energy.example/kumo%20energy", "brand/capitalization"),
    ("ordinary word line", R, PAY, "Stay on the line or pay here: {{ facts.pay_url }}", "brand/capitalization"),
    ("one exclamation in email", R, PAY, "Pay here! {{ facts.pay_url }}", "brand/exclamation"),
    ("exempt acronyms and brand names", R, BODY, "Get the PDF, FAQ and SMS alerts on LINE. Your bill of {{ invoice.amount | money }}", "brand/all-caps"),
    ("not emoji: 〒 ※ © ® ™ ★ ☎", R, PAY, "\u3012100 \u203b \u00a9 \u00ae \u2122 \u2605 \u260e " + PAY, "brand/emoji"),
    ("emoji allowed on push", O, '"Power is back on in your area.', '"🌱 Power is back on in your area.', "brand/emoji"),
]


@pytest.fixture
def repo(tmp_path):
    return copy_repo("brand", tmp_path)


def test_brand_repository_is_clean(repo):
    """The repository's own copy passes every brand, style and readability rule."""
    assert [f for f in lint_dir(repo).findings if f.category in ("brand", "style", "readability")] == []


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_brand_rule_reports_where_typed(repo, case):
    _, file, old, new, rule, line, text = case
    edit(repo / file, old, new)
    findings = [f for f in lint_dir(repo).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(repo).findings]}"
    assert (findings[0].file, findings[0].line) == (file, line), findings[0]
    assert findings[0].column and findings[0].fix
    if text:
        assert text in findings[0].message, findings[0].message


@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_brand_rule_stays_silent(repo, case):
    _, file, old, new, rule = case
    edit(repo / file, old, new)
    assert [f for f in lint_dir(repo).findings if f.rule == rule] == []


def test_entry_severity_overrides_the_default(repo):
    edit(repo / R, BODY, "Act now: a cheap bill of {{ invoice.amount | money }}")
    by_message = {f.message.split(" is banned")[0]: f for f in lint_dir(repo).findings if f.rule == "brand/banned-phrase"}
    assert by_message["'cheap'"].severity.label == "error" and by_message["'cheap'"].fix == "Use 'great value'"
    assert by_message["'Act now'"].severity.label == "warning"


def test_terminology_fix_keeps_the_capital(repo):
    edit(repo / R, PAY, "Log in to pay here: {{ facts.pay_url }}")
    (finding,) = [f for f in lint_dir(repo).findings if f.rule == "brand/terminology"]
    assert finding.fix == "Use 'Sign in'" and finding.column == 9


def test_homoglyph_is_reported_as_spoofing(repo):
    edit(repo / R, BODY, "Your Kum\u043e Energy bill of {{ invoice.amount | money }}")
    (finding,) = [f for f in lint_dir(repo).findings if f.rule == "brand/capitalization"]
    assert "spoofing" in finding.message and "U+043E" in finding.message


def test_all_caps_limit_counts_words(repo):
    edit(repo / "brand/guidelines.yaml", "all_caps_words_max: 0", "all_caps_words_max: 1")
    edit(repo / R, BODY, "Your FREE NEW bill of {{ invoice.amount | money }}")
    findings = [f for f in lint_dir(repo).findings if f.rule == "brand/all-caps"]
    assert [f.message.split("'")[1] for f in findings] == ["NEW"]


def test_bad_banned_pattern_is_a_config_error(repo):
    from ccm_cli.errors import CcmError

    edit(repo / "brand/guidelines.yaml", '"(?i)\\\\bact now\\\\b"', '"(unclosed"')
    with pytest.raises(CcmError) as error:
        lint_dir(repo)
    assert error.value.file == "brand/guidelines.yaml" and error.value.line == 8


def test_no_guidelines_no_brand_findings(minimal):
    edit(minimal / R, BODY, "CHEAP!!! Log in to your kumo energy ✅ bill of {{ invoice.amount | money }}")
    assert [f for f in lint_dir(minimal).findings if f.category == "brand"] == []


def test_samples_rendering_a_field_alike_are_judged_once_yet_every_field_is_judged(tmp_path):
    """The linter judges a text two samples render alike once (the findings would be the
    same); the same text in two fields, or in two channels, is still judged in each."""
    from conftest import copy_repo, lint_dir

    root = copy_repo("brand", tmp_path)
    (root / "comms/billing/cheap.yaml").write_text(
        "id: billing.cheap\nname: Cheap\nowner: billing\ncategory: service\nkind: batch\n"
        "variables:\n  customer.first_name: {type: string}\n"
        "samples:\n  - {name: a, data: {customer: {first_name: Ana}}}\n  - {name: b, data: {customer: {first_name: Bo}}}\n"
        "content:\n  en-US:\n    push:\n      title: \"So cheap\"\n      body: \"So cheap\"\n"
        "    sms:\n      body: \"So cheap, {{ customer.first_name }}\"\n", "utf-8")
    found = sorted((f.channel, f.line) for f in lint_dir(root).findings if f.rule == "brand/banned-phrase" and f.comm == "billing.cheap")
    assert found == [("push", 14), ("push", 15), ("sms", 17)]


def _comm(comm_id: str, category: str, body: str, variables: str = "", samples: str = "") -> str:
    return (f"id: {comm_id}\nname: {comm_id}\nowner: billing\ncategory: {category}\nkind: batch\n{variables}{samples}"
            f"content:\n  en-US:\n    push:\n      title: \"Note\"\n      body: \"{body}\"\n"
            "locales: {only: [en-US], reason: an English-only test comm}\n")


@pytest.mark.parametrize("first", ["a", "z"])
def test_a_text_judged_in_one_comm_is_judged_afresh_where_it_reads_differently(tmp_path, first):
    """Text rules' problems are remembered per distinct text across comms (linter: judged
    texts); a comm whose same text reads differently — another category's readability limit,
    a word inserted by a variable instead of typed — gets its own verdict, whichever comm
    the run judges first; a comm whose text reads the same gets the same findings, located
    in its own file."""
    from conftest import TODAY
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    root = copy_repo("brand", tmp_path)
    long = "We will send you a short note about your account when the work is done."
    other = "z" if first == "a" else "a"
    comms = root / "comms/billing"
    (comms / f"{first}-service.yaml").write_text(_comm(f"billing.{first}-service", "service", long), "utf-8")
    (comms / f"{other}-marketing.yaml").write_text(_comm(f"billing.{other}-marketing", "marketing", long), "utf-8")
    (comms / f"{first}-typed.yaml").write_text(_comm(f"billing.{first}-typed", "service", "Call us NOW"), "utf-8")
    (comms / f"{other}-inserted.yaml").write_text(_comm(
        f"billing.{other}-inserted", "service", "Call us {{ when }}", "variables:\n  when: {type: string}\n",
        "samples:\n  - {name: a, data: {when: NOW}}\n"), "utf-8")
    (comms / f"{other}-copy.yaml").write_text(_comm(f"billing.{other}-copy", "service", "Call us NOW"), "utf-8")
    findings = lint(load_project(root.resolve()), today=TODAY, jobs=1).findings
    new = {f"billing.{first}-service", f"billing.{other}-marketing", f"billing.{first}-typed", f"billing.{other}-inserted", f"billing.{other}-copy"}
    found = {(f.comm, f.rule, f.file, f.line) for f in findings if f.comm in new}
    typed = lambda name: {(f"billing.{name}", rule, f"comms/billing/{name}.yaml", 10) for rule in ("brand/all-caps", "Kumo.Acronyms")}
    assert found == {(f"billing.{first}-service", "readability/english", f"comms/billing/{first}-service.yaml", 10)} \
        | typed(f"{first}-typed") | typed(f"{other}-copy")
