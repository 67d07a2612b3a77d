"""What a template uses, found without rendering it (shared by lint, diff and publish)."""

from jinja2.sandbox import ImmutableSandboxedEnvironment

from ccm_cli.render import analyze, attribute_chain

ENV = ImmutableSandboxedEnvironment()


def test_paths_facts_clauses_and_snippets():
    usage = analyze(ENV, "{{ customer.first_name }} {{ order['items'][0].name }} {{ plans[key].price }} "
                         "{{ facts.plans.basic.price }} {{ clause('late-fee') }} {% include '_snippets/x.j2' %}"
                         "{% for item in order.lines %}{{ item.sku }}{% endfor %}")
    assert usage.paths == {"customer.first_name", "order.items.0.name", "plans", "key", "order.lines"}
    assert "facts.plans.basic.price" in usage.facts  # (its prefixes are listed too)
    assert usage.clauses == {"late-fee"} and usage.snippets == {"_snippets/x.j2"}


def test_attribute_chain_stops_at_a_computed_key():
    expression = ENV.parse("{{ facts.plans[plan].name }}").body[0].nodes[0]
    base, parts, computed = attribute_chain(expression)
    assert base.name == "facts" and parts == ["plans"] and [c.name for c in computed] == ["plan"]
