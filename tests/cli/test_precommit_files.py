"""The pre-commit hook's default ``files:``/``exclude:`` pass report files and leave a
repository's other .json/.txt files alone (issue 12 §7): a baseline, dependency lists and
configuration must never be checked as reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")  # comes with pre-commit (the test extra)

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def hook_sees(name: str) -> bool:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    # pre-commit matches both with re.search against the path from the repository root
    files, exclude = hook.get("files", ""), hook.get("exclude", "^$")
    return bool(re.search(files, name)) and not re.search(exclude, name)


@pytest.mark.parametrize(
    "name",
    [
        "reports/panji_2021.txt",
        "2021年政府信息公开工作年度报告.pdf",
        "reports/2022/report.docx",
        "crawl/index.html",
        "crawl/page.shtml",
        "extracted/panji_2021.json",
    ],
)
def test_report_files_are_checked(name: str) -> None:
    assert hook_sees(name)


@pytest.mark.parametrize(
    "name",
    [
        "baseline.json",
        "gixcheck-baseline.json",
        "reports/baseline.json",
        "requirements.txt",
        "requirements-dev.txt",
        "docs/requirements.txt",
        "constraints.txt",
        "package.json",
        "package-lock.json",
        "web/tsconfig.json",
        "pyproject.toml",
        "gixcheck.toml",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.json",
        ".vscode/settings.json",
        "node_modules/x/package.json",
        "LICENSE.txt",
        "README.txt",
        "robots.txt",
    ],
)
def test_other_files_are_left_alone(name: str) -> None:
    assert not hook_sees(name)
