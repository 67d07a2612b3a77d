"""The benchmark generator: deterministic, lintable, clean at defect rate 0 (no timing here)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

from conftest import ROOT, run_ccm

_spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
generate_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_mod)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def _lint(repo: Path) -> dict:
    done = run_ccm("lint", "--format", "json", cwd=repo)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_same_seed_same_repository(tmp_path):
    one = tmp_path / "one"
    two = tmp_path / "two"
    generate_mod.main([str(one), "--comms", "30", "--seed", "7", "--defect-rate", "0.2"])
    generate_mod.main([str(two), "--comms", "30", "--seed", "7", "--defect-rate", "0.2"])
    assert _files(one) == _files(two)
    head = [subprocess.run(["git", "-C", str(r), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout for r in (one, two)]
    assert head[0] == head[1]
    assert len(list((one / "comms").rglob("*.yaml"))) == 30
    assert len(list((one / "comms" / "_snippets").glob("gen-*.j2"))) == 40
    other = tmp_path / "other"
    generate_mod.main([str(other), "--comms", "30", "--seed", "8", "--defect-rate", "0.2"])
    assert _files(other) != _files(one)


def test_defects_are_found_where_they_were_put(tmp_path):
    repo = tmp_path / "repo"
    generate_mod.main([str(repo), "--comms", "30", "--seed", "3", "--defect-rate", "0.3"])
    manifest = json.loads((repo / ".bench" / "defects.json").read_text("utf-8"))
    assert manifest["defects"], "the seed should inject some defects"
    report = _lint(repo)
    assert report["summary"]["comms"] == 30
    assert report["findings"], "lint should report the injected defects"
    for finding in report["findings"]:
        assert finding["file"] and finding["line"], finding
    # copies of the same example comm are near-duplicates (warnings); errors only where a defect is
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors
    for finding in errors:
        assert finding["comm"] in manifest["defects"], f"error on a comm without an injected defect: {finding}"
    found = {f["comm"] for f in report["findings"]}
    assert len(found & set(manifest["defects"])) >= len(manifest["defects"]) // 2


def test_clean_at_defect_rate_zero(tmp_path):
    repo = tmp_path / "repo"
    generate_mod.main([str(repo), "--comms", "30", "--seed", "5", "--defect-rate", "0"])
    report = _lint(repo)
    assert report["summary"]["comms"] == 30
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors == []


def test_distinct_copy_shares_no_template_text_and_lints_like_the_default(tmp_path):
    """--distinct-copy: no two comms share a template text (the default shares most within a
    base), and the repository still lints without errors at defect rate 0."""
    from ccm_cli.project import load_project

    shared, distinct = tmp_path / "shared", tmp_path / "distinct"
    generate_mod.main([str(shared), "--comms", "40", "--seed", "5", "--defect-rate", "0"])
    generate_mod.main([str(distinct), "--comms", "40", "--seed", "5", "--defect-rate", "0", "--distinct-copy"])

    def texts(repo):
        owners: dict[str, set] = {}
        for comm in load_project(repo).comms:
            for tfield in comm.fields:
                if tfield.origin.file.endswith(".yaml"):  # inline texts, not shared template files
                    owners.setdefault(tfield.source, set()).add(comm.id)
        return owners

    assert any(len(ids) > 1 for ids in texts(shared).values())
    assert all(len(ids) == 1 for ids in texts(distinct).values())
    report = _lint(distinct)
    assert report["summary"]["comms"] == 40
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
