"""Shared by the peer comparisons: export a generated repository's rendered copy as Markdown.

One file per comm × channel for one locale (first sample): the subject-like fields (subject,
preheader, title, headline, cta) as ``#`` headings, the body as written. The text is what
``ccm_cli.linter.lint(project, keep_variants=True).rendered`` holds, clauses included.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

HEADINGS = ("subject", "preheader", "title", "headline", "cta")


def generated_repo(workdir: Path, comms: int, seed: int = 1) -> Path:
    import generate

    repo = workdir / f"repo-{comms}"
    if not (repo / ".bench" / "defects.json").is_file():
        generate.generate(repo, comms, seed=seed, defect_rate=0.05, git=False)
    return repo


def export(repo: Path, out: Path, locale: str) -> list[Path]:
    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result = lint(load_project(repo), keep_variants=True)
    files = []
    for comm_id in sorted(result.rendered):
        seen = set()
        for variant in result.rendered[comm_id]:
            if variant.locale != locale or variant.channel in seen or not variant.fields:
                continue
            seen.add(variant.channel)
            parts = []
            for name, rendered in variant.fields.items():
                text = rendered.text.strip()
                if text:
                    parts.append(f"# {text}" if name in HEADINGS and "\n" not in text else text)
            path = out / f"{comm_id}.{variant.channel}.md"
            path.write_text("\n\n".join(parts) + "\n", "utf-8")
            files.append(path)
    return files


def timed(argv: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done


def machine() -> str:
    import os
    import platform

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")), "?")
    return f"{os.cpu_count()} CPUs (nproc) · {cpu} · Python {platform.python_version()}"
