"""Readability rules: English (Flesch-Kincaid, Flesch ease, sentence length) and Japanese
(jReadability, sentence length in characters), on the brand test repository."""

import os
import subprocess
import sys

import pytest

from conftest import copy_repo, edit, lint_dir

R = "comms/billing/reminder.yaml"
J = "comms/billing/reminder.ja.md.j2"
O = "comms/billing/outage.yaml"
EN_BODY = "Your bill of {{ invoice.amount | money }} is due on {{ invoice.due_date | date }}."
JA_BODY = "ご請求額は{{ invoice.amount | money }}です。\nお支払い期限は{{ invoice.due_date | date }}です。"

HARD_EN = ("Notwithstanding previous correspondence, remittance of the outstanding consolidated balance is obligatory. "
           "Administrative termination proceedings commence subsequently without additional notification. "
           "Considerable organizational inconvenience accompanies continued delinquency. "
           "Your bill of {{ invoice.amount | money }} is due on {{ invoice.due_date | date }}.")
EASY_EN = ("Your bill is ready. It is {{ invoice.amount | money }} this month. Please pay it by {{ invoice.due_date | date }}. "
           "You can pay in the app or on our site. If you need more time, just call us. We are here to help you.")
HARD_JA = ("本契約約款所定の料金未納継続時における電力供給停止措置実施予定日到来前に未払残高全額を指定口座宛振込により完済願います。\n"
           "期日経過後は所定利率による延滞利息発生となります。\n供給再開手続完了後に再開費用請求となります。\n" + JA_BODY)
EASY_JA = ("いつもありがとうございます。\n今月のご請求はこちらです。\nお支払いはアプリからできます。\nわからないことがあれば、お電話ください。\n" + JA_BODY)
LONG_JA = ("お支払いはアプリまたはウェブサイトからいつでも手続きできますが、期限を過ぎた場合は延滞金がかかることがありますので、"
           "できるだけ早めにお手続きいただけますようお願いいたします。\n" + JA_BODY)

BAD = [
    # id, file, old, new, rule, line, words in the message
    ("fk grade and ease", R, EN_BODY, HARD_EN, "readability/english", 22, ["Flesch-Kincaid grade", "above the limit of 8", "Flesch reading ease", "hardest sentence", "Considerable"]),
    ("long sentence", R, EN_BODY, "Your bill of {{ invoice.amount | money }} is due on {{ invoice.due_date | date }} and we would be very grateful if you could pay it before then so that your service keeps running.", "readability/english", 22, ["Sentence of 29 words", "limit is 25"]),
    ("category limit wins", O, "Power is back on in your area.", "Power is back on in your area and in the streets around it now.", "readability/english", 10, ["limit is 8"]),
    ("jreadability", J, JA_BODY, HARD_JA, "readability/japanese", 3, ["jReadability", "below the minimum of 1.5", "hardest sentence", "本契約約款"]),
    ("sentence chars", J, JA_BODY, LONG_JA, "readability/japanese", 3, ["文字です（上限60文字）"]),
]

GOOD = [
    ("plain English", R, EN_BODY, EASY_EN, "readability/english"),
    ("too short to score", R, EN_BODY, "Notwithstanding obligations, remittance is obligatory.", "readability/english"),
    ("subject is not scored", R, 'subject: "Your {{ facts.brand }} bill is due', 'subject: "Notwithstanding obligations, remittance of your {{ facts.brand }} consolidated balance is due', "readability/english"),
    ("plain Japanese", J, JA_BODY, EASY_JA, "readability/japanese"),
    ("Japanese salutation and URL lines are not sentences", J, JA_BODY, JA_BODY + "\n\nhttps://kumo.example/ja/pay/with/a/very/long/path/that/goes/on/and/on/for/more/than/sixty/characters", "readability/japanese"),
]


@pytest.fixture
def repo(tmp_path):
    return copy_repo("brand", tmp_path)


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_readability_reports_the_hardest_sentence(repo, case):
    _, file, old, new, rule, line, words = case
    edit(repo / file, old, new)
    findings = [f for f in lint_dir(repo).findings if f.rule == rule]
    assert findings, f"{rule} not reported; got {[(f.rule, f.message) for f in lint_dir(repo).findings]}"
    assert (findings[0].file, findings[0].line) == (file, line), findings[0]
    for word in words:
        assert word in findings[0].message, findings[0].message


@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_readability_stays_silent(repo, case):
    _, file, old, new, rule = case
    edit(repo / file, old, new)
    assert [f for f in lint_dir(repo).findings if f.rule == rule] == []


def test_jreadability_formula_and_bands():
    from ccm_cli.rules.readability.japanese import band, score
    from ccm_cli.text.ja import JaDocument

    easy = score(JaDocument("おはようございます！今日は天気がいいですね。"))["score"]
    hard = score(JaDocument("当社約款所定の料金未納継続時における電力供給停止措置を実施予定です。"))["score"]
    assert easy > 4.5 > 1.5 > hard
    assert band(3.0) == "中級後半" and band(6.0) == "初級前半" and band(1.0) == "上級後半"


def test_syllables_need_no_network(tmp_path):
    """textstat's CMUdict path downloads NLTK data; ours must never touch the network."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "from ccm_cli.rules.readability.english import score\n"
        "from ccm_cli.text.markdown import plain_prose\n"
        "p = plain_prose('The quick brown fox jumps over the lazy dog. Renewable energy is reliable. Pay your bill today.')\n"
        "r = score(p.text, p.blocks)\n"
        "import nltk.data\n"
        "print(round(r['grade'], 1), len(r['sentences']))\n"
    )
    env = {**os.environ, "HOME": str(tmp_path / "nohome"), "NLTK_DATA": str(tmp_path / "nodata")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "3"
    assert not (tmp_path / "nohome").exists() and not (tmp_path / "nodata").exists()


def test_japanese_scores_counted_block_by_block_equal_the_whole_document():
    """score() counts each distinct block once (blocks recur across samples and copies); the
    sentences and totals must be what counting the whole document gives."""
    import random

    from ccm_cli.rules.readability.japanese import _counts, formula, score
    from ccm_cli.text.ja import JaDocument
    from ccm_cli.text.markdown import to_prose

    def reference(doc):
        sentences, totals = [], [0, 0, 0, 0, 0]
        for s in doc.sentences:
            tokens = doc.tokens_between(s.start, s.end)
            if not any(t.pos not in ("補助記号", "記号", "空白") for t in tokens):
                continue
            counts = _counts(tokens)
            totals = [a + b for a, b in zip(totals, counts)]
            sentences.append({"start": s.start, "end": s.end, "chars": len(s.text.strip()), "words": counts[0],
                              "score": formula(counts[0], 1, *counts[1:])})
        return sentences, totals

    paragraphs = ["お支払い期限は3月20日です。ご確認ください。", "# 重要なお知らせ", "- 電気料金の変更について、詳しくは[こちら](https://example.com)。",
                  "> 引用された文章です！本当ですか？", "本日はご利用ありがとうございました。`code`を確認してください。", "以上"]
    rng = random.Random(11)
    for _ in range(60):
        prose = to_prose("\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(1, 6))))
        doc = JaDocument(prose.text, prose)
        sentences, totals = reference(doc)
        result = score(JaDocument(prose.text, prose))
        assert result["sentences"] == sentences and result["words"] == totals[0]
