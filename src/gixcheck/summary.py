"""A run's totals as the reports stream past: counts, grades, exit code, the summary line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gixcheck.messages import text

LEVELS = ("error", "warning", "info")


@dataclass
class Summary:
    reports: int = 0
    unreadable: int = 0
    baselined: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    grades: dict[str, int] = field(default_factory=dict)
    folder_links: int = 0  # symbolic links to folders the scan did not follow

    def add(self, r: Any) -> None:
        self.reports += 1
        if not r.readable:
            self.unreadable += 1
        for k, v in r.counts().items():
            self.counts[k] += v
        if r.grade is not None:  # an unreadable input has no grade
            self.grades[r.grade] = self.grades.get(r.grade, 0) + 1
        self.baselined += sum(f.baselined for f in r.findings)

    def exit_code(self, fail_on: str = "error") -> int:
        """1 when a finding (not baselined) is at or above ``fail_on``."""
        if fail_on == "never":
            return 0
        wanted = LEVELS[: LEVELS.index(fail_on) + 1]
        return 1 if any(self.counts[s] for s in wanted) else 0

    def line(self, lang: str = "zh") -> str:
        # the counts in the words every output format uses
        from gixcheck.output.common import counted, counts_text

        grades = " ".join(f"{g}:{n}" for g, n in sorted(self.grades.items()))
        return text(
            "session.summary",
            reports=counted("report", self.reports, lang),
            unreadable=text("session.unreadable", n=self.unreadable)(lang)
            if self.unreadable
            else "",
            counts=counts_text(self.counts, lang),
            baselined=text("session.baselined", n=self.baselined)(lang) if self.baselined else "",
            grades=text("session.grades", grades=grades)(lang) if grades else "",
            links=text("session.links", n=self.folder_links)(lang) if self.folder_links else "",
        )(lang)
