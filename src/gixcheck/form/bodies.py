"""Issuing bodies by the law's categories: kind, level and (for a department) whose it is.

One classifier for the whole program (the extractor's metadata, the claims reader's "this body"
scope, the rules' applicability); its vocabulary is data (``bodies.toml``).  A name is read
from its end, because the final unit is what the body is: 平潭综合实验区社会事业局 is a 局 (a
department) of 平潭综合实验区 (a zone, ``other``), 上海市浦东新区人民政府 a people's government.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from gixcheck.form._data import load
from gixcheck.form.labels import fold

Kind = Literal["government", "department", "other", "unknown"]
Level = Literal["province", "city", "county", "township", "unknown"]


@dataclass(frozen=True)
class BodyClass:
    """``kind`` and ``level`` of a body; ``parent_kind`` for a department: the kind of the body
    it belongs to (``government``, or ``other`` for the departments of a 管委会/新区/开发区/实验区;
    ``None`` when the name does not say); ``office``: a government's general office
    (办公厅/办公室), which often acts for the government itself."""

    kind: Kind
    level: Level
    parent_kind: Literal["government", "other"] | None = None
    office: bool = False


def _data() -> dict[str, Any]:
    return load("bodies")


def _ends(name: str, words: list[str]) -> str | None:
    """The longest of ``words`` that ``name`` ends with."""
    best = None
    for w in words:
        if name.endswith(w) and (best is None or len(w) > len(best)):
            best = w
    return best


def _is_division(name: str) -> bool:
    """A bare administrative division: 上海市, 浦东新区, 沛县."""
    d = _data()
    if name in d["division_zones"] or any(name.endswith(z) for z in d["division_zones"]):
        return True
    unit = _ends(name, d["divisions"])
    if unit is None:
        return False
    place = name[: -len(unit)]
    need = 2 if unit in d["short_name_units"] else 1
    return len(place) >= need


def _is_zone(name: str) -> bool:
    """A zone, or a zone's management committee, as the final unit of ``name``."""
    d = _data()
    if any(name.endswith(z) for z in d["division_zones"]):
        return False
    if _ends(name, d["zones"]):
        return True
    committee = _ends(name, d["zone_committees"])
    if committee is None:
        return False
    before = name[: -len(committee)]
    return bool(before) and (
        _ends(before, d["zones"]) is not None or committee in d["zone_committees_alone"]
    )


def _level(head: str) -> Level:
    """The level told by the last administrative unit named in ``head``."""
    d = _data()
    for z in d["division_zones"]:
        head = head.replace(z, z[:-2] + z[-1])  # 浦东新区 is a 区
    for z in sorted(d["zones"], key=len, reverse=True):
        head = head.replace(z, "\x00" * len(z))  # a zone's 区 is no district
    best_at, level = -1, "unknown"
    for lvl, units in d["levels"]:
        for u in units:
            i = head.rfind(u)
            if i >= 0 and i + len(u) - 1 > best_at:
                best_at, level = i + len(u) - 1, lvl
    if level == "city" and head[: best_at + 1] in d["province_level_cities"]:
        level = "province"
    return level  # type: ignore[return-value]


def _own(name: str) -> tuple[Kind, Level] | None:
    """Kind and level when ``name`` is a government, a zone or a township body itself."""
    d = _data()
    if not name:
        return None
    for w in d["government"]:
        if name.endswith(w) and len(name) > len(w):
            head = name[: -len(w)]
            return "government", _level(head)
    if _ends(name, d["township_other"]):
        return "other", "township"
    if _ends(name, d["other_units"]):
        return "other", _level(name)
    if _is_zone(name):
        return "other", _level(name)
    if _is_division(name):
        return "government", _level(name)
    return None


@lru_cache(maxsize=1024)
def classify_body(name: str) -> BodyClass:
    """The kind, level and parent of the body ``name`` (as written in a title or 来源 line).

    >>> classify_body("上海市浦东新区人民政府").kind
    'government'
    >>> c = classify_body("平潭综合实验区社会事业局"); (c.kind, c.parent_kind)
    ('department', 'other')
    """
    d = _data()
    n = fold(name).strip()
    own = _own(n)
    if own is not None:
        return BodyClass(own[0], own[1])
    dept = _ends(n, d["departments"])
    if dept is None:
        return BodyClass("unknown", "unknown")
    # Whose department: the longest front part of the name that is a body of its own.
    parent_kind: Literal["government", "other"] | None = None
    level: Level = "unknown"
    office = False
    for i in range(len(n) - len(dept), 0, -1):
        found = _own(n[:i])
        if found is not None:
            parent_kind = "government" if found[0] == "government" else "other"
            level = found[1]
            office = parent_kind == "government" and n[i:] in d["offices"]
            break
    return BodyClass("department", level, parent_kind, office)


@cache
def _alias_units() -> str:
    return "".join(_data()["divisions"])


@lru_cache(maxsize=256)
def body_aliases(name: str) -> tuple[str, ...]:
    """Names a body goes by in its own report's text, longest first: the full name, the name
    without its leading divisions (淮安市洪泽区人民政府 → 洪泽区人民政府), 区人民政府, and each with
    人民政府 shortened to 政府 (区政府)."""
    d = _data()
    b = fold(name).strip()
    names = {b}
    units = set(_alias_units())
    for i in range(1, len(b)):
        if b[i - 1] in units and len(b) - i >= 2:
            names.add(b[i:])
    full, short = d["government"][0], d["government"][1]
    at = b.find(full)
    if at > 0 and b[at - 1] in units:
        names.add(b[at - 1 :])
    for n in list(names):
        if full in n:
            names.add(n.replace(full, short))
    return tuple(sorted((n for n in names if len(n) >= 3), key=lambda s: (-len(s), s)))
