"""Benchmark the `ccm` command on generated repositories; print one Markdown table.

    python bench/run.py --sizes 1000,10000 --jobs 2

For each size N it generates a repository (bench/generate.py, seed 1, 5% defects, one git
commit) and times real subprocess runs of `ccm` under ``/usr/bin/time -v`` (wall time, peak
RSS; without GNU time, the peak RSS comes from ``getrusage(RUSAGE_CHILDREN)``):

* cold full lint (cache folder removed), then warm re-lint (nothing changed);
* ``lint --base HEAD --changed-only`` after editing one comm (also as if it were the next
  day: ``--today`` tomorrow, the cache written today), and after editing one snippet used by
  ~5% of comms;
* ``ccm diff`` of a commit touching 20 comms on a branch, against the base;
* ``ccm preview --html DIR``;
* ``ccm --help`` start-up (best of 5).

Rows whose command or flags `ccm` does not have (checked with ``--help`` at run time) print
"n/a (flag missing)". Targets (issue #8) apply at N=10,000 on a 2-core machine; the result
column judges the largest N measured. Progress goes to standard error; the table to standard
output (and ``--json FILE`` keeps the raw numbers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

GIB = 1024**3
MEMORY_TARGET = 1.5 * GIB
CACHE_DIRS = (".ccm-cache", ".ccm/cache")
GNU_TIME = "/usr/bin/time"


@dataclass
class Row:
    key: str
    label: str
    target: float | None  # seconds, at N=10,000
    results: dict[int, dict] = field(default_factory=dict)


ROWS = [
    Row("cold", "cold full lint (`lint --format json`, cache removed)", 60.0),
    Row("warm", "warm re-lint (nothing changed)", 5.0),
    Row("changed_comm", "`lint --base HEAD --changed-only`, one comm edited", 2.0),
    Row("changed_next_day", "the same, the next day (`--today` tomorrow, cache from today)", 2.0),
    Row("changed_snippet", "`lint --base HEAD --changed-only`, one snippet (~5% of comms) edited", None),
    Row("diff", "`ccm diff` of a 20-comm change", None),
    Row("preview", "`ccm preview --html DIR`", None),
    Row("help", "`ccm --help` start-up (best of 5)", 0.3),
]


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def ccm_command() -> list[str]:
    """The real console script next to this interpreter (no pyenv shim), else `python -m`."""
    beside = Path(sys.executable).parent / "ccm"
    if beside.is_file():
        return [str(beside)]
    return [sys.executable, "-m", "ccm_cli.cli"]


def measure(argv: list[str], cwd: Path, timeout: float) -> dict:
    """Run once; wall seconds, peak RSS bytes, exit code, last stderr line."""
    env = {**os.environ, "NO_COLOR": "1"}
    use_time = os.path.exists(GNU_TIME)
    full = [GNU_TIME, "-v", *argv] if use_time else argv
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    try:
        done = subprocess.run(full, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"wall": None, "rss": None, "code": None, "note": f"timeout (>{timeout:.0f} s)"}
    wall = time.perf_counter() - start
    rss = None
    stderr = done.stderr
    if use_time:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
        rss = int(match.group(1)) * 1024 if match else None
        stderr = stderr.split("\tCommand being timed:")[0]
        code = re.search(r"Exit status: (\d+)", done.stderr)
        exit_code = int(code.group(1)) if code else done.returncode
    else:
        exit_code = done.returncode
    if rss is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rss = after * 1024 if after > before else None  # a high-water mark over all children
    note = ""
    if exit_code not in (0, 1):
        last = [ln for ln in stderr.strip().splitlines() if ln.strip()]
        note = f"error (exit {exit_code}: {last[-1][:80] if last else ''})"
    return {"wall": wall, "rss": rss, "code": exit_code, "note": note}


def help_text(ccm: list[str], *args: str) -> str:
    done = subprocess.run([*ccm, *args, "--help"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})
    return done.stdout if done.returncode == 0 else ""


@dataclass
class Capabilities:
    lint_flags: set[str]
    commands: set[str]
    diff_flags: set[str]
    preview_flags: set[str]

    @classmethod
    def probe(cls, ccm: list[str]) -> "Capabilities":
        flags = lambda text: set(re.findall(r"(--[a-z][a-z0-9-]*)", text))  # noqa: E731
        top = help_text(ccm)
        section = top.split("Commands:", 1)[1] if "Commands:" in top else ""
        commands = set(re.findall(r"^\s{2}([a-z][a-z-]+)(?:\s|$)", section, re.M))
        return cls(
            lint_flags=flags(help_text(ccm, "lint")),
            commands=commands,
            diff_flags=flags(help_text(ccm, "diff")) if "diff" in commands else set(),
            preview_flags=flags(help_text(ccm, "preview")) if "preview" in commands else set(),
        )


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=generate.git_env(), check=True)
    return done.stdout


def clear_cache(repo: Path) -> None:
    for name in CACHE_DIRS:
        shutil.rmtree(repo / name, ignore_errors=True)


def edit_file(path: Path, old_pattern: str, new: str) -> None:
    text = path.read_text("utf-8")
    changed, count = re.subn(old_pattern, new, text, count=1)
    if not count:
        raise RuntimeError(f"cannot edit {path}: {old_pattern!r} not found")
    path.write_text(changed, "utf-8")


def bench_size(n: int, args, ccm: list[str], caps: Capabilities) -> dict[str, dict]:
    repo = args.workdir / f"repo-{n}"
    log(f"N={n}: generating {repo}")
    t0 = time.perf_counter()
    manifest = generate.generate(repo, n, seed=args.seed, defect_rate=args.defect_rate, distinct=args.distinct_copy)
    log(f"N={n}: generated in {time.perf_counter() - t0:.1f}s")
    lint = [*ccm, "lint", "--format", "json"]
    if "--jobs" in caps.lint_flags and args.jobs:
        lint += ["--jobs", str(args.jobs)]
    out: dict[str, dict] = {}

    def run(key: str, argv: list[str]) -> None:
        log(f"N={n}: {key}: {' '.join(argv[len(ccm):])}")
        out[key] = measure(argv, repo, args.timeout)
        r = out[key]
        log(f"N={n}: {key}: {r['wall'] and round(r['wall'], 2)} s, {r['rss'] and round(r['rss'] / 2**20)} MiB {r['note']}")

    clear_cache(repo)
    run("cold", lint)
    run("warm", lint)
    if not out.get("warm", {}).get("note") and "--no-cache" not in caps.lint_flags:
        out.setdefault("warm", {})["note"] = "(no cache yet)"

    changed = {"--base", "--changed-only"} - caps.lint_flags
    comm_file = repo / manifest["files"][sorted(manifest["files"])[len(manifest["files"]) // 2]]
    snippet = max(manifest["snippets"], key=lambda s: (len(manifest["snippets"][s]), s))
    snippet_file = repo / "comms" / "_snippets" / f"{snippet}.en.j2"
    if changed:
        missing = "n/a (flag missing: " + ", ".join(sorted(changed)) + ")"
        out["changed_comm"] = {"note": missing}
        out["changed_next_day"] = {"note": missing}
        out["changed_snippet"] = {"note": missing}
    else:
        edit_file(comm_file, r'(?m)^name: "(.*)"$', r'name: "\1 (edited)"')
        run("changed_comm", [*lint, "--base", "HEAD", "--changed-only"])
        if "--today" in caps.lint_flags:  # a writer's first run of the day: is yesterday's cache still good?
            edit_file(comm_file, r'(?m)^name: "(.*) \(edited\)"$', r'name: "\1 (edited again)"')  # not cached yet
            tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
            run("changed_next_day", [*lint, "--base", "HEAD", "--changed-only", "--today", tomorrow])
        else:
            out["changed_next_day"] = {"note": "n/a (flag missing: --today)"}
        git(repo, "checkout", "--", ".")
        snippet_file.write_text(snippet_file.read_text("utf-8").rstrip("\n") + "\n\nWe are here to help.\n", "utf-8")
        run("changed_snippet", [*lint, "--base", "HEAD", "--changed-only"])
        out["changed_snippet"]["note"] = (out["changed_snippet"]["note"] + f" {snippet}: {len(manifest['snippets'][snippet])} comms").strip()
        git(repo, "checkout", "--", ".")

    if "diff" not in caps.commands:
        out["diff"] = {"note": "n/a (command missing)"}
    else:
        git(repo, "checkout", "-q", "-B", "bench-change")
        touched = 0
        for comm_id in sorted(manifest["files"]):
            path = repo / manifest["files"][comm_id]
            if touched == 20:
                break
            if re.search(r'(?m)^      subject: "', path.read_text("utf-8")):
                edit_file(path, r'(?m)^      subject: "', '      subject: "Update: ')
                touched += 1
        git(repo, "-c", "commit.gpgsign=false", "commit", "-q", "-am", "Change 20 comms")
        git(repo, "checkout", "-q", "main")
        diff = [*ccm, "diff", "main", "bench-change"]
        if "--format" in caps.diff_flags:
            diff += ["--format", "json"]
        run("diff", diff)

    if "--html" not in caps.preview_flags:
        out["preview"] = {"note": "n/a (flag missing: --html)" if "preview" in caps.commands else "n/a (command missing)"}
    else:
        site = args.workdir / f"site-{n}"
        shutil.rmtree(site, ignore_errors=True)
        run("preview", [*ccm, "preview", "--html", str(site)])

    best = None
    for _ in range(5):
        r = measure([*ccm, "--help"], repo, 60)
        if best is None or (r["wall"] is not None and r["wall"] < best["wall"]):
            best = r
    out["help"] = best
    log(f"N={n}: help: {best['wall']:.3f} s")
    return out


def fmt_time(r: dict | None) -> str:
    if not r:
        return "—"
    if r.get("wall") is None:
        return r.get("note") or "—"
    text = f"{r['wall']:.2f} s"
    return f"{text} {r['note']}" if r.get("note") else text


def fmt_mem(r: dict | None) -> str:
    if not r or r.get("rss") is None:
        return "—"
    return f"{r['rss'] / 2**20:,.0f} MiB"


def verdict(row: Row, r: dict | None) -> str:
    if not r or r.get("wall") is None or (r.get("note") or "").startswith("error"):
        return "—"
    problems = []
    if row.target is not None and r["wall"] > row.target:
        problems.append("time")
    if r.get("rss") is not None and r["rss"] > MEMORY_TARGET:
        problems.append("memory")
    return "PASS" if not problems else "FAIL (" + ", ".join(problems) + ")"


def table(rows: list[Row], sizes: list[int]) -> str:
    head = ["measurement"]
    for n in sizes:
        head += [f"N={n:,} wall", f"N={n:,} peak RSS"]
    if len(sizes) > 1:
        head.append(f"{sizes[-1]:,}/{sizes[0]:,} ratio")
    head += ["target (N=10,000)", f"result at N={sizes[-1]:,}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row.label]
        for n in sizes:
            r = row.results.get(n)
            cells += [fmt_time(r), fmt_mem(r)]
        if len(sizes) > 1:
            a, b = row.results.get(sizes[0]) or {}, row.results.get(sizes[-1]) or {}
            cells.append(f"{b['wall'] / a['wall']:.1f}×" if a.get("wall") and b.get("wall") else "—")
        target = f"≤ {row.target:g} s" if row.target is not None else "—"
        cells += [target + ", ≤ 1.5 GiB", verdict(row, row.results.get(sizes[-1]))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


REFERENCE = 0.0  # cpu_reference(), measured once per run


def cpu_reference() -> float:
    """Seconds a fixed pure-Python loop takes here (best of 3): the machine's speed, so that
    tables from different days and machines can be compared (0.52 s on the 2026-12-02 VM, on
    which the same ccm commit measured 1.7-1.9x its figures of the sessions before)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


def byte_compile_ccm() -> None:
    """Write ccm's .pyc files, as installing a wheel does: an editable install under
    PYTHONDONTWRITEBYTECODE=1 never has them, and every run would compile 150 modules first."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("ccm_cli")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{dt.date.today().isoformat()} · {os.cpu_count()} CPUs (nproc) · {cpu} · CPU reference {REFERENCE:.2f} s "
            f"(10M-iteration Python loop) · Python {platform.python_version()} · "
            f"ccm at {commit or '?'}{' (+ working tree)' if dirty else ''} · load average at the end {load} (1/5/15 min)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated comm counts")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs for ccm lint (when it has the flag)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-rate", type=float, default=0.05)
    parser.add_argument("--distinct-copy", action="store_true", help="generate with no template text shared between comms")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "ccm-bench")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per command")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip())
    args.workdir.mkdir(parents=True, exist_ok=True)
    global REFERENCE
    REFERENCE = cpu_reference()
    byte_compile_ccm()
    ccm = ccm_command()
    caps = Capabilities.probe(ccm)
    log(f"ccm = {' '.join(ccm)}; lint flags: {' '.join(sorted(caps.lint_flags))}; commands: {' '.join(sorted(caps.commands))}")
    if not os.path.exists(GNU_TIME):
        log("/usr/bin/time missing (apt-get install time): peak RSS falls back to getrusage(RUSAGE_CHILDREN)")
    rows = [Row(r.key, r.label, r.target) for r in ROWS]
    for n in sizes:
        results = bench_size(n, args, ccm, caps)
        for row in rows:
            row.results[n] = results.get(row.key)
        if args.json:
            args.json.write_text(json.dumps({"machine": machine(), "jobs": args.jobs, "sizes": sizes,
                                             "rows": {r.key: {str(k): v for k, v in r.results.items()} for r in rows}}, indent=1), "utf-8")
    copy = " · distinct copy (no template text shared)" if args.distinct_copy else ""
    print(f"Machine: {machine()} · `--jobs {args.jobs}` where lint has it · seed {args.seed}, defect rate {args.defect_rate}{copy}\n")
    print(table(rows, sizes))
    print("\nPeak RSS is the largest single process (GNU time / wait4), not the sum over worker processes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
