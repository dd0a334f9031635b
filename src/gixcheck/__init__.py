"""gixcheck: deterministic checks for 政府信息公开工作年度报告.

The public Python API; the CLI is a thin layer over it::

    import gixcheck
    result = gixcheck.check("report.html", rules="national")
    report = gixcheck.extract("report.pdf")
"""

from __future__ import annotations

from gixcheck._version import __version__
from gixcheck.api import CheckResult, ReportResult, check, extract
from gixcheck.model import Finding, Location, Severity

__all__ = [
    "CheckResult",
    "Finding",
    "Location",
    "ReportResult",
    "Severity",
    "__version__",
    "check",
    "extract",
]
