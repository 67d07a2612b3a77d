"""HTML frames that look like each channel, for the preview site.

Each function takes a rendered :class:`Variant` and returns an HTML fragment; the site's
stylesheet (``assets/site.css``) gives them their look. :func:`intents_row` shows what a variant
does (its intents, SPEC 2.6) and :func:`intent_change` what a change adds or removes. Every text is escaped; the only
markup that comes from a template is the Markdown of email and letter bodies, rendered by
markdown-it-py with raw HTML disabled.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..findings import Finding
from ..intents.variants import IntentChange, Shown
from ..render import Variant
from .email_html import EmailRender, parser, render_email
from .layout import letter_blocks, lock_screen, sender_address, sender_name, sms_caption

CHANNEL_LABEL = {"email": "Email", "sms": "SMS", "push": "Push", "line": "LINE", "chat": "Chat", "letter": "Letter", "web": "Web"}
SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "●"}


def e(value) -> str:
    return html.escape("" if value is None else str(value))


def text_of(variant: Variant, name: str) -> str:
    found = variant.fields.get(name)
    return found.text.strip() if found else ""


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: blank lines separate, single newlines break."""
    blocks = [b for b in text.split("\n\n") if b.strip()]
    return "".join(f"<p>{e(b.strip()).replace(chr(10), '<br>')}</p>" for b in blocks)


@dataclass(frozen=True)
class Context:
    """What a frame needs besides the variant: locale-resolved facts and the project config."""

    facts: object
    config: dict


# ---------------------------------------------------------------- email
def email_render(variant: Variant, ctx: Context) -> EmailRender:
    return render_email(text_of(variant, "subject"), text_of(variant, "preheader"), text_of(variant, "body"),
                        variant.locale, sender_name(ctx.facts))


def email_inbox_row(variant: Variant, ctx: Context) -> str:
    """The message as the inbox lists it: sender, subject, preheader."""
    name = sender_name(ctx.facts)
    address = sender_address(ctx.facts, ctx.config)
    preheader = text_of(variant, "preheader")
    return (
        '<div class="inbox-row">'
        f'<div class="avatar">{e(name[:1])}</div>'
        '<div class="inbox-text">'
        f'<div class="inbox-from">{e(name)}{f" <span class=muted>&lt;{e(address)}&gt;</span>" if address else ""}</div>'
        f'<div class="inbox-subject">{e(text_of(variant, "subject")) or "<em>(no subject)</em>"}</div>'
        f'<div class="inbox-preheader">{e(preheader) if preheader else "<em>No preheader: the inbox shows the first line of the body.</em>"}</div>'
        "</div></div>"
    )


def email_frames(render: EmailRender, standalone_href: str | None, label: str) -> str:
    """The email at desktop and mobile widths (iframes with srcdoc), and its plain text."""
    doc = e(render.html)
    link = f'<a class="open" href="{e(standalone_href)}" target="_blank" rel="noopener">Open the HTML email ↗</a>' if standalone_href else ""
    return (
        '<div class="email-frames">'
        '<figure class="device desktop"><figcaption>Desktop · 640px</figcaption>'
        f'<iframe class="email" title="{e(label)} (desktop)" width="640" height="600" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcdoc="{doc}"></iframe></figure>'
        '<figure class="device mobile"><figcaption>Mobile · 375px</figcaption>'
        f'<iframe class="email" title="{e(label)} (mobile)" width="375" height="600" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcdoc="{doc}"></iframe></figure>'
        '<figure class="device plain"><figcaption>Plain-text part</figcaption>'
        f'<pre class="plain-text">{e(render.text)}</pre>{link}</figure>'
        "</div>"
    )


# ---------------------------------------------------------------- other channels
def sms(variant: Variant, ctx: Context) -> str:
    body = text_of(variant, "body")
    return (
        '<div class="phone sms">'
        f'<div class="phone-head"><div class="avatar small">{e(sender_name(ctx.facts)[:1])}</div><span>{e(sender_name(ctx.facts))}</span></div>'
        f'<div class="bubble incoming">{e(body).replace(chr(10), "<br>")}</div>'
        f'<div class="caption">{e(sms_caption(body))}</div>'
        "</div>"
    )


def push(variant: Variant, ctx: Context) -> str:
    view = lock_screen(text_of(variant, "title"), text_of(variant, "body"))
    app = sender_name(ctx.facts)
    return (
        '<div class="lockscreen">'
        '<div class="clock">9:41</div><div class="date">Monday, March 2</div>'
        '<div class="notification">'
        f'<div class="notif-head"><span class="app-icon">{e(app[:1])}</span><span class="app-name">{e(app)}</span><span class="when">now</span></div>'
        f'<div class="notif-title">{e(view.title)}</div>'
        f'<div class="notif-body">{e(view.body).replace(chr(10), "<br>")}</div>'
        "</div>"
        f'<div class="caption light">{e(view.note)}</div>'
        "</div>"
    )


def line(variant: Variant, ctx: Context) -> str:
    name = sender_name(ctx.facts)
    body = text_of(variant, "body")
    return (
        '<div class="line-app">'
        f'<div class="line-head">‹ <span>{e(name)}</span></div>'
        '<div class="line-msg">'
        f'<div class="avatar line-avatar">{e(name[:1])}</div>'
        f'<div><div class="line-name">{e(name)}</div><div class="bubble line-bubble">{_linkify(body)}</div></div>'
        '<div class="line-time">9:41</div>'
        "</div></div>"
    )


def chat(variant: Variant, ctx: Context) -> str:
    name = sender_name(ctx.facts)
    body = text_of(variant, "body")
    return (
        '<div class="chat-widget">'
        f'<div class="chat-head"><div class="avatar small">{e(name[:1])}</div><div><b>{e(name)}</b><div class="muted">Typically replies in a few minutes</div></div></div>'
        f'<div class="chat-body"><div class="bubble bot">{_linkify(body)}</div></div>'
        '<div class="chat-input">Type a reply…</div>'
        "</div>"
    )


def letter(variant: Variant, ctx: Context) -> str:
    sender, recipient = letter_blocks(ctx.facts, variant.sample.data if variant.sample else None, variant.locale)
    subject = text_of(variant, "subject")
    body = parser().render(text_of(variant, "body"))
    return (
        f'<div class="paper" lang="{e(variant.locale)}">'
        '<div class="letter-top">'
        f'<div class="window">{"<br>".join(e(x) for x in recipient)}</div>'
        f'<div class="sender">{"<br>".join(e(x) for x in sender)}</div>'
        "</div>"
        f'{f"<h3 class=letter-subject>{e(subject)}</h3>" if subject else ""}'
        f'<div class="letter-body">{body}</div>'
        '<div class="page-no">1 / 1</div>'
        "</div>"
    )


def web(variant: Variant, ctx: Context) -> str:
    cta = text_of(variant, "cta")
    return (
        f'<div class="web-banner" lang="{e(variant.locale)}">'
        f'<div class="web-brand">{e(sender_name(ctx.facts))}</div>'
        f'<h3 class="web-headline">{e(text_of(variant, "headline"))}</h3>'
        f'{paragraphs(text_of(variant, "body"))}'
        f'{f"<span class=web-cta>{e(cta)} →</span>" if cta else ""}'
        "</div>"
    )


def generic(variant: Variant, ctx: Context) -> str:
    rows = "".join(f"<dt>{e(k)}</dt><dd>{e(v.text)}</dd>" for k, v in variant.fields.items())
    return f'<dl class="generic">{rows}</dl>'


FRAMES = {"sms": sms, "push": push, "line": line, "chat": chat, "letter": letter, "web": web}


def frame(variant: Variant, ctx: Context) -> str:
    """The channel frame of a non-email variant, with its render errors."""
    out = ""
    if variant.fields or not variant.errors:
        out = FRAMES.get(variant.channel, generic)(variant, ctx)
    return out + render_errors(variant)


def render_errors(variant: Variant) -> str:
    if not variant.errors:
        return ""
    items = "".join(f"<li><b>{e(err.message)}</b> <code>{e(err.file)}:{err.line or 0}</code></li>" for err in variant.errors)
    return f'<div class="render-errors"><div class="render-errors-title">Cannot render</div><ul>{items}</ul></div>'


def intents_row(shown: Shown) -> str:
    """What a variant does — its intents as chips, each titled with the words that show it."""
    if not shown.words:
        return '<div class="intents none">Shows no intent</div>'
    chips = "".join(
        f'<span class="intent" title="{e("; ".join(f"{name}: {words}" for name, words in shown.words[intent]))}">{e(intent)}</span>'
        for intent in shown.names)
    return f'<div class="intents"><span>Shows</span>{chips}</div>'


def intent_change(change: IntentChange) -> str:
    """The intents a change adds ("now also") or removes ("no longer"), for the reviewer."""
    if not change:
        return ""
    rows = []
    for label, items in (("now also", change.added), ("no longer", change.removed)):
        if items:
            shown = ", ".join(e(name) + (f" <span class=muted>(‘{e(ex[1])}’ in {e(ex[0])})</span>" if ex else "") for name, ex in items)
            rows.append(f"<div>⚑ <b>{label}:</b> {shown}</div>")
    return f'<div class="intent-change">{"".join(rows)}</div>'


def findings_list(findings: list[Finding], empty: str = "No lint findings") -> str:
    if not findings:
        return f'<div class="findings clean">✓ {e(empty)}</div>'
    items = []
    for finding in findings:
        level = finding.severity.label
        where = f"{finding.file or ''}:{finding.line or 0}:{finding.column or 0}"
        fix = f'<div class="fix">Fix: {e(finding.fix)}</div>' if finding.fix else ""
        scope = " · ".join(x for x in (finding.locale, finding.channel) if x)
        items.append(
            f'<li class="finding {level}"><span class="sev">{SEVERITY_MARK[level]} {level}</span>'
            f'<div class="finding-text"><div class="msg">{e(finding.message)}</div>'
            f'<div class="meta"><code>{e(finding.rule)}</code> <span>{e(where)}</span>{f" <span>{e(scope)}</span>" if scope else ""}</div>{fix}</div></li>'
        )
    return f'<ul class="findings">{"".join(items)}</ul>'


def _linkify(text: str) -> str:
    from .email_html import URL

    escaped = e(text)
    return URL.sub(lambda m: f'<a href="{m.group(0)}" target="_blank" rel="noopener">{m.group(0)}</a>', escaped).replace("\n", "<br>")
