"""The lint engine knows no rule, and the speed machinery stays behind its two interfaces: what
the rules declare (the rule protocol, ccm_cli/rules/base.py) is all the engine, the result store
and --changed-only go by."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import re
import sys
import types
from pathlib import Path

import pytest

from conftest import copy_repo, edit, lint_dir

import ccm_cli
from ccm_cli import rules as registry
from ccm_cli.text_rules import TextRules, TextTarget, judge

PACKAGE = Path(ccm_cli.__file__).parent
SHARED_CACHES = "ccm_cli.scale.lru"  # a data structure the renderer and the text library keep their caches in


def _imports(path: Path) -> set[str]:
    """The ccm_cli modules a source file imports (relative imports resolved), at any level."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "ccm_cli" or name.startswith("ccm_cli.")}


def _modules(*relative: str) -> list[Path]:
    found = []
    for rel in relative:
        path = PACKAGE / rel
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


@pytest.mark.parametrize("path", _modules("rules", "render", "project.py", "yamlio.py"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_rules_the_loader_and_the_renderer_never_import_the_speed_machinery(path):
    """The engine calls the executor and the result store; a rule, the loader (it is handed a
    store to parse through) and the renderer know neither exists."""
    speed = {name for name in _imports(path) if name.startswith("ccm_cli.scale.") and not name.startswith(SHARED_CACHES)}
    assert speed == set()
    assert not {name for name in _imports(path) if name in ("ccm_cli.linter", "ccm_cli.incremental")}


def test_no_module_outside_the_rules_names_a_rule():
    """No list of rule ids in the core: the engine asks rules what they read."""
    ids = {rule.ID for rule in registry.all_rules()}
    named = []
    for path in _modules("."):
        if path.relative_to(PACKAGE).parts[0] == "rules":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (node.value in ids or node.value.rstrip("*/") in ids):
                named.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value}")
    assert named == []


@pytest.mark.parametrize("disabled", ["vale", "style/vale", "style/*"])
def test_lint_disable_turns_a_rule_off_by_its_id_or_a_former_one(tmp_path, disabled):
    """`lint.disable: [vale]` kept disabling the Vale rule when its id became style/vale."""
    repo = copy_repo("brand", tmp_path)
    edit(repo / "comms/billing/reminder.yaml", "Your bill of {{ invoice.amount | money }}", "Your really big bill of {{ invoice.amount | money }}")
    assert any(f.rule == "Kumo.Weasel" for f in lint_dir(repo).findings)
    edit(repo / "ccm.yaml", "name: minimal\n", f"name: minimal\nlint:\n  disable: [{disabled}]\n")
    assert [f.rule for f in lint_dir(repo).findings if f.rule.startswith("Kumo.")] == []


def test_a_disable_that_is_not_a_list_disables_nothing_and_never_crashes(tmp_path):
    repo = copy_repo("minimal", tmp_path)
    edit(repo / "ccm.yaml", "name: minimal\n", "name: minimal\nlint:\n  disable: 5\n")
    from ccm_cli.project import load_project

    assert registry.enabled(load_project(repo)) == registry.all_rules()


def _source_with_helpers(rule) -> str:
    """A rule module's source and that of the helpers of its category it imports."""
    source = inspect.getsource(rule)
    package = rule.__name__.rsplit(".", 1)[0]
    for helper in re.findall(r"^from \.(_\w+) import", source, re.M):
        source += inspect.getsource(sys.modules[f"{package}.{helper}"])
    return source


@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.ID)
def test_what_a_rule_reads_it_declares(rule):
    """The rule protocol: a rule that reads the lint date says what about it matters
    (today_key); a rule that compares comms through digests says which comms a change affects;
    the flags are where they mean something."""
    if "ctx.today" in _source_with_helpers(rule):
        assert callable(getattr(rule, "today_key", None)), f"{rule.ID} reads the lint date: declare today_key(project, today)"
    if hasattr(rule, "digest"):
        assert rule.SCOPE == "project" and callable(getattr(rule, "affected", None)), \
            f"{rule.ID} compares comms: it is a project rule that declares affected(change, digests)"
    assert rule.SCOPE in ("text", "sentences", "ja", "variant", "comm", "project")
    if getattr(rule, "SENTENCES", False) or getattr(rule, "BLOCK_LOCAL", False):
        assert rule.SCOPE == "ja"


def test_today_keys_say_which_clauses_are_in_force():
    from ccm_cli.project import load_project

    project = load_project(copy_repo("minimal", Path(__import__("tempfile").mkdtemp())))
    dated = [rule for rule in registry.all_rules() if hasattr(rule, "today_key")]
    assert dated and all(isinstance(rule.today_key(project, dt.date(2026, 6, 1)), str) for rule in dated)


def test_a_sentences_rule_reads_the_sentences_only():
    seen = []
    rule = types.SimpleNamespace(ID="test/sentences", SCOPE="sentences", check=lambda target, ctx: seen.append(target.prose.text) or ())
    rules = TextRules(sentences=(rule,))
    ctx = types.SimpleNamespace(project=None)
    list(judge(TextTarget.for_file("x.md", "Hi Anna,\n\nYour bill is ready.\n\nBest regards,\nKumo", "en-US"), ctx, rules))
    assert len(seen) == 1 and "Your bill is ready." in seen[0] and "Anna" not in seen[0] and "regards" not in seen[0]
    subject = TextTarget.for_file("x.md", "Your bill is ready", "en-US")
    subject.field_name = "subject"
    list(judge(subject, ctx, rules))
    assert len(seen) == 1  # a subject line is not a sentence


# ---------------------------------------------------------------- a new cross-comm rule, its module only
SAME_TITLE = '''
"""Two comms whose push title reads the same (a test rule: a cross-comm rule needs its module only)."""

import sys

from ccm_cli.rules.base import at_doc, make

ID = "consistency/same-title"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"


def digest(comm, ctx):
    """What this rule sees of a comm: its push titles as rendered."""
    return sorted({variant.fields["title"].text for variant in ctx.variants_of(comm) if "title" in variant.fields})


def check(project, ctx):
    by_title = {}
    for comm in project.comms:
        for title in ctx.digest(sys.modules[__name__], comm):
            by_title.setdefault(title, []).append(comm)
    for title, comms in sorted(by_title.items()):
        for comm in comms if len(comms) > 1 else ():
            if ctx.wanted is None or comm.id in ctx.wanted:
                yield make(__name__, f"'{title}' is also the title of {len(comms) - 1} other comm(s)", **at_doc(comm.doc, ("id",)), comm=comm)


def affected(change, digests):
    """The comms with a title an edited comm had or has."""
    titles = set()
    for versions in change.comms.values():
        for project, comm in zip((change.base, change.head), versions):
            if comm is not None:
                titles |= set(digests(project, [comm])[0])
    return {comm.id for comm, found in zip(change.head.comms, digests(change.head, change.head.comms)) if titles & set(found)}
'''


@pytest.fixture
def same_title(monkeypatch):
    """The rule above, registered as `MODULES` in its category would register it."""
    module = types.ModuleType("ccm_cli.rules.consistency.same_title")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(SAME_TITLE, "same_title.py", "exec"), module.__dict__)
    every = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: (*every, module))
    return module


def test_a_new_cross_comm_rule_needs_nothing_from_the_engine(tmp_path, same_title, monkeypatch):
    """Linted, stored and compared through its digests (a warm run renders nothing), and
    --changed-only asks its affected() which other comms an edit reaches."""
    from ccm_cli.incremental import affected_comms
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project
    from ccm_cli.render import Renderer
    from ccm_cli.scale.store import DiskStore

    root = copy_repo("minimal", tmp_path)
    outage = (root / "comms/billing/outage.yaml").read_text("utf-8")
    (root / "comms/billing/outage-again.yaml").write_text(outage.replace("id: billing.outage", "id: billing.outage-again"), "utf-8")
    found = [f.comm for f in lint_dir(root).findings if f.rule == "consistency/same-title"]
    assert sorted(found) == ["billing.outage", "billing.outage-again"]

    store = DiskStore(root)
    lint(load_project(root), cache=store)
    store.close()
    rendered = []
    real = Renderer.render_comm
    monkeypatch.setattr(Renderer, "render_comm", lambda self, comm: rendered.append(comm.id) or real(self, comm))
    store = DiskStore(root)
    warm = lint(load_project(root), cache=store)
    store.close()
    assert rendered == [] and [f.comm for f in warm.findings if f.rule == "consistency/same-title"] == found

    base = load_project(root)
    head_root = tmp_path / "head"
    __import__("shutil").copytree(root, head_root)
    edit(head_root / "comms/billing/outage-again.yaml", 'title: "Power is back"', 'title: "Power is back on"')
    assert affected_comms(base, load_project(head_root)) == {"billing.outage-again", "billing.outage"}
    assert affected_comms(base, load_project(head_root), findings=False) == {"billing.outage-again"}
