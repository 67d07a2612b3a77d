"""Write the corpus texts of tests/data/intents-corpus/ from local clones of their sources.

    python tests/data/intents-corpus/make_corpus.py POSTMARK_CLONE DEVISE_I18N_CLONE

* ``postmark/``: the text a reader of each ActiveCampaign/postmark-templates template reads
  (MIT; formerly wildbit/postmark-templates), one file per template and format: the HTML with
  <style>/<head> removed, tags turned into spaces and line breaks, entities decoded; the
  plain-text version as written; Handlebars tags ({{...}}) removed from both. The three layouts
  (basic, basic-full, plain) give the same texts; ``basic`` is taken.
* ``devise-i18n/``: the locale files of tigrish/devise-i18n (MIT) for en, en-GB, de, fr, fr-CA
  and ja, as they are: account e-mails and notices (confirmation, password reset, unlock).

Run it deliberately, at the commits named in SOURCES.md, and update the judged table
(judged.yaml) by hand: ``tests/test_intents_precision.py`` fails until every finding is judged.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = ("comment-notification", "dunning", "example", "invoice", "password-reset", "password-reset-help",
             "receipt", "trial-expired", "trial-expiring", "user-invitation", "welcome")
DEVISE_LOCALES = ("en", "en-GB", "de", "fr", "fr-CA", "ja")


def show(clone: str, path: str) -> str:
    return subprocess.run(["git", "-C", clone, "show", f"HEAD:{path}"], capture_output=True, text=True, check=True).stdout


def reader_text(raw: str, is_html: bool) -> str:
    if is_html:
        raw = re.sub(r"(?is)<(style|script|head)\b.*?</\1>", " ", raw)
        raw = re.sub(r"(?is)<!--.*?-->", " ", raw)
        raw = re.sub(r"(?i)<br\s*/?>|</(p|div|h[1-6]|li|tr|td|table)>", "\n", raw)
        raw = re.sub(r"(?s)<[^>]+>", " ", raw)
        raw = html.unescape(raw)
    raw = re.sub(r"\{\{\{?[^}]*\}?\}\}", " ", raw)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def main(postmark: str, devise: str) -> None:
    (HERE / "postmark").mkdir(exist_ok=True)
    (HERE / "devise-i18n").mkdir(exist_ok=True)
    (HERE / "postmark/LICENSE").write_text(show(postmark, "LICENSE"), "utf-8")
    for name in TEMPLATES:
        for fmt in ("html", "txt"):
            raw = show(postmark, f"templates/basic/{name}/content.{fmt}")
            (HERE / f"postmark/{name}.{fmt}.txt").write_text(reader_text(raw, fmt == "html"), "utf-8")
    (HERE / "devise-i18n/LICENSE.txt").write_text(show(devise, "LICENSE.txt"), "utf-8")
    for locale in DEVISE_LOCALES:
        (HERE / f"devise-i18n/{locale}.yml").write_text(show(devise, f"rails/locales/{locale}.yml"), "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
