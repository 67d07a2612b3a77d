"""One parse per template text: analysis and compilation share it, identical texts share one
compiled template, and the per-text cache stays bounded. Nothing a rule sees changes."""

from pathlib import Path

from conftest import REPOS

from ccm_cli.model import FileOrigin, TemplateField
from ccm_cli.project import load_project
from ccm_cli.render import RenderError, Renderer, analyze
from ccm_cli.render.usage import direct_usage

TEMPLATES = [
    "Hi {{ customer.first_name }}, {{ facts.brand.name }} {{ clause('late-fee') }}",
    "{% for item in order.lines %}{{ item.sku ~ '-' ~ 'x' }}{% endfor %}{{ 'a' ~ 'b' }}{{ 1 + 2 }}",
    "{% set t = plan %}{{ t.price }}{% macro m(p) %}{{ p.q }}{{ r }}{% endmacro %}{{ m(s) }}",
    "{% include '_snippets/help.j2' %}{{ plans[key].price }}",
]


def field(source: str, file: str = "comms/x.yaml") -> TemplateField:
    return TemplateField("x", "en-US", "email", "body", source, FileOrigin(file, source))


def renderer() -> Renderer:
    return Renderer(load_project(Path(REPOS / "minimal")))


def test_usage_is_what_analyze_finds():
    r = renderer()
    for source in TEMPLATES:
        assert r.usage(source) == analyze(r.env, source, project=r.project)


def test_analysing_a_tree_leaves_it_as_the_compiler_needs_it():
    r = renderer()
    for source in TEMPLATES:
        ast = r.env.parse(source)
        direct_usage(ast)
        assert r.env.compile(ast, raw=True) == r.env.compile(source, raw=True)


def test_identical_texts_share_one_compiled_template():
    r = renderer()
    first, second = field(TEMPLATES[0]), field(TEMPLATES[0], "comms/y.yaml")
    assert r.compile(first) is r.compile(second)
    assert len(r._texts) == 1


def test_a_shared_syntax_error_is_located_in_each_field():
    r = renderer()
    source = "Hello\n{{ broken }"
    first, second = r.compile(field(source)), r.compile(field("\n\n" + source))
    assert isinstance(first, RenderError) and first.kind == "syntax" and first.line == 2
    assert isinstance(second, RenderError) and second.line == 4 and second.message == first.message


def test_the_per_text_cache_is_bounded():
    r = renderer()
    r._texts.size = 3
    fields = [field(f"{{{{ v{i}.name }}}}") for i in range(10)]
    for tfield in fields:
        r.compile(tfield)
        assert len(r._texts) <= 3
    assert r.usage(fields[0].source).paths == {"v0.name"}  # evicted, parsed again
    assert "Ann" in r.compile(field(fields[0].source)).render(v0={"name": "Ann"})


def test_a_template_jinja_rejects_after_parsing_has_no_usage_and_a_syntax_error():
    r = renderer()
    for _ in range(2):  # an unknown filter: nothing used (cached), and the compile says why
        assert r.usage("{{ x|nosuchfilter }}").paths == frozenset()
    compiled = r.compile(field("{{ x|nosuchfilter }}"))
    assert isinstance(compiled, RenderError) and compiled.kind == "syntax" and "nosuchfilter" in compiled.message


def test_direct_usage_names_what_a_template_may_load_for_the_result_cache():
    r = renderer()
    usage = r.direct_usage("{% include ['_snippets/a.j2', '_snippets/b.j2'] %}{% import '_snippets/m.j2' as m %}{{ clause('x') }}")
    assert usage.loads == {"_snippets/a.j2", "_snippets/b.j2", "_snippets/m.j2"} and not usage.any_load
    assert usage.clauses == {"x"} and not usage.any_clause
    assert r.direct_usage("{% include '_snippets/' ~ name %}").any_load
    assert r.direct_usage("{{ clause(kind) }}").any_clause
    assert r.direct_usage("{% set c = clause %}{{ c('x') }}").any_clause  # clause passed around
