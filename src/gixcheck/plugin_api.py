"""The plugin API under its first name: the same names as :mod:`gixcheck.plugin`.

Kept so that packs written against API 1.0 (``from gixcheck.plugin_api import …``) keep working;
new code may import either.
"""

from __future__ import annotations

from gixcheck.plugin import *  # noqa: F403
from gixcheck.plugin import __all__ as __all__
