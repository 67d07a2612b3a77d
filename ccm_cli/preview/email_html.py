"""An email variant as it is sent: a responsive HTML email and its plain-text alternative.

* The Markdown body is parsed with markdown-it-py (CommonMark; a single newline is a line
  break, as writers of Japanese mail expect; bare URLs become links, as mail clients do).
* The layout is the one every email client renders: nested ``role="presentation"`` tables,
  600px wide, fluid below that; no flexbox, no grid, no images, no web fonts.
* CSS is written once in a ``<style>`` block and inlined onto every element by css-inline
  (Gmail and Outlook drop or ignore most ``<style>`` rules); the ``@media`` rules for phones
  and for dark mode stay in the head, where clients that support them read them.
* The preheader is hidden text at the top of the body, padded so the inbox does not show
  the first lines of the body after it; ``<html lang>`` is the variant's locale so screen
  readers pronounce it right; ``color-scheme`` and the dark-mode rules keep it readable
  when the client darkens the mail.
* A paragraph that is only a link becomes a button (a "bulletproof" table button).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ACCENT = "#0b6bcb"
URL = re.compile(r"https?://[^\s<>\"'（）「」、。]+[^\s<>\"'（）「」、。.,;:!?)\]]")
FONTS = {
    "ja": "'Hiragino Sans','Hiragino Kaku Gothic ProN','Yu Gothic',Meiryo,sans-serif",
    "default": "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif",
}


@dataclass(frozen=True)
class EmailRender:
    html: str
    text: str


# ---------------------------------------------------------------- Markdown
def _autolink(state) -> None:
    """Core rule: bare http(s) URLs in text become links (outside existing links)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        in_link = 0
        for tok in block.children:
            if tok.type == "link_open":
                in_link += 1
            elif tok.type == "link_close":
                in_link -= 1
            if tok.type != "text" or in_link or not URL.search(tok.content):
                children.append(tok)
                continue
            pos = 0
            for match in URL.finditer(tok.content):
                if match.start() > pos:
                    children.append(_text(tok.content[pos : match.start()]))
                opener = Token("link_open", "a", 1)
                opener.attrs = {"href": match.group(0)}
                children += [opener, _text(match.group(0)), Token("link_close", "a", -1)]
                pos = match.end()
            if pos < len(tok.content):
                children.append(_text(tok.content[pos:]))
        block.children = children


def _text(content: str) -> Token:
    tok = Token("text", "", 0)
    tok.content = content
    return tok


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"breaks": True, "html": False})
    md.core.ruler.push("ccm_autolink", _autolink)
    return md


# ---------------------------------------------------------------- HTML
STYLE = """
body { margin: 0; padding: 0; width: 100%; background-color: #eef1f5; -webkit-text-size-adjust: 100%; }
table { border-collapse: collapse; }
.bg { background-color: #eef1f5; }
.card { background-color: #ffffff; border-radius: 10px; }
.brand { font-size: 18px; font-weight: 700; color: %(accent)s; letter-spacing: -0.01em; }
.brandbar { border-top: 4px solid %(accent)s; border-radius: 10px 10px 0 0; }
.content { padding: 8px 40px 36px 40px; color: #1f2933; font-size: 16px; line-height: 1.65; }
.content p { margin: 0 0 16px 0; }
.content h1 { font-size: 24px; line-height: 1.3; margin: 0 0 16px 0; color: #111827; }
.content h2 { font-size: 20px; line-height: 1.35; margin: 24px 0 12px 0; color: #111827; }
.content h3 { font-size: 17px; margin: 20px 0 8px 0; color: #111827; }
.content ul, .content ol { margin: 0 0 16px 0; padding: 0 0 0 24px; }
.content li { margin: 0 0 6px 0; }
.content a { color: %(accent)s; text-decoration: underline; }
.content blockquote { margin: 0 0 16px 0; padding: 4px 0 4px 16px; border-left: 3px solid #d0d7de; color: #4b5563; }
.content hr { border: 0; border-top: 1px solid #e5e7eb; margin: 24px 0; }
.content code { font-family: Menlo, Consolas, monospace; font-size: 14px; background-color: #f3f4f6; padding: 1px 4px; }
.content table.btn { margin: 8px 0 24px 0; }
.btn td { background-color: %(accent)s; border-radius: 6px; }
.btn a { display: inline-block; padding: 12px 24px; color: #ffffff; font-weight: 600; text-decoration: none; border-radius: 6px; }
.footer { padding: 20px 40px 8px 40px; font-size: 12px; line-height: 1.5; color: #6b7280; text-align: center; }
@media only screen and (max-width: 620px) {
  .wrapper { width: 100% !important; }
  .outer { padding: 0 !important; }
  .card { border-radius: 0 !important; }
  .brandbar { border-radius: 0 !important; }
  .content { padding: 4px 20px 28px 20px !important; font-size: 16px !important; }
  .header { padding: 20px 20px 8px 20px !important; }
  .btn, .btn td, .btn a { display: block !important; width: 100% !important; text-align: center !important; box-sizing: border-box; }
}
@media (prefers-color-scheme: dark) {
  body, .bg { background-color: #0f1419 !important; }
  .card { background-color: #1b222b !important; }
  .content, .content p, .content li { color: #e6e9ee !important; }
  .content h1, .content h2, .content h3 { color: #f5f7fa !important; }
  .content a { color: #7cb8ff !important; }
  .brand { color: #7cb8ff !important; }
  .footer { color: #9aa4b2 !important; }
}
[data-ogsc] .card { background-color: #1b222b !important; }
[data-ogsc] .content, [data-ogsc] .content p { color: #e6e9ee !important; }
"""

LAYOUT = """<!DOCTYPE html>
<html lang="%(lang)s" dir="ltr" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>%(subject)s</title>
<style>%(style)s</style>
</head>
<body style="font-family: %(fonts)s;">
<div class="preheader" style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">%(preheader)s%(padding)s</div>
<table role="presentation" class="bg" width="100%%" cellpadding="0" cellspacing="0" border="0">
<tr><td class="outer" align="center" style="padding:24px 12px;">
<table role="presentation" class="wrapper card" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:600px;">
<tr><td class="brandbar"></td></tr>
<tr><td class="header" style="padding:24px 40px 8px 40px;font-family: %(fonts)s;"><span class="brand">%(brand)s</span></td></tr>
<tr><td class="content" style="font-family: %(fonts)s;">
%(body)s
</td></tr>
</table>
%(footer)s
</td></tr>
</table>
</body>
</html>
"""

def body_html(markdown: str, tokens: list[Token] | None = None) -> str:
    """The Markdown body as email HTML (before inlining): lone links become buttons.
    ``tokens``: the body already parsed (render_email parses it once for both parts)."""
    md = parser()
    rendered = md.renderer.render(md.parse(markdown) if tokens is None else tokens, md.options, {})
    rendered = rendered.replace("<a href=", '<a target="_blank" rel="noopener" href=')
    return re.sub(
        r'<p><a target="_blank" rel="noopener" href="([^"]+)">([^<]+)</a></p>',
        lambda m: (
            '<table role="presentation" class="btn" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">'
            f'<a target="_blank" rel="noopener" href="{m.group(1)}">{m.group(2)}</a></td></tr></table>'
            if m.group(1) != html.unescape(m.group(2)) else m.group(0)
        ),
        rendered,
    )


def render_email(subject: str, preheader: str, body: str, locale: str, brand: str, footer: str = "", accent: str = ACCENT) -> EmailRender:
    """The HTML email (CSS inlined) and its plain-text alternative."""
    import css_inline

    lang = locale or "en"
    fonts = FONTS["ja"] if lang.lower().startswith("ja") else FONTS["default"]
    # Invisible characters after the preheader keep the inbox from showing the body's start.
    padding = "&#8199;&#847;&zwnj;&nbsp;" * max(0, 110 - len(preheader))
    tokens = parser().parse(body)
    document = LAYOUT % {
        "lang": html.escape(lang),
        "subject": html.escape(subject),
        "style": STYLE.replace("%(accent)s", accent),
        "fonts": fonts,
        "preheader": html.escape(preheader),
        "padding": padding,
        "brand": html.escape(brand),
        "body": body_html(body, tokens),
        "footer": f'<table role="presentation" class="wrapper" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:600px;"><tr><td class="footer">{html.escape(footer)}</td></tr></table>' if footer else "",
    }
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return EmailRender(inliner.inline(document), plain_text(body, tokens))


# ---------------------------------------------------------------- plain text
def plain_text(markdown: str, tokens: list[Token] | None = None) -> str:
    """The text/plain alternative: Markdown markers removed, links as ``text (url)``
    (``tokens``: the body already parsed)."""
    if tokens is None:
        tokens = parser().parse(markdown)
    blocks: list[str] = []
    lists: list[list] = []  # [ordered, counter]
    quote = 0
    prefix_next = ""
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lists.append([tok.type == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            ordered, counter = lists[-1]
            prefix_next = "  " * (len(lists) - 1) + (f"{counter}. " if ordered else "- ")
            lists[-1][1] += 1
        elif tok.type == "blockquote_open":
            quote += 1
        elif tok.type == "blockquote_close":
            quote -= 1
        elif tok.type == "hr":
            blocks.append(("", "-" * 20))
        elif tok.type in ("fence", "code_block"):
            blocks.append(("", tok.content.rstrip("\n")))
        elif tok.type == "inline":
            text = _inline_text(tok.children or [])
            if prefix_next:
                indent = " " * len(prefix_next)
                text = prefix_next + text.replace("\n", "\n" + indent)
                prefix_next = ""
            if quote:
                text = "\n".join("> " * quote + line for line in text.split("\n"))
            blocks.append(("li" if lists else "", text))
    out: list[str] = []
    previous = ""
    for kind, text in blocks:
        if out:
            out.append("\n" if kind == "li" and previous == "li" else "\n\n")
        out.append(text)
        previous = kind
    return "".join(out).strip() + "\n"


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    href = None
    label: list[str] = []
    for tok in children:
        if tok.type == "link_open":
            href = tok.attrGet("href")
            label = []
        elif tok.type == "link_close":
            text = "".join(label)
            parts.append(text if not href or text == href else f"{text} ({href})")
            href = None
        else:
            piece = {"softbreak": "\n", "hardbreak": "\n"}.get(tok.type)
            if piece is None:
                piece = tok.content if tok.type in ("text", "code_inline", "html_inline") else ""
                if tok.type == "image":
                    piece = tok.content or ""
            (label if href is not None else parts).append(piece)
    return "".join(parts)
