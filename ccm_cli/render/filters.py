"""The filters whose text depends on the variant's locale: ``date``, ``money`` and ``number``.

The locale is the variant being rendered (:data:`variant_locale`, set by whoever renders:
the renderer, the runtime). Their default formats return :class:`.provenance.Formatted` text:
all of it is the value's, none of it the writer's.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import functools
from typing import Any

from jinja2 import pass_context

from ..model import language
from .provenance import Formatted

variant_locale: contextvars.ContextVar[str] = contextvars.ContextVar("ccm_locale", default="")


def _at_render_time(func):
    """A filter whose result depends on the variant's locale (:data:`variant_locale`), marked
    ``pass_context`` so that Jinja never calls it while compiling: given a constant
    (``{{ 1200|money }}``) it would fold the result into the code, for whatever locale was set
    then, and the code is shared by every locale that renders the text (or the same shape)."""

    @functools.wraps(func)
    def at_render(context, *args, **kwargs):
        return func(*args, **kwargs)

    return pass_context(at_render)


def locale_filters(currency: Any, default_locale: str | None) -> dict:
    """``date``, ``money`` and ``number``, ready for an environment's filters. ``currency``:
    ccm.yaml's ``currency:`` (locale -> ISO code); ``default_locale``: the money filter's
    locale when no variant is being rendered."""
    return {"date": _at_render_time(_date_filter), "money": _at_render_time(_money_filter(currency, default_locale)),
            "number": _at_render_time(_number_filter)}


def _parse_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value)[:10])


@functools.lru_cache(maxsize=64)
def _babel_locale(identifier: str):
    """The babel Locale the formatting functions would parse from ``identifier`` on every call
    (a bad identifier raises, uncached, as they would)."""
    from babel import Locale

    return Locale.parse(identifier)


def _date_filter(value: Any, format: str | None = None) -> str:
    """ISO date -> the variant locale's date: 'Mar 1, 2026' / '2026年3月1日'."""
    from babel.dates import format_date

    locale = variant_locale.get() or "en-US"
    style = format or ("long" if language(locale) == "ja" else "medium")
    text = format_date(_parse_date(value), format=style, locale=_babel_locale(locale.replace("-", "_")))
    return Formatted(text) if format is None else text  # a pattern may quote the writer's words


def _number_filter(value: Any) -> str:
    """A number in the variant locale's format: '1,234.5'."""
    from babel.numbers import format_decimal

    locale = variant_locale.get() or "en-US"
    return Formatted(format_decimal(value, locale=_babel_locale(locale.replace("-", "_"))))


def _money_filter(configured: Any, default_locale: str | None):
    """The ``money`` filter of a project: ``configured`` is its ``currency:`` map (locale ->
    ISO code); a locale without one pays in its territory's currency ('1,200円' in Japanese yen)."""

    def money(value: Any, currency: str | None = None) -> str:
        from babel.numbers import format_currency, format_decimal, get_territory_currencies

        locale = variant_locale.get() or default_locale or "en-US"
        if currency is None:
            if isinstance(configured, dict) and configured.get(locale):
                currency = str(configured[locale])
            else:
                territory = locale.split("-")[1] if "-" in locale else "US"
                found = get_territory_currencies(territory)
                currency = found[0] if found else "USD"
        babel_locale = _babel_locale(locale.replace("-", "_"))
        if language(locale) == "ja" and currency == "JPY":
            return Formatted(f"{format_decimal(value, format='#,##0', locale=babel_locale)}円")
        return Formatted(format_currency(value, currency, locale=babel_locale))

    return money
