"""Promises (SPEC 2.8): durations read near a payment deferral, and `lasts:` declarations."""

from __future__ import annotations

import datetime as dt

import pytest

from ccm_cli.intents import Duration, LastsError, find_durations, parse_lasts, promised_duration

DURATIONS = [
    ("for up to 3 months", "en-GB", [(3, "month", "3 months")]),
    ("a three-month payment holiday", "en-US", [(3, "month", "three-month")]),
    ("within 90 days", "en-US", [(90, "day", "90 days")]),
    ("six weeks, then 1 year", "en-CA", [(6, "week", "six weeks"), (1, "year", "1 year")]),
    ("最長3か月", "ja-JP", [(3, "month", "最長3か月")]),
    ("3ヶ月間", "ja-JP", [(3, "month", "3ヶ月間")]),
    ("三か月", "ja-JP", [(3, "month", "三か月")]),
    ("十二カ月", "ja-JP", [(12, "month", "十二カ月")]),
    ("90日間", "ja-JP", [(90, "day", "90日間")]),
    ("最長90日", "ja-JP", [(90, "day", "最長90日")]),
    ("半年間", "ja-JP", [(6, "month", "半年間")]),
    ("３カ月", "ja-JP", [(3, "month", "３カ月")]),
    ("2026年3月3日", "ja-JP", []),  # a date, not a duration
    ("bis zu 3 Monate, drei Monaten", "de-DE", [(3, "month", "3 Monate"), (3, "month", "drei Monaten")]),
    ("jusqu'à trois mois, 90 jours", "fr-CA", [(3, "month", "trois mois"), (90, "day", "90 jours")]),
]


@pytest.mark.parametrize("text, locale, expected", DURATIONS)
def test_durations_with_positions(text, locale, expected):
    found = find_durations(text, locale)
    assert [(d.amount, d.unit, d.words) for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.words


def test_a_template_variable_is_its_maximum():
    variables = {"offer.months": {"type": "integer", "minimum": 1, "maximum": 6}}
    (d,) = find_durations("for up to {{ offer.months }} months", "en-US", variables)
    assert (d.amount, d.unit, d.variable) == (6, "month", "offer.months")
    (j,) = find_durations("最長{{ offer.months }}か月", "ja-JP", variables)
    assert (j.amount, j.unit) == (6, "month")
    (unknown,) = find_durations("{{ offer.months }} months", "en-US", {"offer.months": {"type": "integer"}})
    assert unknown.amount is None and unknown.variable == "offer.months"


PROMISES = [
    ("Your payment holiday lasts for up to 3 months.", "en-GB", (3, "month")),
    ("We have agreed a payment holiday. It lasts 90 days.", "en-US", (90, "day")),  # the next sentence
    ("Take a payment holiday.\n\nOur office is closed for 2 weeks.", "en-US", None),  # another paragraph
    ("Your bill is due in 14 days. Refer a friend!", "en-US", None),  # no deferral
    ("最長3か月、お支払いを猶予します。", "ja-JP", (3, "month")),
    ("お支払いを最長3か月猶予します。", "ja-JP", (3, "month")),
    ("支払期日を延長します。延長は最長90日です。", "ja-JP", (90, "day")),
    ("Eine Zahlungspause von drei Monaten ist möglich.", "de-DE", (3, "month")),
    ("Un report de paiement de trois mois est possible.", "fr-CA", (3, "month")),
    ("A payment holiday of 1 month, or up to 3 months if you ask.", "en-GB", (3, "month")),  # the longest
]


@pytest.mark.parametrize("text, locale, expected", PROMISES)
def test_the_promise_near_a_payment_deferral(text, locale, expected):
    promise = promised_duration(text, locale)
    assert (promise.amount, promise.unit) == expected if expected else promise is None


def test_a_negated_deferral_promises_nothing():
    assert promised_duration("We cannot offer a payment holiday for 3 months.", "en-GB") is None


LASTS = [
    ("3 months", (3, "month")),
    ("90 days", (90, "day")),
    ("1 year", (1, "year")),
    ("2 weeks", (2, "week")),
    ("P3M", (3, "month")),
    ("P90D", (90, "day")),
    ("{{ offer.months }} months", (6, "month")),
    ("{{offer.months}} months", (6, "month")),
]


@pytest.mark.parametrize("value, expected", LASTS)
def test_lasts_declarations(value, expected):
    d = parse_lasts(value, {"offer.months": {"type": "integer", "maximum": 6}})
    assert (d.amount, d.unit) == expected


BAD_LASTS = [
    ("three months please", "is not a duration"),
    ("0 months", "at least 1"),
    ("{{ offer.months }} months", "has no maximum"),
    ("{{ other }} months", "not declared"),
    ("P1Y3M", "one unit"),
    (3, "lasts must be text"),
]


@pytest.mark.parametrize("value, message", BAD_LASTS)
def test_bad_lasts_say_what_to_write(value, message):
    with pytest.raises(LastsError, match=message):
        parse_lasts(value, {"offer.months": {"type": "integer"}})


def test_a_promise_ends_by_the_calendar():
    assert Duration(3, "month").add_to(dt.date(2026, 4, 10)) == dt.date(2026, 7, 10)
    assert Duration(1, "month").add_to(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Duration(90, "day").add_to(dt.date(2026, 4, 1)) == dt.date(2026, 6, 30)
    assert Duration(1, "year").add_to(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert Duration(3, "month").days == 93 and Duration(2, "week").days == 14
