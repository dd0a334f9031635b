"""The hook specifications under their first module name (see :mod:`gixcheck.plugin.hookspecs`)."""

from __future__ import annotations

from gixcheck.plugin.hookspecs import *  # noqa: F403
from gixcheck.plugin.hookspecs import __all__ as __all__
