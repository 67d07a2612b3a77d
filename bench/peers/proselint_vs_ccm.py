"""ccm's English brand checks vs proselint, same texts.

    python bench/peers/proselint_vs_ccm.py [--comms 1000] [--proselint PATH]

1. Generates a repository of N comms (bench/generate.py, seed 1, 5% defects) and exports its
   English copy as Markdown, one file per comm × channel (bench/peers/_export.py).
2. proselint (``pip install proselint`` into a temporary venv — never a ccm dependency; pass
   ``--proselint`` to use an installed one; default: WORKDIR/venv, created on first run):
   ``proselint check -o json FOLDER`` with its default checks, timed end to end.
3. ccm: ``brand/banned-phrase`` and ``brand/terminology`` (the guidelines' banned phrases and
   avoid → use terms, the closest thing to proselint's phrase lists) on the same files as loose
   prose targets, in-process and end to end (a fresh interpreter).

The checks differ in content (proselint ships ~100 usage checks; ccm checks the brand's own
list), so the ratio compares the cost of phrase-style checking over the same text, not verdicts.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _export import export, generated_repo, machine, timed  # noqa: E402

RULE_IDS = ("brand/banned-phrase", "brand/terminology")


def ccm_brand(repo: Path, folder: Path) -> dict:
    start = time.perf_counter()
    from ccm_cli import rules as registry
    from ccm_cli.project import load_project
    from ccm_cli.render import Renderer
    from ccm_cli.rules.base import LintContext
    from ccm_cli.text_rules import TextRules, TextTarget, judge

    rules = [registry.get(rule_id) for rule_id in RULE_IDS]
    missing = [rule_id for rule_id, rule in zip(RULE_IDS, rules) if rule is None]
    rules = [r for r in rules if r is not None]
    project = load_project(repo)
    ctx = LintContext(project=project, renderer=Renderer(project))
    setup = time.perf_counter() - start
    counts: collections.Counter = collections.Counter()
    files = sorted(folder.glob("*.md"))
    text_rules = TextRules(text=tuple(rules))
    for path in files:
        target = TextTarget.for_file(path.name, path.read_text("utf-8"), "en-US")
        for finding in judge(target, ctx, text_rules):
            counts[finding.rule] += 1
    return {"wall": time.perf_counter() - start, "setup": setup, "files": len(files), "counts": dict(counts), "missing": missing}


def ensure_proselint(venv: Path) -> Path:
    binary = venv / "bin" / "proselint"
    if not binary.exists():
        print(f"installing proselint into {venv} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "proselint"], check=True)
    return binary


def run_proselint(binary: Path, folder: Path) -> dict:
    wall, done = timed([str(binary), "check", "-o", "json", str(folder)])
    counts: collections.Counter = collections.Counter()
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"proselint failed ({done.returncode}): {done.stderr[-500:]}")
    for item in _walk(report):
        counts[item.get("check_path") or item.get("check") or "?"] += 1
    version = subprocess.run([str(binary), "version"], capture_output=True, text=True).stdout.strip()
    return {"wall": wall, "counts": dict(counts), "version": version}


def _walk(node):
    """Every diagnostic in proselint's JSON, whatever its nesting (it changed between versions)."""
    if isinstance(node, dict):
        if "check" in node or "check_path" in node:
            yield node
            return
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comms", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ccm-peers")
    parser.add_argument("--proselint", type=Path, help="the proselint executable (default: WORKDIR/venv/bin/proselint)")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(ccm_brand(*args.worker)))
        return 0

    args.workdir.mkdir(parents=True, exist_ok=True)
    repo = generated_repo(args.workdir, args.comms)
    folder = args.workdir / f"en-{args.comms}"
    files = export(repo, folder, "en-US")
    chars = sum(len(p.read_text("utf-8")) for p in files)
    binary = args.proselint or ensure_proselint(args.workdir / "venv")
    prose = run_proselint(binary, folder)
    inproc = ccm_brand(repo, folder)
    e2e_wall, done = timed([sys.executable, __file__, "--worker", str(repo), str(folder)])
    e2e = json.loads(done.stdout)
    total = lambda c: sum(c.values())  # noqa: E731

    print(f"Machine: {machine()} · {prose['version']}\n")
    print(f"English copy of a {args.comms:,}-comm generated repository: {len(files):,} Markdown files "
          f"(comm × channel, first sample), {chars:,} characters.\n")
    if inproc["missing"]:
        print(f"Not in ccm yet: {', '.join(inproc['missing'])}.\n")
    print("| tool | wall | findings | proselint / this |")
    print("|---|---|---|---|")
    print(f"| proselint check (default checks, CLI start-up included) | {prose['wall']:.2f} s | {total(prose['counts'])} | 1.0× |")
    print(f"| ccm brand/banned-phrase + brand/terminology, end to end (fresh interpreter, project load) | {e2e_wall:.2f} s | {total(e2e['counts'])} | {prose['wall'] / e2e_wall:.1f}× |")
    print(f"| ccm brand/banned-phrase + brand/terminology, in-process (project load {inproc['setup']:.2f} s included) | {inproc['wall']:.2f} s | {total(inproc['counts'])} | {prose['wall'] / inproc['wall']:.1f}× |")
    print("\nFindings: " + ", ".join(f"ccm {k}: {v}" for k, v in sorted(inproc["counts"].items())) + "; proselint top checks: "
          + ", ".join(f"{k}: {v}" for k, v in collections.Counter(prose["counts"]).most_common(6)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
