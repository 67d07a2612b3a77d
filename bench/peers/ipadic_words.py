"""Derive the IPADIC word lists ja/no-doubled-joshi needs from the dictionary itself.

    python bench/peers/ipadic_words.py [IPADIC_DIR] [TEXTLINT_DIR] > ccm_cli/rules/style/ja/_ipadic_words.py

IPADIC_DIR defaults to /usr/share/mecab/dic/ipadic (``apt-get install mecab-ipadic``), TEXTLINT_DIR
to /tmp/textlint (textlint + the preset installed with npm, as bench/peers/textlint_vs_ccm.py
installs them; its kuromojin is upstream's tokeniser).

textlint's Japanese rules tokenise with kuromoji + IPADIC; ccm with MeCab + UniDic-lite. Where the
two dictionaries cut a word differently, the particles (助詞) the rules count differ. Rather than
list the differences seen in a corpus, this script reads IPADIC's source CSVs (Debian package
``mecab-ipadic``: /usr/share/mecab/dic/ipadic/*.csv, EUC-JP) and asks ccm's own tokeniser how it
cuts every entry of a few classes, keeping the entries whose cut differs in a way that changes the
particles:

* RENGO — IPADIC 助詞,格助詞,連語 (Postp-col.csv: によって, について, という …): one particle
  token in IPADIC, a particle + verb (+ て) in UniDic;
* ADVERBS — IPADIC 副詞 (Adverb.csv) that UniDic splits, or may split in a sentence, into pieces
  one of which is a particle (常に → 常/に, それほど → それ/ほど), kept only where kuromoji itself
  picks the adverb whole in three neutral contexts (after は, after a verb, after a noun): IPADIC
  also has 殊に, 一般に, 後に as adverbs, yet kuromoji reads なることに, 一般に公開 as noun + に;
* FUKUSHIKA_STEMS — IPADIC 副詞,助詞類接続 (Adverb.csv): the に after them is IPADIC's 副詞化 に
  (実際に, すぐに);
* PLAIN_NOUNS — nouns UniDic marks 形状詞可能 (高速, 効率) that IPADIC has only as plain nouns
  (名詞,一般/サ変接続/副詞可能 …) and never as 形容動詞語幹: their に is IPADIC's 格助詞, not 副詞化.

Run it offline (the generated module is committed; ccm never reads IPADIC at run time).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTICE = """\
# Word lists derived from IPADIC (mecab-ipadic 2.7.0-20070801) by bench/peers/ipadic_words.py.
# Do not edit by hand: re-run the script.
#
# Copyright 2000, 2001, 2002, 2003 Nara Institute of Science and Technology. All Rights Reserved.
# Use, reproduction, and distribution of this software is permitted. Any copy of this software,
# whether in its original form or modified, must include both the above copyright notice and the
# following paragraphs.
# Nara Institute of Science and Technology (NAIST), the copyright holders, disclaims all warranties
# with regard to this software, including all implied warranties of merchantability and fitness, in
# no event shall NAIST be liable for any special, indirect or consequential damages or any damages
# whatsoever resulting from loss of use, data or profits, whether in an action of contract,
# negligence or other tortuous action, arising out of or in connection with the use or performance
# of this software.
# A large portion of the dictionary entries originate from ICOT Free Software. The following
# conditions for ICOT Free Software applies to the current dictionary as well.
# Each User may also freely distribute the Program, whether in its original form or modified, to
# any third party or parties, PROVIDED that the provisions of Section 3 ("NO WARRANTY") will ALWAYS
# appear on, or be attached to, the Program, which is distributed substantially in the same form
# as set out herein and that such intended distribution, if actually made, will neither violate or
# otherwise contravene any of the laws and regulations of the countries having jurisdiction over
# the User or the intended distribution itself.
# NO WARRANTY: The program was produced on an experimental basis in the course of the research and
# development conducted during the project and is provided to users as so produced on an
# experimental basis. Accordingly, the program is provided without any warranty whatsoever,
# whether express, implied, statutory or otherwise. The term "warranty" used herein includes, but
# is not limited to, any warranty of the quality, performance, merchantability and fitness for a
# particular purpose of the program and the nonexistence of any infringement or violation of any
# right of any third party.
"""


_PARTICLE_ENDS = ("に", "と", "は", "も", "で", "か", "や", "て", "ほど", "まで", "から", "より", "こそ", "さえ", "だけ", "など")


def rows(folder: Path, name: str):
    with open(folder / name, encoding="euc_jp", errors="replace", newline="") as fh:
        yield from csv.reader(fh)


_KUROMOJI = r"""
const {tokenize} = require("kuromojin");
const words = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
const contexts = [w => "それは" + w + "重要です。", w => "文書を使う" + w + "重要です。", w => "この文書" + w + "使います。"];
(async () => {
  const out = [];
  for (const w of words) {
    let whole = true;
    for (const c of contexts) {
      const s = c(w), i = s.indexOf(w);
      const t = (await tokenize(s)).find(t => t.word_position - 1 === i);
      if (!t || t.surface_form !== w || t.pos !== "副詞") { whole = false; break; }
    }
    if (whole) out.push(w);
  }
  console.log(out.join("\n"));
})();
"""


def kuromoji_keeps_whole(textlint: Path, words: list[str]) -> set[str]:
    import subprocess

    script = textlint / "ipadic_words_kuromoji.js"
    script.write_text(_KUROMOJI, "utf-8")
    done = subprocess.run(["node", script.name], cwd=textlint, input="\n".join(words), capture_output=True,
                          text=True, check=True, timeout=600)
    return set(done.stdout.split())


def main(argv=None) -> int:
    args = list(argv if argv is not None else sys.argv[1:])
    folder = Path(args[0] if args else "/usr/share/mecab/dic/ipadic")
    textlint = Path(args[1] if len(args) > 1 else "/tmp/textlint")
    sys.path.insert(0, str(ROOT))
    from ccm_cli.text.ja import tokenize

    def cut(word):
        return tokenize(word)

    rengo = set()
    for r in rows(folder, "Postp-col.csv"):
        toks = cut(r[0])
        if r[4:7] == ["助詞", "格助詞", "連語"] and len(toks) > 1 and toks[0].pos == "助詞":
            rengo.add(r[0])
    adverbs, fukushika = set(), set()
    for r in rows(folder, "Adverb.csv"):
        word = r[0]
        toks = cut(word)
        if len(word) > 1 and toks[0].pos != "助詞" and (
                any(t.pos == "助詞" for t in toks[1:])
                # UniDic may keep 主に, 特に whole alone yet cut 主/に inside a sentence
                or word.endswith(_PARTICLE_ENDS)):
            adverbs.add(word)
        if r[5] == "助詞類接続":
            fukushika.add(word)
    adverbs = kuromoji_keeps_whole(textlint, sorted(adverbs))
    adjv = {r[0] for r in rows(folder, "Noun.adjv.csv")}
    plain = set()
    for name in ("Noun.csv", "Noun.verbal.csv", "Noun.adverbal.csv", "Noun.nai.csv", "Noun.number.csv"):
        for r in rows(folder, name):
            word = r[0]
            if word in adjv or word in plain:
                continue
            toks = cut(word)
            if len(toks) == 1 and toks[0].pos == "名詞" and "形状詞" in toks[0].pos_detail2:
                plain.add(word)
    out = [NOTICE, '"""IPADIC word lists for ja/no-doubled-joshi (generated; see bench/peers/ipadic_words.py)."""', ""]
    for name, words in (("RENGO", rengo), ("ADVERBS", adverbs), ("FUKUSHIKA_STEMS", fukushika), ("PLAIN_NOUNS", plain)):
        lines, line = [], "   "
        for w in sorted(words):
            item = f' "{w}",'
            if len(line) + len(item) > 100:
                lines.append(line)
                line = "   "
            line += item
        lines.append(line)
        out.append(f"# {len(words)} words\n{name} = frozenset((\n" + "\n".join(lines) + "\n))\n")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
