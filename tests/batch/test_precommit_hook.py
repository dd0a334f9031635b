"""The pre-commit hook, run by the real ``pre-commit`` tool against a copy of this repository.

``pre-commit try-repo`` installs gixcheck from the copy into its own environment (pip fetches
the build backend and dependencies from the package index, or the local wheel folders pip is
configured with), so the first run takes a while; the tests are marked ``slow`` (deselect with
``-m "not slow"``) and skip, saying why, when pip cannot reach an index.
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


# What pip says when no index can be reached (offline): the hook cannot be installed at all.
OFFLINE = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
)


def try_repo(project: Path, hooks: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("CI", None)
    proc = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hooks), "gixcheck", "--all-files", "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    log = home / "pre-commit.log"
    why = proc.stdout + proc.stderr + (log.read_text(errors="replace") if log.exists() else "")
    if proc.returncode == 3 and any(s in why for s in OFFLINE):
        pytest.skip("pre-commit could not install the hook: no package index reachable")
    return proc


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot_of_this_repo(tmp_path_factory.mktemp("gixcheck"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def test_hook_fails_on_a_bad_report_and_passes_once_fixed(
    tmp_path: Path, hooks: Path, home: Path
) -> None:
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

    failed = try_repo(project, hooks, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "ARI002" in failed.stdout and "Failed" in failed.stdout
    assert "notes.py" not in failed.stdout

    shutil.copyfile(SEED, report)
    git(project, "add", "-A")
    passed = try_repo(project, hooks, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_readme_baseline_flow_in_a_fresh_repository(
    tmp_path: Path, hooks: Path, home: Path
) -> None:
    """README "pre-commit": accept today's findings with a baseline, commit, and only a new
    problem fails; the baseline, dependency lists and configuration are never read as reports."""
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    git(project, "init", "-q")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[105] = "\t2"  # an old problem: table 三 does not add up (ARI002)
    report = project / "reports" / "panji_2021.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    (project / "requirements.txt").write_text("gixcheck\n", encoding="utf-8")
    (project / "package.json").write_text('{"name": "site"}\n', encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "reports"\n\n[tool.gixcheck]\nbaseline = "baseline.json"\n',
        encoding="utf-8",
    )
    made = subprocess.run(
        [sys.executable, "-m", "gixcheck", "baseline", "create", "baseline.json", "reports/"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    git(project, "add", "-A")

    accepted = try_repo(project, hooks, home)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    for name in ("requirements.txt", "package.json", "baseline.json", "pyproject.toml"):
        assert name not in accepted.stdout  # not passed to gixcheck, so never GIX001
    assert "GIX001" not in accepted.stdout

    lines[87] = "\t5"  # a new problem in the same report: 一、本年新收 no longer adds up
    report.write_text("\n".join(lines), encoding="utf-8")
    git(project, "add", "-A")
    failed = try_repo(project, hooks, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "ARI001" in failed.stdout and "Failed" in failed.stdout
