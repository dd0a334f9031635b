"""The pre-commit hook, run by the real ``pre-commit`` tool against a copy of this repository.

``pre-commit try-repo`` installs gixcheck from the copy into its own environment (pip may fetch
the build backend and dependencies from the package index), so the first run takes a while; the
test is marked ``slow`` (deselect with ``-m "not slow"``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "text" / "seed_panji_2021.txt"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
GIT = shutil.which("git")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed in the venv"),
    pytest.mark.skipif(GIT is None, reason="git is not installed"),
]


def git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    proc = subprocess.run(
        [GIT, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout


def snapshot_of_this_repo(dest: Path) -> Path:
    """The working tree as it is now (tracked and new files, not ignored ones), committed."""
    files = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest


def try_repo(project: Path, hooks: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("CI", None)
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hooks), "gixcheck", "--all-files", "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_fails_on_a_bad_report_and_passes_once_fixed(tmp_path: Path) -> None:
    hooks = snapshot_of_this_repo(tmp_path / "gixcheck")
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[105] == "\t1"
    lines[105] = "\t2"  # （一）予以公开 / 商业企业: table 三 no longer adds up
    report = project / "reports" / "panji_2021.txt"
    report.parent.mkdir()
    report.write_text("\n".join(lines), encoding="utf-8")
    (project / "notes.py").write_text("x = 1\n", encoding="utf-8")  # not a report: not passed
    git(project, "add", "-A")

    failed = try_repo(project, hooks, tmp_path / "home")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "ARI002" in failed.stdout and "Failed" in failed.stdout
    assert "notes.py" not in failed.stdout

    shutil.copyfile(SEED, report)
    git(project, "add", "-A")
    passed = try_repo(project, hooks, tmp_path / "home")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
