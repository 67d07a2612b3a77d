"""ja/no-mix-dearu-desumasu `plainForm` (ccm's extension, issue 24 item 4): a です・ます text
that ends a sentence in plain form (「パスワードは変更されない。」) is mixed style to a customer,
though textlint's analyzer only sees である."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccm_cli.rules.style.ja import no_mix_dearu_desumasu as rule
from ccm_cli.text.ja import JaDocument
from conftest import copy_repo, edit, run_ccm

ON = {**rule.DEFAULT, "plainForm": True}


def plain(md: str, **options) -> list[str]:
    doc = JaDocument.from_markdown(md)
    return [doc.text[p.start : p.end] for p in rule.check_text(doc, {**ON, **options}) if p.extra.get("plain")]


@pytest.mark.parametrize(
    "md, hits",
    [
        # plain endings in です・ます body text
        ("お客様のパスワードを変更しました。パスワードは変更されない。", ["ない"]),
        ("料金は無料です。設定を変更した。", ["た"]),
        ("料金が高い。ご確認ください。", ["高い"]),
        ("ご請求額は確定しました。確認が必要だ。", ["だ"]),
        ("料金は無料です。明日も使えるよ。", ["使える"]),
        ("料金は無料です。お支払いは不要になる！", ["なる"]),
        # polite endings, requests, nouns and quotes are not plain
        ("お客様のパスワードを変更しました。", []),
        ("変更できませんでした。ご利用ありがとうございました。", []),
        ("変更されるでしょう。変更しません。変更しましょう。", []),
        ("ご確認ください。お知らせ。", []),
        ("担当者が「変更しない」と申しました。", []),
        ("料金は無料です。「変更しない」", []),
        # である is the upstream check's (one finding, not two)
        ("これはペンである。料金は無料です。", []),
        # a fragment without 。 is no sentence (a button label, a heading)
        ("料金プランを見る", []),
        ("# パスワードを変更する\n\nパスワードを変更しました。", []),
        # inline code is not prose
        ("設定は `ccm lint` で確認できます。`npm run build` を実行する", []),
    ],
)
def test_plain_form_in_desumasu_body(md, hits):
    assert plain(md) == hits


def test_plain_form_is_off_by_default_as_upstream():
    doc = JaDocument.from_markdown("料金は無料です。パスワードは変更されない。")
    assert list(rule.check_text(doc, dict(rule.DEFAULT))) == []
    assert rule.PACKAGE_DEFAULT["plainForm"] is False


@pytest.mark.parametrize(
    "md, options, hits",
    [
        # lists: as preferInList says (the preset's である allows plain list items)
        ("- パスワードは変更されない。\n- 料金は無料です。", {"preferInList": "である"}, []),
        ("- パスワードは変更されない。\n- 料金は無料です。", {"preferInList": "ですます"}, ["ない"]),
        ("- パスワードの変更\n- 料金の確認", {"preferInList": "ですます"}, []),
        # headings: only when preferInHeader is ですます (or the headings' majority is)
        ("# 変更されない。\n\n料金は無料です。", {"preferInHeader": ""}, []),
        ("# 変更されない。\n\n料金は無料です。", {"preferInHeader": "ですます"}, ["ない"]),
        # body style from the majority when no preference is set
        ("これはペンである。これは本である。設定を変更した。", {"preferInBody": ""}, []),
        ("料金は無料です。割引があります。設定を変更した。", {"preferInBody": ""}, ["た"]),
        # a である body never gets plain-form findings
        ("設定を変更した。", {"preferInBody": "である"}, []),
    ],
)
def test_plain_form_lists_and_headings(md, options, hits):
    assert plain(md, **options) == hits


def test_example_repository_reports_a_plain_ending(tmp_path):
    """The example repository turns plainForm on: a plain-form sentence pasted into a
    です・ます email is reported by the real `ccm lint`, at its line."""
    repo = copy_repo("example", tmp_path)
    path = repo / "comms" / "billing" / "payment-holiday-offer.yaml"
    edit(path, "猶予期間中も電気とガスは止まりません。", "猶予期間中も電気とガスは止まらない。")
    done = run_ccm("lint", "--format", "json", cwd=repo)
    assert done.returncode == 1, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "ja/no-mix-dearu-desumasu"]
    assert found and all("普通体" in f["message"] for f in found)
    assert {Path(f["file"]).name for f in found} == {"payment-holiday-offer.yaml"}
