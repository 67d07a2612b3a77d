"""Templates that differ only in their literal text share one code object, and each still
renders exactly what Jinja's own compile of it renders (ccm_cli/render/shared_code.py)."""

import traceback
import types
from pathlib import Path

import pytest
from conftest import REPOS

from ccm_cli.project import load_project
from ccm_cli.render import Renderer, analyze
from ccm_cli.render.shared_code import shape

# (template, the same shape with other text, data)
PAIRS = [
    ("Hello {{ customer.first_name }}, welcome.", "こんにちは{{ customer.first_name }}様、ようこそ。", {"customer": {"first_name": "Ann"}}),
    ("Due {{ bill.amount }}\n\nPay by {{ bill.date }}.\n", "期限 {{ bill.amount }}\n\n{{ bill.date }}までに。\n", {"bill": {"amount": 12, "date": "1 May"}}),
    ("{% if s == 'a' %}First {{ n }}\n{%- elif s == 'b' %}Second{% else %}Third{% endif %} end",
     "{% if s == 'a' %}一 {{ n }}\n{%- elif s == 'b' %}二{% else %}三{% endif %} 終", {"s": "a", "n": 3}),
    ("{% for x in items %}- {{ x }}\n{% endfor %}Total: {{ items|length }}", "{% for x in items %}・{{ x }}\n{% endfor %}合計: {{ items|length }}", {"items": ["p", "q"]}),
    ("{% set greeting %}Dear {{ n }},{% endset %}{{ greeting }} thanks.", "{% set greeting %}拝啓 {{ n }}様{% endset %}{{ greeting }} 感謝。", {"n": "Bo"}),
    ("{% macro row(k) %}<{{ k }}> is{% endmacro %}{{ row('a') }} and {{ row('b') }}", "{% macro row(k) %}[{{ k }}] は{% endmacro %}{{ row('a') }} と {{ row('b') }}", {}),
    ("{% filter upper %}loud {{ n }}{% endfilter %} quiet", "{% filter upper %}big {{ n }}{% endfilter %} small", {"n": "x"}),
    ("{% raw %}{{ not a tag }}{% endraw %} then {{ n }}", "{% raw %}{% still not %}{% endraw %} 次 {{ n }}", {"n": 1}),
    ("  {{- n }} trimmed  {{ 'const' }} {{ 1 + 2 }}", "  {{- n }} 詰め  {{ 'const' }} {{ 1 + 2 }}", {"n": "v"}),
]


def renderer() -> Renderer:
    return Renderer(load_project(Path(REPOS / "minimal")))


def jinja_alone(r: Renderer, source: str, data: dict) -> str:
    """Jinja's own compile of the text, no code shared (literal_index is never set)."""
    return r.env.from_string(source).render(data)


@pytest.mark.parametrize("first,second,data", PAIRS)
def test_same_shape_shares_code_and_renders_like_jinja(first, second, data):
    r = renderer()
    a, b = r.env.template_from(r.env.parse(first)), r.env.template_from(r.env.parse(second))
    assert shape(r.env.parse(first)).key == shape(r.env.parse(second)).key
    assert a.root_render_func.__code__ is b.root_render_func.__code__
    assert len(r.env._shapes) == 1
    for template, source in ((a, first), (b, second)):
        assert template.render(data) == jinja_alone(r, source, data)


def _constants(code: types.CodeType):
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _constants(const)
        else:
            yield const


def test_the_shared_code_holds_no_literal_text():
    r = renderer()
    template = r.env.template_from(r.env.parse("Your bill of {{ amount }} is due.\n{% if late %}Late fee applies.{% endif %}"))
    code = template.root_render_func.__code__
    texts = [c for c in _constants(code) if isinstance(c, str)]
    assert not any("bill" in t or "due" in t or "Late fee" in t for t in texts), texts


def test_a_different_line_layout_is_a_different_shape():
    r = renderer()
    one, two = r.env.parse("Hi\n{{ a.b }}"), r.env.parse("Hi {{ a.b }}")
    assert shape(one).key != shape(two).key


def test_an_error_is_reported_on_the_line_of_each_text():
    r = renderer()
    texts = [("Hi {{ n }}\n{{ x.y.z }}", 2), ("やあ {{ n }}\n{{ x.y.z }}", 2), ("Hi {{ n }} {{ x.y.z }}", 1), ("Hi\n\n{{ n }} {{ x.y.z }}", 3)]
    for source, line in texts:
        template = r.env.template_from(r.env.parse(source))
        with pytest.raises(Exception) as caught:
            template.render({"n": 1})
        frames = [f for f in traceback.extract_tb(caught.value.__traceback__) if f.filename == "<template>"]
        assert frames and frames[-1].lineno == line, (source, frames)
    assert len(r.env._shapes) == 3


def test_autoescape_blocks_are_never_shared():
    r = renderer()
    source = "{% autoescape true %}<b>{{ x }}</b>{% endautoescape %} {{ x }}"
    assert shape(r.env.parse(source)).key is None
    assert r.env.template_from(r.env.parse(source)).render(x="<i>") == jinja_alone(r, source, {"x": "<i>"})
    assert len(r.env._shapes) == 0


def test_a_text_of_a_known_shape_still_reports_its_undeclared_variables():
    r = renderer()
    first, second = "Hi {{ customer.first_name }} {{ plan.price }}", "やあ {{ customer.first_name }} {{ plan.price }}"
    assert r.usage(first).paths == r.usage(second).paths == analyze(r.env, second, project=r.project).paths
    assert r.usage(second).paths == {"customer.first_name", "plan.price"}
    assert len(r.env._shapes) == 1


def test_the_shape_cache_is_bounded():
    r = renderer()
    r.env._shapes.size = 2
    for i in range(5):
        source = "x" + "\n" * i + "{{ v }}"
        assert r.env.template_from(r.env.parse(source)).render(v=i) == jinja_alone(r, source, {"v": i})
    assert len(r.env._shapes) == 2


def test_locale_filters_on_constants_render_for_each_locale():
    """date, money and number read the variant's locale: Jinja must not fold them into code that
    other locales (and other texts of the shape) share. Found in review: the ja-JP field printed
    the en-US amount and date."""
    from ccm_cli.render import variant_locale

    r = renderer()
    texts = {"en-US": "A fee of {{ 500|money }} applies from {{ '2026-04-01'|date }}; {{ 1234.5|number }}.",
             "ja-JP": "手数料{{ 500|money }}が{{ '2026-04-01'|date }}から; {{ 1234.5|number }}。",
             "de-DE": "Gebühr {{ 500|money }} ab {{ '2026-04-01'|date }}; {{ 1234.5|number }}."}
    rendered = {}
    for locale, source in list(texts.items()) + [("ja-JP", texts["en-US"])]:  # one text, two locales
        token = variant_locale.set(locale)
        try:
            rendered[locale, source] = r.env.template_from(r.env.parse(source)).render()
        finally:
            variant_locale.reset(token)
    assert "500円" in rendered["ja-JP", texts["ja-JP"]] and "2026年4月1日" in rendered["ja-JP", texts["ja-JP"]]
    assert "500円" in rendered["ja-JP", texts["en-US"]]
    assert "$500.00" in rendered["en-US", texts["en-US"]] and "1.234,5" in rendered["de-DE", texts["de-DE"]]


def test_a_comm_prints_a_constant_amount_and_date_in_each_locale(tmp_path):
    """End to end, after the lint's analysis compiled the text with no locale set: the ja-JP
    field says 500円 and 2026年4月1日 (it said $500.00 and Apr 1, 2026)."""
    from conftest import copy_repo

    root = copy_repo("minimal", tmp_path)
    (root / "comms/billing/fee.yaml").write_text(
        "id: billing.fee\nname: Fee\nowner: billing\ncategory: service\nkind: batch\ncontent:\n"
        "  en-US:\n    push:\n      title: \"Fee\"\n      body: \"A fee of {{ 500|money }} applies from {{ '2026-04-01'|date }}.\"\n"
        "  ja-JP:\n    push:\n      title: \"手数料\"\n      body: \"手数料{{ 500|money }}が{{ '2026-04-01'|date }}から発生します。\"\n",
        "utf-8")
    project = load_project(root)
    comm = next(c for c in project.comms if c.id == "billing.fee")
    r = Renderer(project)
    for tfield in comm.fields:
        r.usage(tfield.source)  # what the lint's rules do first: compile, outside any variant
    bodies = {v.locale: v.fields["body"].text for v in r.render_comm(comm)}
    assert bodies == {"en-US": "A fee of $500.00 applies from Apr 1, 2026.", "ja-JP": "手数料500円が2026年4月1日から発生します。"}
