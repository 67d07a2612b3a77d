"""contact/personalization by data class (issue 22, item 6), in real `ccm lint` runs on a copy of
the example repository: the address used under another variable name in a marketing SMS is
caught at the template's use of the variable, in English and Japanese; x-ccm-data wins over the
name; today's variable paths keep working; bad values are findings at their line."""

from __future__ import annotations

import json

import pytest

from conftest import copy_repo, edit, run_ccm

W = "comms/marketing/win-back.yaml"
C = "policies/contact.yaml"
RULE = "contact/personalization"

EN_SMS = 'body: "{{ facts.brand }}: sign in'
JA_SMS = 'body: "{{ facts.brand }}：{{ offer'


def lint(root) -> list[dict]:
    result = run_ccm("lint", "--no-cache", "--format", "json", cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def declare(root, variable: str, schema: str, sample: str) -> None:
    """Add a variable to the win-back comm's contract and to its sample."""
    edit(root / W, "  offer.end_date: {type: string, format: date}\n",
         f"  offer.end_date: {{type: string, format: date}}\n  {variable}: {schema}\n")
    edit(root / W, '      offer: {end_date: "2026-03-31"}\n', f'      offer: {{end_date: "2026-03-31"}}\n      {sample}\n')


def use_in_sms(root, en: str, ja: str) -> None:
    edit(root / W, EN_SMS, f'body: "{{{{ facts.brand }}}}: {en} sign in')
    edit(root / W, JA_SMS, f'body: "{{{{ facts.brand }}}}：{ja}{{{{ offer')


def position(root, needle: str) -> tuple[int, int]:
    """(line, column) of ``needle`` in the win-back comm file."""
    for number, line in enumerate((root / W).read_text("utf-8").split("\n"), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {W}")


@pytest.fixture
def example(tmp_path):
    return copy_repo("example", tmp_path)


# (case, variable, schema, sample, English use, Japanese use, the words of the message)
CAUGHT = [
    ("the issue: the address under another name", "home.ward", "{type: string}", "home: {ward: Shibuya}",
     "homes in {{ home.ward }}", "{{ home.ward }}にお住まいのお客さま、", "home.ward is location data (its name: 'ward')"),
    ("a postcode", "delivery.postcode", "{type: string}", 'delivery: {postcode: "150-0002"}',
     "near {{ delivery.postcode }}", "{{ delivery.postcode }}周辺の", "delivery.postcode is location data (its name: 'postcode')"),
    ("declared by x-ccm-data, inherited from a parent", "prefs.area", "{type: object, x-ccm-data: location, properties: {label: {type: string}}}",
     "prefs: {area: {label: Shibuya}}", "in {{ prefs.area.label }}", "{{ prefs.area.label }}の",
     "prefs.area.label is location data (prefs.area declares x-ccm-data: location)"),
    ("health by its name", "customer.medical_condition", "{type: string}", "customer: {first_name: Jordan, last_name: 高橋, medical_condition: asthma}",
     "with {{ customer.medical_condition }}", "{{ customer.medical_condition }}の",
     "customer.medical_condition is health data (its name: 'medical')"),
]


@pytest.mark.parametrize("case", CAUGHT, ids=[c[0] for c in CAUGHT])
def test_personal_data_under_any_name_is_caught_at_its_use(example, case):
    _, variable, schema, sample, en, ja, words = case
    if variable.startswith("customer."):  # the sample's customer mapping is replaced
        edit(example / W, "  offer.end_date: {type: string, format: date}\n",
             f"  offer.end_date: {{type: string, format: date}}\n  {variable}: {schema}\n")
        edit(example / W, "      customer: {first_name: Jordan, last_name: 高橋}", f"      {sample}")
    else:
        declare(example, variable, schema, sample)
    use_in_sms(example, en, ja)
    found = [f for f in lint(example) if f["rule"] == RULE]
    by_locale = {f["locale"]: f for f in found}
    assert set(by_locale) == {"en-US", "ja-JP"}, found
    for locale, use in (("en-US", en), ("ja-JP", ja)):
        f = by_locale[locale]
        assert f["file"] == W and f["channel"] == "sms" and f["severity"] == "error"
        line, column = position(example, use)
        assert (f["line"], f["column"]) == (line, column + use.index("{{ ") + 3), f  # at the variable's use
        assert words in f["message"] and "marketing comms may not use" in f["message"], f["message"]
        assert "personalization.marketing.forbidden" in f["message"]


def test_a_forbidden_path_keeps_working_and_forbids_its_class(example):
    """Today's policies name paths: customer.address still forbids customer.address.city, and
    (being location data) home.ward too."""
    edit(example / C, "marketing: {forbidden: [location, health]}", "marketing: {forbidden: [customer.address]}")
    edit(example / W, "  offer.end_date: {type: string, format: date}\n",
         "  offer.end_date: {type: string, format: date}\n  customer.address.city: {type: string}\n  home.ward: {type: string}\n")
    edit(example / W, "      customer: {first_name: Jordan, last_name: 高橋}",
         "      customer: {first_name: Jordan, last_name: 高橋, address: {city: Springfield}}\n      home: {ward: Shibuya}")
    use_in_sms(example, "in {{ customer.address.city }}, {{ home.ward }}", "{{ customer.address.city }}、{{ home.ward }}の")
    messages = sorted(f["message"] for f in lint(example) if f["rule"] == RULE and f["locale"] == "en-US")
    assert len(messages) == 2, messages
    assert "may not use 'customer.address.city' (under customer.address)" in messages[0]
    assert "home.ward is location data (its name: 'ward'), and the policy forbids customer.address, which is location data" in messages[1]


NOT_CAUGHT = [
    # (case, variable, schema, sample, English use, Japanese use)
    ("declared none of the classes", "home.ward", "{type: string, x-ccm-data: none}", "home: {ward: Shibuya}",
     "homes in {{ home.ward }}", "{{ home.ward }}の"),
    ("the sender's own place", "store.city", "{type: string}", "store: {city: Springfield}",
     "at our {{ store.city }} store", "{{ store.city }}店で"),
    ("a setting about the data", "customer.email_opt_in", "{type: boolean}",
     "customer: {first_name: Jordan, last_name: 高橋, email_opt_in: true}", "{% if customer.email_opt_in %}hi{% endif %}",
     "{% if customer.email_opt_in %}。{% endif %}"),
]


@pytest.mark.parametrize("case", NOT_CAUGHT, ids=[c[0] for c in NOT_CAUGHT])
def test_not_personal_data_of_a_forbidden_class(example, case):
    _, variable, schema, sample, en, ja = case
    if variable.startswith("customer."):
        edit(example / W, "  offer.end_date: {type: string, format: date}\n",
             f"  offer.end_date: {{type: string, format: date}}\n  {variable}: {schema}\n")
        edit(example / W, "      customer: {first_name: Jordan, last_name: 高橋}", f"      {sample}")
    else:
        declare(example, variable, schema, sample)
    use_in_sms(example, en, ja)
    assert [f for f in lint(example) if f["rule"] == RULE] == []


def test_other_categories_may_use_the_address(example):
    """The policy limits marketing only: a service comm may say where an engineer will come."""
    path = example / "comms/field-service/appointment-reminder.yaml"
    text = path.read_text("utf-8")
    assert "category: service" in text
    edit(path, "  appointment.slot:", "  home.ward: {type: string}\n  appointment.slot:")
    edit(path, "      appointment:", "      home: {ward: Shibuya}\n      appointment:")
    body = next(line for line in text.split("\n") if line.strip().startswith("body:") and "{{" in line)
    edit(path, body, body.replace("body: \"", "body: \"{{ home.ward }}: ", 1))
    assert [f for f in lint(example) if f["rule"] == RULE] == []


def test_invalid_x_ccm_data_is_a_schema_finding_at_its_line(example):
    declare(example, "home.ward", "{type: string, x-ccm-data: locaton}", "home: {ward: Shibuya}")
    found = [f for f in lint(example) if f["rule"] == "schema/invalid-value" and f["file"] == W]
    assert len(found) == 1, found
    assert found[0]["line"] == position(example, "locaton")[0]
    assert "'locaton' is not one of" in found[0]["message"] and found[0]["fix"] == "Use 'location'"


def test_a_class_name_misspelt_in_the_policy(example):
    edit(example / C, "marketing: {forbidden: [location, health]}", "marketing: {forbidden: [locaton, health]}")
    found = [f for f in lint(example) if f["rule"] == RULE and f["file"] == C]
    assert len(found) == 1, found
    line = next(n for n, text in enumerate((example / C).read_text("utf-8").split("\n"), 1) if "locaton" in text)
    assert found[0]["line"] == line and "did you mean 'location'?" in found[0]["message"]


def test_the_use_is_found_in_the_template():
    from ccm_cli.rules.contact.personalization import find_use

    source = "Hi {{ customer.first_name }}, ward {{ home ['ward'] }} and {{ home.ward|upper }}"
    assert source[find_use(source, "home.ward"):].startswith("home ['ward']")
    assert find_use("no use: home.ward", "home.ward") is None  # outside {{ }}: text, not a use
    source = "{% for w in wards %}{{ w }}{% endfor %}{{ h.ward }}"
    assert source[find_use(source, "h.ward"):].startswith("h.ward")


def test_a_service_comm_that_sells_falls_under_the_marketing_policy(example):
    """The same ward in the same service comm, next to an offer: the comm sells, so marketing's
    personalization policy applies to it (SPEC 2.6: what the text does, not its label)."""
    path = example / "comms/field-service/appointment-reminder.yaml"
    text = path.read_text("utf-8")
    edit(path, "  appointment.slot:", "  home.ward: {type: string}\n  appointment.slot:")
    edit(path, "      appointment:", "      home: {ward: Shibuya}\n      appointment:")
    body = next(line for line in text.split("\n") if line.strip().startswith("body:") and "{{" in line)
    edit(path, body, body.replace("body: \"", "body: \"{{ home.ward }}: switch to Green 100 today and get $20 off. ", 1))
    found = [f for f in lint(example) if f["rule"] == RULE]
    assert found and all("counts as marketing" in f["message"] and "home.ward" in f["excerpt"] for f in found), found
