"""The ja rules ported from the rest of textlint-rule-preset-ja-technical-writing, on their
upstream test tables (tests/ja/upstream/preset-rest/<rule>.yaml: every case of each upstream test file,
recorded as it is handed to textlint-tester) and on hand-written cases.

A valid case must give no problem. An invalid case must give the same number of problems, in
order, at the same places (UTF-16 ``index``/``range``/``line``/``column`` of the Markdown source)
with the same message, and where the table has an ``output`` the fixes applied to the source
must give it. Cases ccm deliberately answers differently are listed in ``DIVERGENCES`` with the
reason; they are strict xfails, so one that starts passing must leave the list.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from ccm_cli.rules.style.ja import RULES
from ccm_cli.text.ja import JaDocument
from ccm_cli.text.markdown import to_prose

TABLES = Path(__file__).parent / "ja" / "upstream" / "preset-rest"  # the eight rules of issue 24 (the 15 older ones: tests/ja/test_upstream_tables.py)
BY_NAME = {mod.ID.split("/", 1)[1]: mod for mod in RULES}
NEW_RULES = ("arabic-kanji-numbers", "no-doubled-conjunction", "no-doubled-conjunctive-particle-ga",
             "no-invalid-control-character", "ja-no-successive-word", "ja-no-abusage", "ja-unnatural-alphabet",
             "no-unmatched-pair")

_CODE_BLOCK = "ccm reads no code block (a customer does not read code): upstream's checkCode also checks them"
_IMAGE_TITLE = "ccm keeps an image's alt text, not its title (upstream's checkImage reads the whole image node)"
_EDGE_SPACE = ("markdown-it-py strips a vertical tab or form feed at the start or end of a paragraph (Python white space), "
               "so the reader's text ccm checks no longer has it")
_AFTER_MARK = ("upstream reports the source character just after the opening mark, here a backtick; ccm reports the "
               "character after the mark in the reader's text (the first letter of the inline code), one further")
DIVERGENCES: dict[tuple[str, str], str] = {
    ("no-invalid-control-character", "invalid-0"): _EDGE_SPACE,
    ("no-invalid-control-character", "invalid-13"): _EDGE_SPACE,
    ("no-invalid-control-character", "invalid-14"): _EDGE_SPACE,
    ("no-unmatched-pair", "invalid-2"): _AFTER_MARK,
    ("no-invalid-control-character", "invalid-2"): _CODE_BLOCK,
    ("no-invalid-control-character", "invalid-3"): _IMAGE_TITLE,
}


def _load() -> list[tuple[str, str, dict]]:
    yaml = YAML(typ="safe", pure=True)
    out = []
    for path in sorted(TABLES.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for kind in ("valid", "invalid"):
            for case in data.get(kind) or []:
                out.append((data["rule"], kind, case))
    return out


CASES = _load()


def _utf16_index(text: str, units: int) -> int:
    count = 0
    for i, ch in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _line_col(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + _utf16_index(lines[line - 1], column - 1)


def run(rule: str, text: str, options: dict | None = None) -> list[tuple[int, int, str, str | None]]:
    """(start, end, message, fix) of each problem, offsets into the Markdown ``text``."""
    mod = BY_NAME[rule]
    prose = to_prose(text)
    doc = JaDocument(prose.text, prose)
    out = []
    for p in mod.check_text(doc, {**mod.DEFAULT, **(options or {})}):
        start, end = prose.source_span(p.start, p.end)
        out.append((start, end, p.message, p.fix))
    return sorted(out, key=lambda x: (x[0], x[1]))


def _fixed(text: str, found) -> str:
    for start, end, _, fix in sorted(found, reverse=True):
        if fix is not None:
            text = text[:start] + fix + text[end:]
    return text


def check(rule: str, kind: str, case: dict) -> str:
    """'' when ccm answers as the upstream table expects, else what differs."""
    text = case["text"]
    found = run(rule, text, case.get("options"))
    if kind == "valid":
        return "" if not found else f"expected no error, got {found!r}"
    errors = case.get("errors") or []
    if len(found) != len(errors):
        return f"expected {len(errors)} error(s), got {len(found)}: {found!r}"
    for (start, end, message, _), err in zip(found, errors):
        want = None
        if "index" in err:
            want = _utf16_index(text, err["index"])
        elif "range" in err:
            want = _utf16_index(text, err["range"][0])
        elif "line" in err and "column" in err:
            want = _line_col(text, err["line"], err["column"])
        if want is not None and want != start:
            return f"expected an error at {want}, got {start}: {found!r}"
        if "range" in err and _utf16_index(text, err["range"][1]) != end:
            return f"expected the error to end at {err['range'][1]}, got {end}"
        if "line" in err and text.count("\n", 0, start) + 1 != err["line"]:
            return f"expected line {err['line']}, got {text.count(chr(10), 0, start) + 1}"
        if "message" in err and err["message"] != message:
            return f"expected the message {err['message']!r}, got {message!r}"
    if "output" in case and _fixed(text, found) != case["output"]:
        return f"expected the fixed text {case['output']!r}, got {_fixed(text, found)!r}"
    return ""


def _param(rule, kind, case):
    reason = DIVERGENCES.get((rule, case["id"]))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(rule, kind, case, id=f"{rule}:{case['id']}", marks=marks)


@pytest.mark.parametrize("rule,kind,case", [_param(*c) for c in CASES])
def test_upstream_case(rule, kind, case):
    why = check(rule, kind, case)
    assert not why, why


def test_tables_cover_every_new_rule_and_divergences_are_real():
    assert {rule for rule, _, _ in CASES} == set(NEW_RULES)
    ids = {(rule, case["id"]) for rule, _, case in CASES}
    assert set(DIVERGENCES) <= ids
    assert all(reason.strip() for reason in DIVERGENCES.values())
    # the recording kept the invisible characters of the control-character table
    controls = [case["text"][0] for rule, kind, case in CASES if rule == "no-invalid-control-character" and kind == "invalid"][5:]
    assert len(controls) == 64 and all(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or 0x202C <= ord(ch) <= 0x202E for ch in controls)


def test_new_rules_registered_in_preset_order_after_the_existing_ones():
    ids = [mod.ID.split("/", 1)[1] for mod in RULES]
    assert tuple(ids[-len(NEW_RULES):]) == NEW_RULES


# ---------------------------------------------------------------- hand-written cases (ccm's text)
HAND = [
    # rule, markdown, expected (source text at each problem, message fragment) or []
    ("ja-no-successive-word", "途中でで止まる。", [("で止ま", '"で" が連続')]),
    ("ja-no-successive-word", "料金はは変わりません。", [("は変わ", '"は"')]),
    ("ja-no-successive-word", "これは は例です。", []),  # a space between: kuromoji's 空白 token
    ("ja-no-successive-word", "**これは**は例です。", []),  # another Str node
    ("ja-no-successive-word", "ドキドキしながら待つ。", []),
    ("no-unmatched-pair", "料金（税込)をお支払いください。", [("税込)", "（")]),
    ("no-unmatched-pair", "「ご注意』ください。", [("ご注意", "「")]),
    ("no-unmatched-pair", "料金（税込）をお支払いください。", []),
    ("no-unmatched-pair", "[リンク(説明](https://example.com/a)です。", []),  # inside a link
    ("no-unmatched-pair", "# 見出し（注意\n", []),  # headings are not paragraphs
    ("no-doubled-conjunctive-particle-ga", "申し込みましたが、返事がないが、待ちます。", [("が、返", "接続助詞")]),
    ("no-doubled-conjunctive-particle-ga", "> 申し込みましたが、返事がないが、待ちます。", []),
    ("no-doubled-conjunction", "料金が変わります。しかし、基本料金は同じです。しかし、割引は終わります。", [("しかし、割", "しかし")]),
    ("no-doubled-conjunction", "料金が変わります。しかし、基本料金は同じです。\n\nしかし、割引は終わります。", []),
    ("ja-no-abusage", "この設定を適応すると、値を返却する。", [("を適応", "適用"), ("値を返却", "値を返却する => 値を返す")]),
    ("ja-no-abusage", "[値を返却する](https://example.com)", []),  # prh skips links
    ("ja-unnatural-alphabet", "お支払いをかkにんしました。", [("kにん", "k")]),
    ("ja-unnatural-alphabet", "`対応でｋない`", []),
    ("arabic-kanji-numbers", "三か月後に更新します。", [("三か月", "三か月 => 3か月")]),
    ("arabic-kanji-numbers", "# 第三章\n", []),  # headings are not plain paragraphs
    ("no-invalid-control-character", "ご確認\u202eください。", [("\u202eください", "RIGHT-TO-LEFT OVERRIDE \\u202e")]),
    # where UniDic and IPADIC cut words differently (each checked against textlint 15.8 + the preset 12.0.2)
    ("ja-no-successive-word", "ref() を props としてとして渡します。", [("として渡", '"として"')]),  # と+し+て twice
    ("ja-no-successive-word", "::: tip 注意\nコンテナの書き方です。\n:::\n", []),  # kuromoji: ":::" one word
    ("ja-no-successive-word", "――すなわち、名前をつける方法です――", []),
    ("ja-no-successive-word", "値を参照外ししています。", []),  # textlint: "し" twice (IPADIC 外+し+し)
    ("ja-no-successive-word", "2つのスレッドが代わる代わる実行されます。", []),  # textlint: "代わる" twice
    ("no-doubled-conjunction", "名前は衝突します。そこで、別名を付けます。そこで、名前を選びます。", [("そこで、名", "そこで")]),
    ("no-doubled-conjunction", "関数を指定し、それから型を指定します。値を確認し、それから型を選びます。", [("それから型を選", "それから")]),
    ("no-doubled-conjunction", "郵送またはメールで届きます。請求書は窓口またはウェブで確認できます。", [("またはウェブ", "または")]),
    ("no-doubled-conjunction", "値は共有されます。しかしながら、型は異なります。しかし、名前は同じです。", []),
    ("no-doubled-conjunction", "彼はそこで待ちます。そこで、私は帰りました。", []),  # そこで after は: a place
]


@pytest.mark.parametrize("rule,md,expected", HAND, ids=[f"{r}:{i}" for i, (r, _, _) in enumerate(HAND)])
def test_hand_written(rule, md, expected):
    found = run(rule, md)
    got = [(md[start:][: len(where)], message) for (start, _, message, _), (where, _) in zip(found, expected)]
    assert len(found) == len(expected), found
    for (where, fragment), (at, message) in zip(expected, got):
        assert at == where and fragment in message, (at, message)


def test_fixes_replace_not_append():
    md = "この本は読みずらい。値を返却する。第三章を読む。ご確認\x08ください。"
    found = [p for rule in ("ja-no-abusage", "arabic-kanji-numbers", "no-invalid-control-character") for p in run(rule, md)]
    assert _fixed(md, found) == "この本は読みづらい。値を返す。第3章を読む。ご確認ください。"


def test_abusage_dictionary_prefilter_and_specs():
    """The vendored prh dictionary: every pattern's first characters are known (the fast scan is
    on), the one-expression prefilter finds each literal entry, and its own specs hold."""
    from ruamel.yaml import YAML

    from ccm_cli.rules.style.ja import ja_no_abusage as mod

    rules = mod.prh_rules()
    assert len(rules) == 73 and all(mod.first_chars(regex.pattern) for regex, _, _ in rules)
    assert mod._any_prh().pattern.startswith("(?=[")
    data = YAML(typ="safe", pure=True).load(mod.DICTIONARY.read_text("utf-8"))
    specs = 0
    for entry in data["rules"]:
        for pattern in [entry.get("patterns", entry.get("pattern"))]:
            if not pattern.startswith("/"):
                assert mod._any_prh().search(f"これは{pattern}です。"), pattern
                assert _fixed(pattern, run("ja-no-abusage", pattern)) == entry["expected"], pattern
        for spec in entry.get("specs") or []:
            assert _fixed(spec["from"], run("ja-no-abusage", spec["from"])) == spec["to"]
            specs += 1
    assert specs == 2


def test_the_new_rules_are_cheap():
    """The eight rules together on a long Japanese text: well under the tokenising it shares."""
    md = ("料金が変わります。しかし、基本料金は同じです（税込）。第3回の抽選は二十日後です。"
          "お支払いを確認しましたが、領収書は後日お送りします。\n\n") * 200
    doc = JaDocument.from_markdown(md)
    doc.tokens  # noqa: B018 - the shared tokenisation, paid once by every ja rule
    t0 = time.perf_counter()
    for name in NEW_RULES:
        mod = BY_NAME[name]
        assert list(mod.check_text(doc, mod.DEFAULT)) == []
    assert time.perf_counter() - t0 < 1.0


def test_ccm_lint_reports_the_new_rules_in_a_comm(tmp_path):
    """A real `ccm lint` on a copy of the example repository (which turns the rules on), with
    three slips typed into a Japanese email: each found at its line in the YAML, with the fix."""
    import json

    from conftest import copy_repo, edit, run_ccm

    root = copy_repo("example", tmp_path)
    comm = root / "comms" / "field-service" / "appointment-reminder.yaml"
    edit(comm, "当日は作業員がご自宅へお伺いします。", "当日は作業員がご自宅へへお伺いします。")
    edit(comm, "事前に、次の準備をお願いします。", "事前に、次の三つの準備をお願いします。")
    edit(comm, "工事中の約30分間は停電します。", "工事中の約30分間（目安)は停電します。")
    lines = comm.read_text("utf-8").splitlines()
    line_of = {word: next(i for i, row in enumerate(lines, 1) if word in row) for word in ("へへ", "三つ", "（目安)")}
    result = run_ccm("lint", "--format", "json", "--no-cache", cwd=root)
    assert result.returncode == 0, result.stderr
    found = {(f["rule"], f["line"], f["fix"]) for f in json.loads(result.stdout)["findings"]
             if f["file"] == "comms/field-service/appointment-reminder.yaml" and f["channel"] == "email"}
    assert found == {
        ("ja/ja-no-successive-word", line_of["へへ"], None),
        ("ja/arabic-kanji-numbers", line_of["三つ"], "Replace '三つ' with '3つ'"),
        ("ja/no-unmatched-pair", line_of["（目安)"], None),
    }


@pytest.mark.parametrize("kanji,number", [("三", 3), ("二十", 20), ("百八", 108), ("一億", 10 ** 8), ("二〇二〇", 2020),
                                          ("千二百三十四", 1234), ("三万五千", 35000), ("壱拾", 10), ("〇", 0)])
def test_kanji_numerals_read_as_japanese_numerals_to_number(kanji, number):
    from ccm_cli.rules.style.ja.arabic_kanji_numbers import ja2num

    assert ja2num(kanji) == number


@pytest.mark.parametrize("kanji", ["十十", "一十", "千万", "百千", "〇一", "万"])
def test_malformed_kanji_numerals_are_refused_not_guessed(kanji):
    from ccm_cli.rules.style.ja.arabic_kanji_numbers import ja2num

    with pytest.raises(ValueError):
        ja2num(kanji)


@pytest.mark.parametrize("digits,kanji", [("1", "一"), ("10", "十"), ("100", "百"), ("1000", "千"), ("10000", "一万"),
                                          ("12", "十二"), ("3", "三"), ("205", "二百五")])
def test_digits_in_kanji_as_upstream_num2ja(digits, kanji):
    from ccm_cli.rules.style.ja.arabic_kanji_numbers import num2ja

    assert num2ja(digits) == kanji


def test_bad_options_of_the_new_rules_are_findings_not_tracebacks(tmp_path):
    """Wrong types and a broken expression in their guidelines options: schema findings at the
    option's line, the rest of the run goes on."""
    import json

    from conftest import copy_repo, edit, run_ccm

    root = copy_repo("example", tmp_path)
    guidelines = root / "brand" / "guidelines.yaml"
    edit(guidelines, "  ja-unnatural-alphabet: {}\n", "  ja-unnatural-alphabet: {allow: ['/(/'], allowCommonCase: maybe}\n")
    edit(guidelines, "  no-invalid-control-character: {}\n", "  no-invalid-control-character: {allow: [7]}\n")
    edit(guidelines, "  ja-no-successive-word: {}\n", "  ja-no-successive-word: {allow: '人人'}\n")
    lines = guidelines.read_text("utf-8").splitlines()
    result = run_ccm("lint", "--format", "json", "--no-cache", cwd=root)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    found = {(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"] if f["file"] == "brand/guidelines.yaml"}
    for name in ("ja-unnatural-alphabet", "no-invalid-control-character", "ja-no-successive-word"):
        line = next(i for i, row in enumerate(lines, 1) if row.startswith(f"  {name}:"))
        assert ("schema/invalid-value", line) in found, (name, found)
