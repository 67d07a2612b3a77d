"""Intents (SPEC 2.6): which intents a text shows, and the words that show them.

Each row: a text, its locale, and the (intent, words) pairs the built-in library finds —
nothing more, nothing less. Negated phrases of negatable intents are a separate table."""

from __future__ import annotations

import pytest

from ccm_cli.intents import builtin_library, find_intents, intents_shown, language_of

EN = [
    # disconnection-threat: inflections of the phrase "turn off your power"
    ("We will turn off your power on 3 May.", "en-US", [("disconnection-threat", "turn off your power")]),
    ("Our engineers turned off your power this morning.", "en-US", [("disconnection-threat", "turned off your power")]),
    ("We are turning off the power at your address.", "en-GB", [("disconnection-threat", "turning off the power")]),
    ("Your service will be suspended on 10 April.", "en-CA", [("disconnection-threat", "service will be suspended")]),
    ("If you do not pay we will disconnect your supply.", "en-US",
     [("disconnection-threat", "we will disconnect"), ("disconnection-threat", "disconnect your supply")]),
    ("SHUT-OFF NOTICE: pay now", "en-US", [("disconnection-threat", "SHUT-OFF NOTICE")]),
    # referral-request: determiners do not count, stems do
    ("Recommend us to a friend!", "en-US", [("referral-request", "Recommend us")]),
    ("Refer your friends and earn rewards.", "en-US", [("referral-request", "Refer your friends")]),
    ("Referring friends takes a minute.", "en-GB", [("referral-request", "Referring friends")]),
    ("Tell your friends about Kumo.", "en-US", [("referral-request", "Tell your friends")]),
    # promotion and discount
    ("Switch to Green today and get $20 off your next bill.", "en-US", [("discount", "$20 off")]),
    ("Get 20% off your first month.", "en-US", [("discount", "% off"), ("promotion", "% off")]),
    ("Don't miss our special offer: upgrade to Premium.", "en-US",
     [("promotion", "special offer"), ("promotion", "upgrade to")]),
    ("Use promo code SPRING at checkout.", "en-US", [("promotion", "promo code")]),
    ("Big discount on every plan, lowest price ever!", "en-US",  # a discount boasted about is cheapness too
     [("discount", "Big discount"), ("cheapness", "Big discount"), ("cheapness", "lowest price ever")]),
    # payment-deferral
    ("You can take a payment holiday of up to three months.", "en-GB", [("payment-deferral", "payment holiday")]),
    ("We have deferred your payments until July.", "en-US", [("payment-deferral", "deferred your payments")]),
    ("Need more time to pay? Call us.", "en-US", [("payment-deferral", "more time to pay")]),
    # feedback, personal data, debt, urgency
    ("How did we do? Take our survey.", "en-US", [("feedback-request", "How did we do"), ("feedback-request", "Take our survey")]),
    ("Please reply with your PIN to confirm.", "en-US", [("personal-data-request", "reply with your PIN")]),
    ("Your account is now overdue and may be passed to a collection agency.", "en-US",
     [("debt-collection", "is now overdue"), ("debt-collection", "collection agency")]),
    ("Hurry, this offer ends tonight!", "en-US",
     [("urgency", "Hurry"), ("promotion", "offer ends"), ("urgency", "ends tonight")]),
    ("Act now or you could lose your discount.", "en-US",
     [("urgency", "Act now"), ("fear", "Act now or"), ("fear", "you could lose"), ("discount", "discount")]),
    # Markdown emphasis does not split a phrase
    ("**Special** offer inside", "en-US", [("promotion", "Special** offer")]),
]

EN_NONE = [
    # false-alarm guards: transactional words that also appear in marketing
    "Save your changes before you close the editor.",
    "We offer support by phone and chat, every day.",
    "This link will expire in 24 hours.",
    "Your bill of $120 is due on 1 March.",
    "Your one-time passcode is 482913.",
    "We refer to the terms you accepted on sign-up.",
    "Offering our customers clear bills is our job.",
    "The meter reading was taken by our engineer.",
    "If you have any questions or feedback, reply to this email.",
    "Turn off notifications in your settings.",
    "The power of clear communication.",
    "Please save the attached receipt for your records.",
    "The turn-off for the car park is on the left.",
    "Your card ending in 4242 was charged $30.",
    "Click here to reset your password.",
    "Shut the door behind you.",
    "Your refund will arrive in 5 to 10 days.",
]

JA = [
    # 止める: every inflection matches 止め
    ("お支払いが確認できない場合、電気を止めさせていただきます。", "ja-JP", [("disconnection-threat", "電気を止め")]),
    ("3月10日に電気を止めます。", "ja-JP", [("disconnection-threat", "電気を止め")]),
    ("このままでは電気を止めることになります。", "ja-JP", [("disconnection-threat", "電気を止める")]),
    ("4月1日に電気の供給を停止いたします。", "ja-JP", [("disconnection-threat", "電気の供給を停止")]),
    ("送電を停止する場合があります。", "ja-JP", [("disconnection-threat", "送電を停止")]),
    ("電気が止まります。", "ja-JP", [("disconnection-threat", "電気が止まり")]),
    # referral: honorific prefixes are optional in the text
    ("お友達紹介キャンペーン実施中", "ja-JP",
     [("referral-request", "お友達紹介"), ("referral-request", "紹介キャンペーン"), ("promotion", "キャンペーン")]),
    ("ご家族やご友人にご紹介ください。", "ja-JP", [("referral-request", "家族やご友人にご紹介"), ("referral-request", "紹介ください")]),
    # payment-deferral
    ("最長3か月、お支払いを猶予します。", "ja-JP", [("payment-deferral", "支払いを猶予"), ("payment-deferral", "猶予し")]),
    ("お支払いを最長3か月猶予します。", "ja-JP", [("payment-deferral", "猶予し")]),  # a duration between object and verb
    ("ご利用料金のお支払いを3か月間猶予いたします。", "ja-JP", [("payment-deferral", "猶予いたし")]),
    ("電気料金の支払期日を延長いたします。", "ja-JP", [("payment-deferral", "支払期日を延長")]),
    ("お支払いの延期を承りました。", "ja-JP", [("payment-deferral", "支払いの延期")]),
    # discount and brand themes: 割引 inside 割引券 matches (a coupon is a discount)
    ("割引券をプレゼント", "ja-JP", [("discount", "割引券"), ("promotion", "プレゼント")]),
    ("業界最安値！さらに値下げしました", "ja-JP",
     [("cheapness", "業界最安値"), ("cheapness", "値下げ"), ("discount", "値下げ")]),
    ("今なら20%OFF", "ja-JP", [("promotion", "今なら"), ("discount", "20%OFF")]),
    ("ｷｬﾝﾍﾟｰﾝ実施中", "ja-JP", [("promotion", "ｷｬﾝﾍﾟｰﾝ")]),  # half-width katakana
    ("お得なプラン", "ja-JP", [("promotion", "お得")]),
    # feedback, personal data, debt
    ("アンケートにご協力ください。ご意見をお聞かせください。", "ja-JP",
     [("feedback-request", "アンケート"), ("feedback-request", "意見をお聞かせ")]),
    ("パスワードをお知らせください。", "ja-JP", [("personal-data-request", "パスワードをお知らせください")]),
    ("料金が未納のため督促状をお送りします。", "ja-JP", [("debt-collection", "未納"), ("debt-collection", "督促")]),
    ("本日までにご入金を確認できておりません。", "ja-JP", [("debt-collection", "入金を確認できておりません")]),
]

JA_NONE = [
    "ご請求金額は3,300円です。",
    "パスワードの再設定が完了しました。",
    "仮パスワードをお知らせします。",  # informing, not asking
    "自己紹介をお願いします。",
    "電気を止めざるを得ません。"[:0] or "ご利用ありがとうございます。",
    "メンテナンスのため、サービスを一時停止いたします。",
    "止め金具を交換しました。",
    "お支払い方法を変更しました。",
    "得をする情報はありません。",
    "カード番号の下4桁：1234",
    "お支払いが難しい場合は、お早めにご相談ください。",  # polite, not sales pressure
    "猶予期間の終了後は、未払い分を3回に分けてお支払いいただけます。",  # a deferral's repayment, not dunning
]

DE_FR = [
    ("Wir müssen eine Stromsperre einleiten.", "de-DE", [("disconnection-threat", "Stromsperre")]),
    ("Wir werden Ihren Strom abstellen.", "de-DE", [("disconnection-threat", "Strom abstellen")]),
    ("Freunde werben lohnt sich!", "de-DE", [("referral-request", "Freunde werben")]),
    ("Empfehlen Sie uns weiter.", "de-DE", [("referral-request", "Empfehlen Sie uns")]),
    ("Sie können eine Zahlungspause von drei Monaten nehmen.", "de-DE", [("payment-deferral", "Zahlungspause")]),
    ("Unser Sonderangebot: 20 % Rabatt.", "de-DE",
     [("promotion", "Sonderangebot"), ("discount", "% Rabatt"), ("promotion", "% Rabatt")]),
    ("Parrainez vos amis !", "fr-CA", [("referral-request", "Parrainez vos amis")]),
    ("Nous devrons couper l’électricité le 3 mai.", "fr-CA", [("disconnection-threat", "couper l’électricité")]),
    ("Un report de paiement de trois mois est possible.", "fr-CA", [("payment-deferral", "report de paiement")]),
    ("Vous pouvez reporter vos paiements.", "fr-CA", [("payment-deferral", "reporter vos paiements")]),
    ("Profitez de notre offre spéciale.", "fr-CA", [("promotion", "Profitez de notre offre"), ("promotion", "offre spéciale")]),
]

DE_FR_NONE = [
    ("Ihre Rechnung ist in 14 Tagen fällig.", "de-DE"),
    ("Die Stunden der Hotline: 8 bis 20 Uhr.", "de-DE"),
    ("Votre facture est disponible dans votre espace client.", "fr-CA"),
    ("Le délai de paiement est de 30 jours.", "fr-CA"),
]

NEGATED = [
    ("We won't disconnect your supply while you are on a payment plan.", "en-GB", "disconnection-threat", "won't"),
    ("We will never ask for your password.", "en-US", "personal-data-request", "never"),
    ("We will not ask you to confirm your PIN by email.", "en-US", "personal-data-request", "not"),
    ("電気を止めることはありません。", "ja-JP", "disconnection-threat", "ん"),
    ("暗証番号をお尋ねすることは一切ございません。", "ja-JP", "personal-data-request", "ん"),
    ("Es erfolgt keine Stromsperre.", "de-DE", "disconnection-threat", "keine"),
]

DOUBLE_NEGATIVE = [  # two negations affirm: these count
    ("電気を止めざるを得ません。", "ja-JP", "disconnection-threat"),
    ("電気を止めなければなりません。", "ja-JP", "disconnection-threat"),
]


def found(text: str, locale: str) -> list[tuple[str, str]]:
    return [(m.intent, m.words) for m in find_intents(text, locale)]


@pytest.mark.parametrize("text, locale, expected", EN + JA + DE_FR)
def test_intents_and_words(text, locale, expected):
    assert sorted(found(text, locale)) == sorted(expected)


@pytest.mark.parametrize("text", EN_NONE)
def test_english_false_alarm_guards(text):
    assert found(text, "en-US") == []


@pytest.mark.parametrize("text", JA_NONE)
def test_japanese_false_alarm_guards(text):
    assert found(text, "ja-JP") == []


@pytest.mark.parametrize("text, locale", DE_FR_NONE)
def test_german_french_false_alarm_guards(text, locale):
    assert found(text, locale) == []


@pytest.mark.parametrize("text, locale, intent, negation", NEGATED)
def test_negated_phrases_do_not_count(text, locale, intent, negation):
    assert intent not in intents_shown(text, locale)
    negated = [m for m in find_intents(text, locale, include_negated=True) if m.intent == intent]
    assert negated and negated[0].negated_by == negation


@pytest.mark.parametrize("text, locale, intent", DOUBLE_NEGATIVE)
def test_double_negatives_count(text, locale, intent):
    assert intent in intents_shown(text, locale)


def test_a_negation_in_another_clause_does_not_negate():
    assert "disconnection-threat" in intents_shown("If you don't pay, we will disconnect your supply.", "en-US")
    assert "disconnection-threat" in intents_shown("お支払いがない場合、電気を止めます。", "ja-JP")


def test_urgency_is_not_negatable():
    assert "urgency" in intents_shown("Don't miss out: ends tonight.", "en-US")


def test_positions_are_offsets_into_the_text():
    text = "Hello Ana,\n\nwe turned off your power.\n電気"
    (m,) = find_intents(text, "en-US")
    assert text[m.start:m.end] == m.words == "turned off your power"
    ja = "ご案内\n電気を止めさせていただきます"
    (j,) = find_intents(ja, "ja-JP")
    assert ja[j.start:j.end] == "電気を止め"


def test_a_phrase_never_spans_a_sentence_or_a_paragraph():
    assert found("We can turn off. Your power is safe.", "en-US") == []
    assert found("Refer a\n\nfriend", "en-US") == []


def test_a_phrase_matches_whole_words_only():
    assert found("The coupons are gone", "en-US") == [("promotion", "coupons")]  # an inflection
    assert found("Recoupon", "en-US") == []
    assert found("shutoffs", "en-US") == [("disconnection-threat", "shutoffs")]
    assert found("preshutoff", "en-US") == []


def test_a_locale_reads_its_language():
    assert language_of("en-GB") == "en" and language_of("ja_JP") == "ja" and language_of("fr-CA") == "fr"
    assert found("Parrainez vos amis", "en-US") == []  # an English locale does not read French phrases
    assert found("anything", "xx-YY") == []  # a language the library does not have: no intent


def test_every_intent_the_spec_names_is_built_in_with_english_and_japanese():
    library = builtin_library()
    spec = {"promotion", "discount", "urgency", "referral-request", "payment-deferral", "disconnection-threat",
            "debt-collection", "personal-data-request", "feedback-request"}
    assert spec <= set(library.names)
    for intent in library:
        assert intent.description and intent.phrases_in("en") and intent.phrases_in("ja"), intent.name
    for name in ("promotion", "disconnection-threat", "referral-request", "payment-deferral"):
        assert library.get(name).phrases_in("de") and library.get(name).phrases_in("fr"), name


def test_the_library_has_a_stable_digest():
    assert builtin_library().digest == builtin_library().digest
    assert len(builtin_library().digest) == 64


def test_japanese_tokens_cut_by_the_ja_rules_are_reused():
    from ccm_cli.text.ja import JaDocument

    doc = JaDocument.from_markdown("# ご案内\n\n**電気を止め**させていただきます。\n\nお友達紹介")
    shared = find_intents(doc.text, "ja-JP", tokens=doc.tokens)
    assert shared == find_intents(doc.text, "ja-JP")
    assert [(m.intent, doc.text[m.start:m.end]) for m in shared] == [
        ("disconnection-threat", "電気を止め"), ("referral-request", "お友達紹介")]
