"""What is not prose (ccm_cli/text/not_prose.py, markdown front matter): one view every text rule
reads. English and Japanese, Markdown and plain text."""

import pytest

from ccm_cli.text.markdown import front_matter_end, plain_prose, to_prose
from ccm_cli.text.not_prose import non_prose


def skipped_text(prose, sentences):
    return [prose.text[a:b] for a, b in non_prose(prose, sentences)]


FRONT_MATTER = [
    # Markdown, the reader's text
    ("---\ntitle: Welcome\ndate: 2024-01-01\n---\n# Hello\n\nBody.\n", "Hello\n\nBody."),
    ("---\ntitle: ようこそ\n---\n本文です。\n", "本文です。"),
    ("---\ntitle: x\n...\nBody.\n", "Body."),
    ("---\n\nA rule, not front matter.\n", "A rule, not front matter."),  # a thematic break
    ("---\nfoo\n---\n", "foo"),  # a setext heading: no key: line
    ("Body.\n---\ntitle: x\n---\n", "Body.\n\ntitle: x"),  # only at the very start
]


@pytest.mark.parametrize("md, text", FRONT_MATTER)
def test_front_matter_is_not_prose(md, text):
    prose = to_prose(md)
    assert prose.text == text
    if text:
        assert md[prose.source_offset(0)] == text[0]  # offsets still point into the file


def test_ja_document_has_no_front_matter_heading():
    from ccm_cli.text.ja import JaDocument

    doc = JaDocument.from_markdown("---\ntitle: 料金のお知らせ\nauthor: 営業部\n---\n# 見出し\n\n本文です。\n")
    assert "title" not in doc.text and [b.kind for b in doc.blocks] == ["heading", "paragraph"]
    assert front_matter_end("---\ntitle: a\n---\nx") == len("---\ntitle: a\n---\n")


NON_PROSE = [
    # text, Markdown?, skipped by every text rule, skipped as well in the sentence view
    ("Visit https://kumo.test/pay today.", True, ["https://kumo.test/pay"], []),
    ("Write to help@kumo.test now.", False, ["help@kumo.test"], []),
    ("Use `npm run x` here.", True, ["npm run x"], []),
    ("Check out our help documentation ( https://kumo.test/docs ).", False, ["https://kumo.test/docs"], ["( https://kumo.test/docs )"]),
    ("Share feedback ( {{ feedback_url }} ) - If it is not right, tell us.", False, [], ["( {{ feedback_url }} )", "Share feedback ( {{ feedback_url }} ) - "]),
    ("[Share feedback](https://kumo.test/f) - If it is not right, tell us.", True, [], ["Share feedback - "]),
    ("| Plan | Price |\n|---|---|\n| Basic | $10 |\n", True, [], ["Plan", "Price", "Basic", "$10"]),
    ("詳しくは https://kumo.test/ja をご覧ください。", False, ["https://kumo.test/ja"], []),
    ("詳細（ https://kumo.test/ja ）をご覧ください。", False, ["https://kumo.test/ja"], ["（ https://kumo.test/ja ）"]),
    ("A plain sentence - with a dash in it.", False, [], []),  # no link, no URL: a sentence
]


@pytest.mark.parametrize("text, markdown, words, sentence_only", NON_PROSE)
def test_non_prose_ranges(text, markdown, words, sentence_only):
    prose = to_prose(text) if markdown else plain_prose(text)
    assert skipped_text(prose, False) == words
    assert sorted(skipped_text(prose, True)) == sorted(words + sentence_only)


def test_readability_does_not_count_urls_or_labels():
    """Issue 24: readability/english counted "( https://… )" and link labels as a sentence's words."""
    from ccm_cli.rules.brand._common import ReaderView
    from ccm_cli.rules.readability.english import score

    text = ("Share feedback ( https://kumo.test/feedback/with/a/long/path ) - If the plan is not right for you, "
            "let us know what you were looking for and we might be able to suggest some alternatives that fit.")
    prose = plain_prose(text)
    counted = score(prose.text, prose.blocks, ReaderView(prose.text, non_prose(prose, True)))
    assert counted["words"] == len("If the plan is not right for you, let us know what you were looking for and we "
                                   "might be able to suggest some alternatives that fit.".split())


SENTENCE_LINES = [
    # a plain-text line, is it masked in the sentence view?
    ("Reset your password ( https://kumo.test/reset )", True),
    ("Do this Next ( {{ action_url }} )", True),
    ("[Product Name] ( https://example.com )", True),
    ("[Pay your bill](https://kumo.test/pay)", True),
    ("You can see your order on the invoice page ( {{ invoice_url }} ).", False),  # a sentence with a link
    ("Your bill is ready (see below)", False),
]


@pytest.mark.parametrize("line, masked", SENTENCE_LINES)
def test_button_lines_are_not_sentences(line, masked):
    from ccm_cli.text.not_prose import non_sentence_lines

    text = line + "\n\nYour bill of $120 is due on March 1, so please pay it before then."
    assert (non_sentence_lines(text, "en")[:1] == [(0, len(line))]) == masked


JA_SENTENCES = [
    # a Japanese body, the sentence_chars_max limit, is a sentence reported?
    ("詳しくは https://kumo.test/support/billing/how-to-read-your-invoice-and-pay-online をご覧ください。", 40, False),
    ("詳しくはお支払い方法のページ（ https://kumo.test/support/billing/how-to-read-your-invoice ）をご覧ください。", 40, False),
    ("お支払い期限を過ぎると延滞金がかかる場合がありますので、期限までにお手続きをお願いいたします。", 40, True),
]


@pytest.mark.parametrize("body, limit, reported", JA_SENTENCES)
def test_japanese_sentence_length_does_not_count_urls(tmp_path, body, limit, reported):
    """Issue 24: bare URLs counted toward a Japanese sentence's length."""
    from conftest import copy_repo, edit, lint_dir

    repo = copy_repo("minimal", tmp_path)
    edit(repo / "comms/billing/reminder.ja.md.j2", "ご請求額は{{ invoice.amount | money }}です。", body)
    (repo / "brand" / "guidelines.yaml").write_text(f"readability:\n  ja:\n    default: {{sentence_chars_max: {limit}}}\n", "utf-8")
    found = [f for f in lint_dir(repo).findings if f.rule == "readability/japanese"]
    assert bool(found) == reported, [f.message for f in found]
