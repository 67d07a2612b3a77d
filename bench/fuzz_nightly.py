"""Nightly-style fuzzing: the CI fuzz tests with 30x the examples (about 200,000 inputs).

    python bench/fuzz_nightly.py [--scale 30]

Prints the number of inputs tried; any crash fails with hypothesis's minimal example.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

CI_EXAMPLES = 3000 + 3000 + 300 + 200  # the max_examples of tests/hardening/test_hardening_fuzz.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=30.0)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    start = time.time()
    env = {**os.environ, "CCM_FUZZ_SCALE": str(args.scale)}
    code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/hardening/test_hardening_fuzz.py"], cwd=root, env=env)
    print(f"fuzz inputs tried: {int(CI_EXAMPLES * args.scale):,} in {time.time() - start:.0f} s; exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
