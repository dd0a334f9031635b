"""The versions of gixcheck's two public surfaces for extensions, and the check of a pack's need.

Two things are versioned, separately from gixcheck's own version:

- the **plugin API** (:data:`API_VERSION`, ``MAJOR.MINOR``): the names of :mod:`gixcheck.plugin`
  and what they do.  A new name or a new optional argument raises the minor version; removing
  or changing a name incompatibly raises the major version.  A pack declares the range it was
  written for (``Pack(api=">=1.1,<2")``) and the host refuses to load a pack whose range the
  running API is outside, naming the pack and both versions.
- the **rule-set format** (:data:`RULESET_FORMAT`): the keys a rule-set TOML file may use and
  what they mean.  A file may say ``format = N`` in ``[ruleset]`` (no key means 1); a file of a
  newer format than this gixcheck reads is refused with one line naming the file.
"""

from __future__ import annotations

from typing import NamedTuple

from gixcheck import rulesets
from gixcheck.messages import Text, text

__all__ = ["API_VERSION", "RULESET_FORMAT", "Version", "api_mismatch"]


class Version(NamedTuple):
    """``MAJOR.MINOR``; compares as a tuple (``API_VERSION >= (1, 1)``)."""

    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


API_VERSION = Version(1, 1)
RULESET_FORMAT = rulesets.RULESET_FORMAT


def api_mismatch(spec: str) -> Text | None:
    """Why the running plugin API does not satisfy ``spec`` (``">=1.1,<2"``), or ``None``.

    ``spec`` is a PEP 440 version specifier set (what ``pip`` reads in ``requires-python``);
    a spec that does not parse is itself the reason.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        return text("plugins.api_unparsable", spec=spec)
    if not str(wanted):
        return text("plugins.api_empty")
    if wanted.contains(str(API_VERSION), prereleases=True):
        return None
    return text("plugins.api_mismatch", wanted=spec.strip(), have=str(API_VERSION))
