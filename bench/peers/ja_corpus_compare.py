"""ccm's ``ja/*`` rules vs textlint + preset-ja-technical-writing on the real Japanese corpus.

    python bench/peers/ja_corpus_compare.py [--textlint-json tests/corpus/ja/textlint.json] [-v]
    python bench/peers/ja_corpus_compare.py --time /tmp/textlint [--rounds 2]
    python bench/peers/ja_corpus_compare.py --corpus tests/corpus/ja-heldout [-v]   (the held-out corpus)

Reads the stored textlint output (``tests/corpus/ja/textlint.json``: textlint ``--format json``
on ``tests/corpus/ja/*.md`` with the preset's defaults; versions in ``textlint-versions.json``),
runs ccm's ja rules in-process on the same files (``JaDocument.from_markdown`` + each rule's
``check_text`` with its preset defaults, as bench/peers/textlint_vs_ccm.py does) and matches
findings by (file, rule, source line, column within 2). Prints a per-rule table:
agree / only textlint / only ccm. ``-v`` lists every disagreement with its sentence.

``--time DIR`` (DIR has textlint + the preset installed with npm, as bench/peers/textlint_vs_ccm.py
installs them) times both on the corpus in one run, alternately: textlint's CLI (node start-up
included) and ccm's ja rules in a fresh interpreter (start-up included), wall and CPU time
(user + sys of the child), and prints the ratios. On a shared machine compare the CPU figures.
ccm's modules load from a bytecode cache (in the temporary folder, filled by one untimed run),
as an installed ccm's do; ``--no-bytecode-cache`` compiles them in every run instead.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "ja"


def line_col(src: str, off: int) -> tuple[int, int]:
    line = src.count("\n", 0, off) + 1
    col = off - (src.rfind("\n", 0, off) + 1) + 1
    return line, col


def ccm_findings(folder: Path = CORPUS) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from ccm_cli.rules.style.ja import RULES
    from ccm_cli.text.ja import JaDocument

    out = []
    for path in sorted(folder.glob("*.md")):
        if path.name == "SOURCES.md":
            continue
        src = path.read_text("utf-8")
        doc = JaDocument.from_markdown(src)
        for rule in RULES:
            for p in rule.check_text(doc, dict(rule.DEFAULT)):
                off = doc.prose.source_offset(p.start)
                line, col = line_col(src, off)
                out.append({"file": path.name, "rule": rule.ID.split("/", 1)[1], "line": line, "column": col,
                            "message": p.message, "fix": p.fix})
    return out


def textlint_findings(path: Path) -> list[dict]:
    out = []
    for result in json.loads(path.read_text("utf-8")):
        name = Path(result["filePath"]).name
        for m in result["messages"]:
            out.append({"file": name, "rule": m["ruleId"].split("/", 1)[-1], "line": m["line"], "column": m["column"],
                        "message": m["message"]})
    return out


def match(tl: list[dict], cc: list[dict]):
    """Pair findings by file, rule and line (nearest column). Returns agree, only_tl, only_ccm."""
    agree, only_tl = [], []
    pool = collections.defaultdict(list)
    for f in cc:
        pool[(f["file"], f["rule"], f["line"])].append(f)
    for f in tl:
        cands = pool.get((f["file"], f["rule"], f["line"]))
        if cands:
            best = min(cands, key=lambda c: abs(c["column"] - f["column"]))
            cands.remove(best)
            agree.append((f, best))
        else:
            only_tl.append(f)
    only_ccm = [f for fs in pool.values() for f in fs]
    return agree, only_tl, only_ccm


def table(agree, only_tl, only_ccm) -> str:
    rules = sorted({f["rule"] for f, _ in agree} | {f["rule"] for f in only_tl} | {f["rule"] for f in only_ccm})
    a = collections.Counter(f["rule"] for f, _ in agree)
    t = collections.Counter(f["rule"] for f in only_tl)
    c = collections.Counter(f["rule"] for f in only_ccm)
    rows = ["| rule | agree | only textlint | only ccm |", "|---|---|---|---|"]
    for r in rules:
        rows.append(f"| {r} | {a[r]} | {t[r]} | {c[r]} |")
    rows.append(f"| **all** | **{sum(a.values())}** | **{sum(t.values())}** | **{sum(c.values())}** |")
    return "\n".join(rows)


def key(f: dict) -> str:
    return f"{f['rule']} {f['file']}:{f['line']}"


def expected(agree, only_tl, only_ccm, review: dict) -> list[dict]:
    """ccm's findings with their verdicts (tests/corpus/ja/expected-ccm.json)."""
    rows = []
    for _, f in agree:
        rows.append({**_row(f), "textlint": True, "verdict": "true"})
    for f in only_ccm:
        r = review.get(key(f), {})
        rows.append({**_row(f), "textlint": False, "verdict": r.get("verdict", "unreviewed"), "note": r.get("note", "")})
    return sorted(rows, key=lambda r: (r["file"], r["line"], r["column"], r["rule"]))


def _row(f: dict) -> dict:
    return {"file": f["file"], "rule": f["rule"], "line": f["line"], "column": f["column"],
            "message": f["message"].split("\n")[0]}


def _child_cpu(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    import os
    import subprocess
    import time

    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def time_both(textlint_dir: Path, rounds: int, corpus: Path = CORPUS, bytecode_cache: bool = True) -> None:
    import os
    import shutil
    import tempfile

    files = sorted(p for p in corpus.glob("*.md") if p.name != "SOURCES.md")
    work = Path(tempfile.mkdtemp(prefix="ja-corpus-"))
    for p in files:
        shutil.copy(p, work / p.name)
    rc = textlint_dir / ".textlintrc.json"
    rc.write_text(json.dumps({"rules": {"preset-ja-technical-writing": True}}), "utf-8")
    textlint = [str(textlint_dir / "node_modules" / ".bin" / "textlint"), "--config", str(rc), "--format", "json",
                *[p.name for p in files]]
    ccm = [sys.executable, "-c", (f"import sys; sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r}); "
           f"import ja_corpus_compare as c; from pathlib import Path; c.ccm_findings(Path({str(corpus)!r}))")]
    env = dict(os.environ)
    if bytecode_cache:
        # As installed (pip compiles the .pyc files) or run from a checkout (Python writes
        # __pycache__): ccm's modules load compiled. The cache goes to the temporary folder,
        # filled by one untimed run; PYTHONDONTWRITEBYTECODE (set on some CI machines and
        # sandboxes) would make every run compile ccm's source again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        _child_cpu(ccm, ROOT, env)
    rows = {"textlint": [], "ccm": []}
    for _ in range(rounds):
        rows["textlint"].append(_child_cpu(textlint, work))
        rows["ccm"].append(_child_cpu(ccm, ROOT, env))
    chars = sum(len(p.read_text("utf-8")) for p in files)
    cache = "ccm's bytecode cached" if bytecode_cache else "ccm compiled from source each run"
    print(f"\n{len(files)} files, {chars:,} characters, {rounds} alternate rounds (best of each; {cache}):\n")
    print("| tool | wall | CPU (user+sys) |")
    print("|---|---|---|")
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in rows.items()}
    for k, (w, c) in best.items():
        print(f"| {k} | {w:.2f} s | {c:.2f} s |")
    print(f"| textlint / ccm | {best['textlint'][0] / best['ccm'][0]:.1f}× | {best['textlint'][1] / best['ccm'][1]:.1f}× |")
    shutil.rmtree(work, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder (default tests/corpus/ja)")
    ap.add_argument("--textlint-json", type=Path, help="default: CORPUS/textlint.json")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--time", type=Path, metavar="TEXTLINT_DIR", help="time textlint and ccm on the corpus")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="with --time: compile ccm's modules from source in every run (PYTHONDONTWRITEBYTECODE)")
    ap.add_argument("--write-expected", action="store_true",
                    help="write tests/corpus/ja/expected-ccm.json (verdicts from tests/corpus/ja/review.json)")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    tl_json = args.textlint_json or corpus / "textlint.json"
    if args.time:
        time_both(args.time, args.rounds, corpus, bytecode_cache=not args.no_bytecode_cache)
        return 0
    agree, only_tl, only_ccm = match(textlint_findings(tl_json), ccm_findings(corpus))
    print(table(agree, only_tl, only_ccm))
    if args.write_expected:
        review = json.loads((corpus / "review.json").read_text("utf-8"))
        rows = expected(agree, only_tl, only_ccm, review)
        lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
        (corpus / "expected-ccm.json").write_text(f"[\n{lines}\n]\n", "utf-8")
        print(f"wrote {len(rows)} findings; unreviewed: {sum(r['verdict'] == 'unreviewed' for r in rows)}")
    if args.v:
        for label, fs in (("only textlint", only_tl), ("only ccm", only_ccm)):
            print(f"\n## {label}\n")
            for f in sorted(fs, key=lambda f: (f["rule"], f["file"], f["line"])):
                src = (corpus / f["file"]).read_text("utf-8").split("\n")[f["line"] - 1]
                print(f"- {f['rule']} {f['file']}:{f['line']}:{f['column']} {f['message'][:80]!r} fix={f.get('fix')!r}\n    {src[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
