"""Personal-data classes of variables (issue 22, item 6): x-ccm-data wins; otherwise the name,
judged by hand on every variable of the repository's own comms, on the variables of templates
we did not write (Postmark, devise) and on hostile names that contain a class word."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ccm_cli.policy.data_classes import (
    CLASSES, X_CCM_DATA_SCHEMA, DataClass, classify, classify_all, classify_used, classify_variables,
    declared_class, words_of, x_ccm_data_problems,
)
from ccm_cli.yamlio import parse

ROOT = Path(__file__).resolve().parent.parent

# Every variable declared by the repository's comms (comms/, tests/repos/*/comms, the ccm init
# scaffold), judged by hand. None of them is personal data of a class: names, bill amounts,
# dates, links and the sender's account reference are ordinary personalization.
REPOSITORY = {
    "account.number": None,             # the customer's reference with the sender, printed on every bill
    "appointment.date": None,
    "appointment.slot": None,
    "contract.start_date": None,
    "customer.first_name": None,        # names are not a class: "Hi Ana"
    "customer.last_name": None,
    "disconnection.date": None,
    "invoice.amount": None,             # the sender's own bill, not the person's finances
    "invoice.autopay": None,
    "invoice.due_date": None,
    "invoice.period_end": None,
    "invoice.period_start": None,
    "invoice.usage_kwh": None,
    "notice.date": None,
    "offer.end_date": None,
    "offer.months": None,
    "offer.repay_months": None,
    "offer.respond_by": None,
    "order.delivery_date": None,
    "order.number": None,
    "order.total": None,
    "outage.eta_hours": None,
    "outage.restored": None,
    "referral.url": None,
    "reset.code": None,
    "reset.expires_minutes": None,
    "reset.url": None,
    "unsubscribe_url": None,
    "visitor.first_name": None,
    "visitor.last_name": None,
    "visitor.segment": None,
}

# Variables of transactional templates we did not write: every Handlebars variable of
# ActiveCampaign/postmark-templates (MIT, commit fa73527, templates/*/*/content.{html,txt}) and
# every interpolation of tigrish/devise-i18n (MIT, 6bc2678; the corpus in tests/data/intents-corpus).
POSTMARK = {
    "action_url": None, "amount": None, "attachment_name": None, "attachment_size": None,
    "attachment_type": None, "attachment_url": None, "billing_url": None, "body": None,
    "browser_name": None, "close_account_url": None, "commenter_name": None,
    "credit_card_brand": None,                # Visa, Mastercard: says nothing about the person's money
    "credit_card_last_four": "financial",     # part of the card number
    "date": None, "description": None, "due_date": None,
    "email_address": "contact",
    "expiration_date": None, "export_url": None, "feedback_url": None, "help_url": None,
    "invite_sender_name": None, "invite_sender_organization_name": None, "invoice_id": None, "invoice_url": None,
    "live_chat_url": None, "login_url": None, "name": None, "notifications_url": None,
    "operating_system": None, "receipt_id": None,
    "support_email": None,                    # the sender's address
    "support_url": None, "timestamp": None, "total": None, "trial_end_date": None, "trial_extension_url": None,
    "trial_length": None, "trial_start_date": None, "username": None, "value": None,
}
DEVISE = {"authentication_keys": None, "count": None, "email": "contact", "kind": None, "period": None,
          "provider": None, "reason": None, "recipient": None, "resource": None}

# The names issue 22 lists, and their usual spellings.
POSITIVES = {
    # location
    "customer.address": "location", "customer.address.street": "location", "customer.address_line": "location",
    "customer.addressLine1": "location", "home.ward": "location", "customer.home.ward": "location",
    "customer.city": "location", "customer.district": "location", "customer.prefecture": "location",
    "customer.postcode": "location", "customer.postal_code": "location", "customer.postalCode": "location",
    "customer.zip": "location", "customer.zip_code": "location", "customer.lat": "location", "customer.lng": "location",
    "customer.latitude": "location", "customer.geo": "location", "customer.location": "location",
    "shipping_address.city": "location", "billing_address.zip": "location", "outage.city": "location",
    "appointment.address": "location", "meter.location": "location", "ADDRESS": "location",
    "顧客.住所": "location", "住所": "location", "区": "location", "区名": "location", "市区町村": "location",
    "都道府県": "location", "郵便番号": "location",
    # health
    "customer.health": "health", "customer.diagnosis": "health", "patient.medical_history": "health",
    "customer.medical_condition": "health", "customer.conditions": "health", "customer.disability": "health",
    "customer.has_disability": "health", "customer.prescriptions": "health", "account.life_support": "health",
    "medical_baseline": "health", "member.mental_health": "health", "customer.psr_registered": "health",
    "customer.vulnerable": "health", "customer.priority_services": "health", "customer.medical_equipment": "health",
    "prescription.ready_date": "health", "病名": "health", "診断": "health",
    "持病": "health",
    # financial
    "bank.account_number": "financial", "payment.account_number": "financial", "customer.iban": "financial",
    "card_number": "financial", "customer.credit_card": "financial", "customer.balance": "financial",
    "account.balance": "financial", "balance_due": "financial", "customer.income": "financial",
    "customer.salary": "financial", "customer.debt": "financial", "customer.arrears": "financial",
    "customer.credit_score": "financial", "has_debt": "financial", "customer.overdue_balance": "financial",
    "customer.outstanding_balance": "financial", "account.sort_code": "financial", "口座": "financial", "口座番号": "financial",
    "年収": "financial",
    # contact
    "customer.email": "contact", "customer.phone": "contact", "customer.mobile": "contact",
    "customer.mobile_number": "contact", "customer.tel": "contact", "customer.phoneNumber": "contact",
    "customer.fax": "contact", "user.email": "contact", "emergency_contact.phone": "contact",
    "contact.mobilephone": "contact", "order.shipping_address.phone": "contact",          # the last class word, the most specific, wins
    "電話番号": "contact", "電話": "contact", "メールアドレス": "contact", "メール": "contact",
    # identity
    "customer.birth_date": "identity", "customer.dob": "identity", "customer.birthday": "identity",
    "customer.date_of_birth": "identity", "customer.dateOfBirth": "identity", "customer.age": "identity",
    "age": "identity", "customer.passport_number": "identity", "customer.ssn": "identity",
    "customer.national_id": "identity", "customer.tax_id": "identity", "customer.driver_license": "identity",
    "customer.driving_licence_number": "identity", "customer.my_number": "identity",
    "customer.tax_file_number": "identity", "customer.ssn_last4": "identity", "生年月日": "identity",
    "マイナンバー": "identity", "運転免許証": "identity",
}

# Names that contain a class word (or look like one) and are not that class.
HOSTILE = {
    "address_book_opt_in": None,         # a setting of the mail client
    "customer.email_opt_in": None,       # a consent flag, not the address (decided: the flag is not contact data)
    "customer.sms_opt_in": None,
    "customer.phone_verified": None,
    "customer.email_verified": None,
    "cardinality": None, "citypass": None, "cityPass": None, "agenda": None, "usage": None, "page": None,
    "message": None, "average_usage": None, "steward": None, "reward.points": None, "award": None,
    "store.city_name": None,             # decided: the store's city, not the person's
    "store.address": None, "branch.phone": None, "company_address": None, "company.email": None,
    "return_address": None, "reply_to_email": None, "facts.support_phone": None, "sender.email": None,
    "technician.phone": None,            # the visiting technician's, not the recipient's
    "ip_address": None, "mac_address": None, "web_address": None,
    "plan.name": None, "plan.city_gas": None, "district_heating.tariff": None,
    "battery.health": None, "system_health": None, "invoice.age": None, "offer.conditions": None,
    "terms_and_conditions": None, "conditions": None, "points.balance": None, "loyalty_points_balance": None,
    "referral.credit": None, "account.credit": None, "gift_card.code": None, "license.url": None,
    "software_license": None, "mobile_app_url": None, "device.mobile": None, "location_id": None,
    "email.subject": None, "email_template": None, "phone_type": None, "has_address": None,
    "customer.account_number": None,     # decided: the reference with the sender, not bank details
    "order.billing_address.name": None, "patient.clinic_address": None, "doctor.phone": None,
    "gift_card.balance": None, "customer.points_balance": None, "invoice.balance": None, "device_health": None,
    "customer.account_age": None, "shop.address.city": None, "customer.home_store.city": None,
    "customer.health_score": None, "zip_file": None, "区分": None, "店舗住所": None, "メール配信設定": None, "電話受付時間": None,
    "省エネ診断結果": None,               # an energy-saving assessment, not a diagnosis
}


def _repository_variables() -> set[str]:
    files = [*ROOT.glob("comms/**/*.yaml"), *ROOT.glob("tests/repos/**/comms/**/*.yaml"),
             *ROOT.glob("ccm_cli/scaffold/**/comms/**/*.yaml*")]
    names: set[str] = set()
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("variables"), dict):
            names |= set(data["variables"])
    return names


def test_the_table_holds_every_variable_the_repository_declares():
    found = _repository_variables()
    assert len(found) >= 30
    assert sorted(found - set(REPOSITORY)) == [], "judge the new variables by hand and add them to REPOSITORY"


CASES = [*REPOSITORY.items(), *POSTMARK.items(), *DEVISE.items(), *POSITIVES.items(), *HOSTILE.items()]


@pytest.mark.parametrize("path, expected", CASES)
def test_classify_by_name(path, expected):
    found = classify(path, {"type": "boolean"} if path.startswith("has_") or "has_" in path else {"type": "string"})
    assert found.data_class == expected, found.reason
    assert found.reason.startswith(path)


def test_precision_on_names_we_did_not_write():
    """Postmark and devise: every name classified is right (the table above is the judgement)."""
    judged = {**POSTMARK, **DEVISE}
    flagged = {p for p in judged if classify(p).data_class is not None}
    assert flagged == {"credit_card_last_four", "email_address", "email"}
    assert all(classify(p).data_class == judged[p] for p in flagged)


@pytest.mark.parametrize("path, reason", [
    ("customer.home.ward", "customer.home.ward is location data (its name: 'ward')"),
    ("customer.email_address", "customer.email_address is contact data (its name: 'email_address')"),
    ("store.city_name", "store.city_name: the city of 'store', not of the person who receives the message"),
    ("customer.email_opt_in", "customer.email_opt_in: 'opt' makes it a setting or a link about the email, not the email itself"),
    ("invoice.age", "invoice.age: 'age' of 'invoice' is not a person's identity data"),
    ("offer.conditions", "offer.conditions: 'conditions' is health data only when it is a person's (customer.conditions)"),
    ("account.number", "account.number: an account number with the sender is a reference, not bank details"),
    ("ip_address", "ip_address: 'ip_address' is an IP address, not where someone lives"),
    ("plan.name", "plan.name: no personal-data word in its name"),
])
def test_reasons_name_the_rule_that_fired(path, reason):
    assert classify(path).reason == reason


def test_a_boolean_cannot_hold_an_address_but_can_say_a_health_fact():
    assert classify("customer.has_address", {"type": "boolean"}) == DataClass(
        None, "customer.has_address: a yes/no value cannot hold location data")
    assert classify("customer.has_address", {"type": "string"}).data_class == "location"
    assert classify("customer.has_disability", {"type": "boolean"}).data_class == "health"


def test_the_most_sensitive_class_wins_and_classify_all_lists_every_word():
    assert classify("patient.medical.address").data_class == "health"
    assert [c.data_class for c in classify_all("patient.medical.address")] == ["health", "location"]
    assert [c.data_class for c in classify_all("store.email_opt_in")] == [None]


# ---------------------------------------------------------------------------- x-ccm-data
@pytest.mark.parametrize("schema, expected", [
    ({"type": "string", "x-ccm-data": "location"}, "location"),
    ({"type": "string", "x-ccm-data": "Health"}, "health"),
    ({"type": "string", "x-ccm-data": "none"}, None),
    ({"type": "string", "x-ccm-data": "helth"}, "location"),   # invalid: the name decides
    ({"type": "string"}, "location"),
])
def test_an_explicit_class_wins_over_the_name(schema, expected):
    assert classify("customer.home.ward", schema).data_class == expected


def test_an_explicit_class_on_a_name_with_no_class_word():
    assert classify("customer.zone", {"type": "string", "x-ccm-data": "location"}) == DataClass(
        "location", "customer.zone is location data (x-ccm-data: location)")
    assert classify("store.ward", {"x-ccm-data": "none"}).reason == "store.ward: declared not personal data (x-ccm-data: none)"


@pytest.mark.parametrize("value, message", [
    ("helth", "x-ccm-data: 'helth' is not a data class (did you mean 'health'?); "
              "use one of: location, health, financial, contact, identity, none"),
    ("adress", "x-ccm-data: 'adress' is not a data class; use one of: location, health, financial, contact, identity, none"),
    (["location"], "x-ccm-data must be one class name (location, health, financial, contact, identity or none), not list"),
    (None, "x-ccm-data is empty: name one class (location, health, financial, contact, identity) or none"),
    (3, "x-ccm-data must be one class name (location, health, financial, contact, identity or none), not int"),
])
def test_declared_class_validates_the_value(value, message):
    assert declared_class({"x-ccm-data": value})[1] == message


def test_invalid_x_ccm_data_is_a_problem_at_its_value():
    text = (
        "id: a.b\n"
        "variables:\n"
        "  customer.home:\n"
        "    type: object\n"
        "    x-ccm-data: locaton\n"
        "    properties:\n"
        "      ward: {type: string, x-ccm-data: helth}\n"
        "  customer.first_name: {type: string, x-ccm-data: none}\n"
    )
    doc = parse(text, "comms/a/b.yaml")
    problems = x_ccm_data_problems(doc.data["variables"], doc, ("variables",))
    assert [(p.file, p.line, p.column, p.message, p.fix) for p in problems] == [
        ("comms/a/b.yaml", 5, 17, "customer.home: x-ccm-data: 'locaton' is not a data class (did you mean 'location'?); "
                                   "use one of: location, health, financial, contact, identity, none", "Use 'location'"),
        ("comms/a/b.yaml", 7, 40, "customer.home.properties.ward: x-ccm-data: 'helth' is not a data class "
                                   "(did you mean 'health'?); use one of: location, health, financial, contact, identity, none",
         "Use 'health'"),
    ]


def test_a_declared_class_is_inherited_by_what_is_under_it():
    variables = {
        "customer.home": {"type": "object", "x-ccm-data": "location",
                          "properties": {"ward": {"type": "string"}, "owner_name": {"type": "string"}}},
        "customer.profile": {"type": "object", "properties": {"notes": {"type": "string", "x-ccm-data": "health"},
                                                             "zip": {"type": "string"}}},
        "store.ward": {"type": "string", "x-ccm-data": "none"},
        "orders": {"type": "array", "items": {"type": "object", "x-ccm-data": "financial",
                                              "properties": {"total": {"type": "number"}}}},
    }
    found = classify_variables(variables)
    assert found["customer.home.owner_name"] == DataClass(
        "location", "customer.home.owner_name is location data (customer.home declares x-ccm-data: location)")
    assert found["customer.profile"].data_class is None
    assert found["customer.profile.notes"].data_class == "health"
    assert found["customer.profile.zip"].data_class == "location"       # by name
    assert found["orders.total"].data_class == "financial"
    # a path a template uses
    assert classify_used("customer.home.ward", variables).data_class == "location"
    assert classify_used("customer.home.street.line1", variables).reason == (
        "customer.home.street.line1 is location data (customer.home declares x-ccm-data: location)")
    assert classify_used("store.ward", variables).data_class is None
    assert classify_used("customer.profile.city", variables).data_class == "location"   # undeclared: its name
    assert classify_used("customer.nickname", variables).data_class is None
    assert classify_used("home.ward", {}).data_class == "location"                       # renamed: still caught


def test_the_schema_fragment_for_editors_lists_the_classes():
    assert X_CCM_DATA_SCHEMA["enum"] == [*CLASSES, "none"]
    assert X_CCM_DATA_SCHEMA["title"] and X_CCM_DATA_SCHEMA["description"]
    assert "ward" in words_of("location") and "住所" in words_of("location") and "iban" in words_of("financial")
