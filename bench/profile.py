"""Profile an in-process lint of a generated repository; print the top entries by cumulative time.

    python bench/profile.py --comms 1000 [--top 30] [--sort cumulative|tottime] [--out lint.prof]

Generates the repository (bench/generate.py, seed 1, 5% defects, no git) unless ``--repo``
names an existing one, then runs ``load_project`` + ``lint`` under cProfile. Open ``--out`` with
``python -m pstats`` or snakeviz for more.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# this file is named like the stdlib's `profile`, which cProfile imports: drop bench/ from the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comms", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repo", type=Path, help="profile this repository instead of generating one")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    parser.add_argument("--out", type=Path, help="write the raw profile here")
    args = parser.parse_args(argv)

    repo = args.repo
    if repo is None:
        spec = importlib.util.spec_from_file_location("bench_generate", HERE / "generate.py")
        generate = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(generate)
        repo = Path(os.environ.get("TMPDIR", "/tmp")) / f"ccm-profile-{args.comms}"
        generate.generate(repo, args.comms, seed=args.seed, git=False)

    from ccm_cli.linter import lint
    from ccm_cli.project import load_project

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    project = load_project(repo)
    result = lint(project)
    profiler.disable()
    wall = time.perf_counter() - start
    print(f"{repo}: {result.comms} comms, {result.variants} variants, {len(result.findings)} findings, {wall:.1f}s under cProfile\n")
    if args.out:
        profiler.dump_stats(str(args.out))
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(stream.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
