"""The passages near-duplicate templates share (ccm_cli.reuse.passages), as a table: what a writer
would extract as a snippet, in English and Japanese — whole sentences, never a fragment, never
half an if-block. Rows modelled on the footers and sign-offs of Postmark's MIT-licensed
transactional templates (github.com/ActiveCampaign/postmark-templates), where the measurement
in the branch report found 13 of 13 distinct passages to be extractable blocks."""

from __future__ import annotations

import pytest

from ccm_cli.reuse.passages import include_tag, shared_passages, snippet_name

FOOTER = "If you're having trouble with the button above, copy and paste the URL below into your web browser.\n\n{{ action_url }}"
JA = "ご不明な点がございましたら、サポートセンターまでお気軽にお問い合わせください。受付時間は平日9時から18時です。"

CASES = [
    # (name, sources, language, expected passages)
    ("a shared footer after different bodies",
     ["Welcome aboard, {{ name }}!\n\n" + FOOTER, "Your receipt is attached.\n\n" + FOOTER], "en", [FOOTER]),
    ("cut at lines",
     ["Thanks for your order. " + FOOTER + "\n\nBye now.", "We shipped it today. " + FOOTER + "\n\nSee you."], "en", [FOOTER]),
    ("cut to whole sentences",
     ["Thanks for your order. " + FOOTER + " Bye now.", "We shipped it today. " + FOOTER + " See you."], "en",
     [FOOTER.split("\n")[0]]),
    ("a fragment inside one sentence is no snippet",
     ["Contact our customer success team ( {{ support_email }} ) for help with billing today.",
      "Or write to our customer success team ( {{ support_email }} ) and we answer in a day."], "en", []),
    ("an abbreviation ends no sentence",
     ["Thanks,\nThe Acme Power team and all of our support staff\n\nP.S. Need help getting started today?",
      "Thanks,\nThe Acme Power team and all of our support staff\n\nP.S. If you have any questions, write."], "en",
     ["Thanks,\nThe Acme Power team and all of our support staff"]),
    ("a statement splits a passage, never joins one",
     ["{% if plan %}Your plan renews every month and you can change it at any time in the app.{% endif %}",
      "{% if trial %}Your plan renews every month and you can change it at any time in the app.{% else %}x{% endif %}"], "en",
     ["Your plan renews every month and you can change it at any time in the app."]),
    ("copies: the whole text, cut at its statements",
     ["Your bill is ready and waiting for you in the app today.\n{% include \"_snippets/help.en.j2\" %}"] * 2, "en",
     ["Your bill is ready and waiting for you in the app today."]),
    ("Japanese: the shared sentences",
     ["ご注文ありがとうございます。" + JA, "お支払いを確認しました。" + JA], "ja", [JA]),
    ("Japanese: too short to be worth a snippet",
     ["ご注文ありがとうございます。よろしくお願いします。", "お支払いを確認しました。よろしくお願いします。"], "ja", []),
    ("one source: nothing is shared", ["Only one text here, long enough to be a passage of its own."], "en", []),
]


@pytest.mark.parametrize("name, sources, language, expected", CASES, ids=[c[0] for c in CASES])
def test_shared_passages(name, sources, language, expected):
    found = shared_passages(sources, language)
    assert found == expected
    for passage in found:  # a valid snippet: every source holds it, no statement inside
        assert all(passage in source for source in sources) and "{%" not in passage


@pytest.mark.parametrize("passage, language, ids, taken, expected", [
    (FOOTER, "en", ["a.x", "a.y"], set(), "_snippets/having-trouble-button-above.en.j2"),
    (FOOTER, "en", ["a.x", "a.y"], {"_snippets/having-trouble-button-above.en.j2"}, "_snippets/having-trouble-button-above-2.en.j2"),
    (JA, "ja", ["billing.reminder-1", "billing.reminder-2"], set(), "_snippets/billing-shared.ja.j2"),
    (JA, "ja", ["billing.reminder", "store.thanks"], set(), "_snippets/billing-reminder-shared.ja.j2"),
])
def test_snippet_name(passage, language, ids, taken, expected):
    assert snippet_name(passage, language, ids, taken) == expected
    assert expected in taken  # the next suggestion gets another name
    assert include_tag(expected) == '{% include "' + expected + '" %}'
