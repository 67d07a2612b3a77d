"""ccm's ``ja/*`` rules vs textlint + textlint-rule-preset-ja-technical-writing, same texts.

    python bench/peers/textlint_vs_ccm.py [--comms 1000] [--textlint DIR]

1. Generates a repository of N comms (bench/generate.py, seed 1, 5% defects) and exports its
   Japanese copy as Markdown, one file per comm × channel (bench/peers/_export.py).
2. textlint: installed from npm into a temporary folder
   (``npm install --prefix DIR textlint textlint-rule-preset-ja-technical-writing``) unless
   ``--textlint DIR`` already has it; run once on the folder with a .textlintrc enabling the
   preset, ``--format json``.
3. ccm in-process: ``JaDocument.from_markdown`` + every module of ``ccm_cli.rules.style.ja.RULES``
   with its preset defaults, on the same files; timed inside one process (tokeniser warm-up
   included) and end to end (a fresh interpreter doing the same, start-up included).
4. ``ccm lint --locale ja-JP FILE.md…`` (loose prose files, SPEC 3) when the CLI has it.

Prints a Markdown table (wall time, findings per rule) and the textlint/ccm ratio.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _export import export, generated_repo, machine, timed  # noqa: E402


def ccm_ja(folder: Path) -> dict:
    """Run every ja rule with the preset's defaults on every file of ``folder``."""
    start = time.perf_counter()
    from ccm_cli.rules.style.ja import RULES
    from ccm_cli.text.ja import JaDocument

    counts: collections.Counter = collections.Counter()
    files = sorted(folder.glob("*.md"))
    for path in files:
        doc = JaDocument.from_markdown(path.read_text("utf-8"))
        for rule in RULES:
            for _ in rule.check_text(doc, dict(rule.DEFAULT)):
                counts[rule.ID.split("/", 1)[1]] += 1
    return {"wall": time.perf_counter() - start, "files": len(files), "counts": dict(counts)}


def ensure_textlint(prefix: Path) -> Path:
    binary = prefix / "node_modules" / ".bin" / "textlint"
    if not binary.exists():
        print(f"installing textlint into {prefix} …", file=sys.stderr)
        subprocess.run(["npm", "install", "--silent", "--prefix", str(prefix), "textlint", "textlint-rule-preset-ja-technical-writing"],
                       check=True, stdout=subprocess.DEVNULL)
    return binary


def run_textlint(binary: Path, prefix: Path, folder: Path) -> dict:
    rc = prefix / ".textlintrc.json"
    rc.write_text(json.dumps({"rules": {"preset-ja-technical-writing": True}}), "utf-8")
    wall, done = timed([str(binary), "--config", str(rc), "--format", "json", str(folder)], cwd=prefix)
    if done.returncode not in (0, 1):
        raise SystemExit(f"textlint failed ({done.returncode}): {done.stderr[-500:]}")
    counts: collections.Counter = collections.Counter()
    files = json.loads(done.stdout)
    for result in files:
        for message in result["messages"]:
            counts[message["ruleId"].split("/", 1)[-1]] += 1
    versions = {}
    for package in ("textlint", "textlint-rule-preset-ja-technical-writing"):
        meta = prefix / "node_modules" / package / "package.json"
        versions[package] = json.loads(meta.read_text())["version"] if meta.exists() else "?"
    return {"wall": wall, "files": len(files), "counts": dict(counts), "versions": versions}


def ccm_lint_files(repo: Path, folder: Path) -> dict | None:
    ccm = Path(sys.executable).parent / "ccm"
    cmd = [str(ccm)] if ccm.exists() else [sys.executable, "-m", "ccm_cli.cli"]
    help_text = subprocess.run([*cmd, "lint", "--help"], capture_output=True, text=True).stdout
    if "--locale" not in help_text:
        return None
    files = sorted(str(p) for p in folder.glob("*.md"))
    wall, done = timed([*cmd, "lint", "--locale", "ja-JP", "--format", "json", *files], cwd=repo)
    if done.returncode not in (0, 1):
        return {"wall": wall, "error": done.stderr.strip()[-200:]}
    report = json.loads(done.stdout)
    counts = collections.Counter(f["rule"].split("/", 1)[-1] for f in report["findings"] if f["rule"].startswith("ja/"))
    return {"wall": wall, "counts": dict(counts), "all": len(report["findings"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comms", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ccm-peers")
    parser.add_argument("--textlint", type=Path, help="folder with textlint installed (default: WORKDIR/textlint)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:  # the end-to-end ccm measurement: a fresh interpreter
        print(json.dumps(ccm_ja(args.worker)))
        return 0

    args.workdir.mkdir(parents=True, exist_ok=True)
    repo = generated_repo(args.workdir, args.comms)
    folder = args.workdir / f"ja-{args.comms}"
    files = export(repo, folder, "ja-JP")
    chars = sum(len(p.read_text("utf-8")) for p in files)
    prefix = args.textlint or args.workdir / "textlint"
    textlint = run_textlint(ensure_textlint(prefix), prefix, folder)
    inproc = ccm_ja(folder)
    e2e_wall, done = timed([sys.executable, __file__, "--worker", str(folder)], env={**os.environ})
    e2e = json.loads(done.stdout)
    loose = ccm_lint_files(repo, folder)

    print(f"Machine: {machine()} · textlint {textlint['versions']['textlint']}, "
          f"preset-ja-technical-writing {textlint['versions']['textlint-rule-preset-ja-technical-writing']}\n")
    print(f"Japanese copy of a {args.comms:,}-comm generated repository: {len(files):,} Markdown files "
          f"(comm × channel, first sample), {chars:,} characters.\n")
    print("| tool | wall | findings | textlint / this |")
    print("|---|---|---|---|")
    total = lambda c: sum(c.values())  # noqa: E731
    print(f"| textlint + preset-ja-technical-writing (CLI, node start-up included) | {textlint['wall']:.2f} s | {total(textlint['counts'])} | 1.0× |")
    print(f"| ccm `ja/*` rules, end to end (fresh interpreter) | {e2e_wall:.2f} s | {total(e2e['counts'])} | {textlint['wall'] / e2e_wall:.1f}× |")
    print(f"| ccm `ja/*` rules, in-process (tokeniser start included) | {inproc['wall']:.2f} s | {total(inproc['counts'])} | {textlint['wall'] / inproc['wall']:.1f}× |")
    if loose is None:
        print("| `ccm lint --locale ja-JP FILE.md…` | n/a (no loose-file lint in the CLI yet) | — | — |")
    elif "error" in loose:
        print(f"| `ccm lint --locale ja-JP FILE.md…` | error: {loose['error']} | — | — |")
    else:
        print(f"| `ccm lint --locale ja-JP FILE.md…` (all rules; ja/* counted) | {loose['wall']:.2f} s | {total(loose['counts'])} | {textlint['wall'] / loose['wall']:.1f}× |")
    print("\nFindings per rule (same texts, preset defaults on both sides):\n")
    print("| rule | textlint | ccm |")
    print("|---|---|---|")
    for rule in sorted(set(textlint["counts"]) | set(inproc["counts"])):
        print(f"| {rule} | {textlint['counts'].get(rule, 0)} | {inproc['counts'].get(rule, 0)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
