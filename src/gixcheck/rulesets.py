"""Rule sets as data: TOML files with a name, a version, ``extends`` and rules keyed by code.

A rule set that extends another merges over it rule by rule and field by field, so a local set
can switch a rule off (``enabled = false``), change its severity or parameters, or add rules of
the generic kinds — all without Python.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gixcheck._toml import TOMLDecodeError
from gixcheck._toml import loads as toml_loads
from gixcheck.kinds.params import ParamError, parse
from gixcheck.model import Severity

RULE_FIELDS = {
    "name",
    "category",
    "severity",
    "kind",
    "basis",
    "summary",
    "message",
    "fix",
    "why",
    "example",
    "params",
    "applies_to",
    "enabled",
    "status",
    "weight",
}
REQUIRED = ("name", "category", "severity", "kind", "summary", "message")
TOP_FIELDS = {"ruleset", "grade", "rules"}
RULESET_FIELDS = {"name", "version", "extends", "description", "requires", "format"}
# The rule-set format this gixcheck reads (``format = N`` in ``[ruleset]``; none means 1).  It
# is raised when a key changes meaning; gixcheck.plugin.RULESET_FORMAT is the same number.
RULESET_FORMAT = 1


class RuleSetError(Exception):
    """A rule set cannot be loaded: the message names the file and the problem."""


BODY_KINDS = ("government", "department", "other", "unknown")
LEVELS = ("province", "city", "county", "township", "unknown")
LAYOUTS = ("2021", "2019", "mixed", "pre-2019", "unknown")


@dataclass(frozen=True)
class AppliesTo:
    """Which reports a rule is about; the engine checks it before the rule's kind runs.

    Each field left out means "any".  A report outside the scope gets the rule listed as *not
    applicable* with the reason; a report whose year, body kind or level cannot be told while
    the scope depends on it gets it *not assessable*.
    """

    year_from: int | None = None
    year_to: int | None = None
    body_kinds: tuple[str, ...] | None = None
    levels: tuple[str, ...] | None = None
    layouts: tuple[str, ...] | None = None

    def to_raw(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None:
                out[f.name] = list(v) if isinstance(v, tuple) else v
        return out


_CHOICES = {"body_kinds": BODY_KINDS, "levels": LEVELS, "layouts": LAYOUTS}


def parse_applies_to(raw: Any, where: str) -> AppliesTo:
    if raw is None:
        return AppliesTo()
    if not isinstance(raw, dict):
        raise RuleSetError(f"{where}: applies_to must be a table")
    known = [f.name for f in fields(AppliesTo)]
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise RuleSetError(
            f"{where}: applies_to.{unknown[0]}: unknown key (known: {', '.join(known)})"
        )
    values: dict[str, Any] = {}
    for key in ("year_from", "year_to"):
        v = raw.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
            raise RuleSetError(f"{where}: applies_to.{key} must be a year, not {v!r}")
        values[key] = v
    for key, allowed in _CHOICES.items():
        v = raw.get(key)
        if v is None:
            continue
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise RuleSetError(f"{where}: applies_to.{key} must be a list of names")
        bad = [x for x in v if x not in allowed]
        if bad:
            raise RuleSetError(
                f"{where}: applies_to.{key}: unknown {bad[0]!r} (known: {', '.join(allowed)})"
            )
        values[key] = tuple(v)
    return AppliesTo(**values)


@dataclass
class Rule:
    code: str
    name: str
    category: str
    severity: Severity
    kind: str
    summary: dict[str, str]
    message: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)
    # the kind's parameters as its ``Params`` declares them, parsed and checked at load (the
    # raw ``params`` for a kind that declares none)
    args: Any = None
    applies_to: AppliesTo = field(default_factory=AppliesTo)
    basis: list[str] = field(default_factory=list)
    fix: dict[str, str] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)
    enabled: bool = True
    status: str = "active"  # active | retired
    weight: float | None = None
    origin: str = ""

    def text(self, part: str, lang: str) -> str:
        d: dict[str, str] = getattr(self, part)
        return d.get(lang) or d.get("zh") or d.get("en") or ""


@dataclass
class Grade:
    weights: dict[str, float]
    bands: list[tuple[str, float]]

    def score(self, counts: dict[str, int], extra: float = 0) -> int:
        """100 minus each finding's weight by severity, minus ``extra`` (per-rule weights)."""
        raw = 100 - sum(self.weights.get(sev, 0) * n for sev, n in counts.items()) - extra
        return int(max(0, min(100, round(raw))))

    def grade(self, score: float) -> str:
        for name, floor in self.bands:
            if score >= floor:
                return name
        return self.bands[-1][0]


DEFAULT_GRADE = Grade(
    weights={"error": 15, "warning": 5, "info": 0},
    bands=[("A", 90), ("B", 75), ("C", 60), ("D", 40), ("E", 0)],
)


@dataclass
class RuleSet:
    name: str
    version: str
    description: str
    rules: dict[str, Rule]
    grade: Grade
    origin: str
    chain: list[tuple[str, str]]  # (name, version) of this set and every set it extends
    requires: list[str] = field(default_factory=list)

    def active(self) -> list[Rule]:
        return [r for r in self.rules.values() if r.enabled and r.status == "active"]


@dataclass
class RuleSetSource:
    """An unresolved rule set: its raw TOML data and where it came from."""

    name: str
    data: dict[str, Any]
    origin: str


def parse_toml(text: str, origin: str) -> RuleSetSource:
    try:
        data = toml_loads(text)
    except TOMLDecodeError as exc:
        raise RuleSetError(f"{origin}: not valid TOML: {exc}") from None
    head = data.get("ruleset")
    # the format first: a newer format may well have keys this one does not know
    fmt = head.get("format", 1) if isinstance(head, dict) else 1
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt < 1:
        raise RuleSetError(f"{origin}: [ruleset] format must be a whole number such as 1")
    if fmt > RULESET_FORMAT:
        raise RuleSetError(
            f"{origin}: rule set {(head or {}).get('name')!r} is in rule-set format {fmt}; this "
            f"gixcheck reads format {RULESET_FORMAT} (upgrade gixcheck)"
        )
    unknown = set(data) - TOP_FIELDS
    if unknown:
        raise RuleSetError(f"{origin}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    if not isinstance(head, dict) or not isinstance(head.get("name"), str):
        raise RuleSetError(f"{origin}: missing [ruleset] with a name")
    unknown = set(head) - RULESET_FIELDS
    if unknown:
        raise RuleSetError(f"{origin}: unknown [ruleset] key(s): {', '.join(sorted(unknown))}")
    return RuleSetSource(name=head["name"], data=data, origin=origin)


def load_file(path: str | Path) -> RuleSetSource:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"{p}: cannot read rule set: {exc}") from None
    return parse_toml(text, str(p))


def resolve(
    source: RuleSetSource,
    lookup: dict[str, RuleSetSource],
    known_kinds: Collection[str] | Mapping[str, Any],
    _seen: tuple[str, ...] = (),
) -> RuleSet:
    """Merge ``source`` over what it extends and validate every rule against known kinds.

    ``known_kinds`` maps kind names to kinds; a kind with a ``Params`` dataclass has each
    rule's parameters checked against it here (a plain collection of names checks names only).
    """
    head = source.data["ruleset"]
    if source.name in _seen:
        raise RuleSetError(f"{source.origin}: rule set extends itself: {' → '.join(_seen)}")
    merged_rules: dict[str, dict[str, Any]] = {}
    grade_data: dict[str, Any] = {}
    chain: list[tuple[str, str]] = []
    requires = head.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise RuleSetError(f"{source.origin}: [ruleset] requires must be a list of plugin names")
    requires = list(requires)
    extends = head.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        raise RuleSetError(f"{source.origin}: [ruleset] extends must be a rule set name or a list")
    for parent_name in extends:
        parent = lookup.get(parent_name)
        if parent is None:
            raise RuleSetError(
                f"{source.origin}: extends unknown rule set {parent_name!r} "
                f"(known: {', '.join(sorted(lookup)) or 'none'})"
            )
        base = resolve(parent, lookup, known_kinds, (*_seen, source.name))
        chain.extend(base.chain)
        requires.extend(base.requires)
        for code, rule in base.rules.items():
            merged_rules[code] = _rule_to_raw(rule)
        grade_data = {"weights": dict(base.grade.weights), "bands": list(base.grade.bands)}
    for code, raw in (source.data.get("rules") or {}).items():
        if not isinstance(raw, dict):
            raise RuleSetError(f"{source.origin}: rule {code} must be a table")
        unknown = set(raw) - RULE_FIELDS
        if unknown:
            raise RuleSetError(
                f"{source.origin}: rule {code}: unknown key(s): {', '.join(sorted(unknown))}"
            )
        entry = merged_rules.setdefault(code, {"origin": source.origin})
        # errors name the file that set the value, not the one that first defined the rule
        entry["touched"] = source.origin
        for k, v in raw.items():
            if (
                k in ("params", "applies_to")
                and isinstance(v, dict)
                and isinstance(entry.get(k), dict)
            ):
                entry[k] = {**entry[k], **copy.deepcopy(v)}
            else:
                entry[k] = copy.deepcopy(v)
    g = source.data.get("grade") or {}
    unknown = set(g) - {"weights", "bands"}
    if unknown:
        raise RuleSetError(f"{source.origin}: unknown [grade] key(s): {', '.join(sorted(unknown))}")
    if "weights" in g:
        weights = g["weights"]
        if not isinstance(weights, dict) or not all(
            k in ("error", "warning", "info") and _is_weight(v) for k, v in weights.items()
        ):
            raise RuleSetError(
                f"{source.origin}: [grade] weights maps error, warning and info to numbers of"
                " at least 0"
            )
        grade_data["weights"] = {**grade_data.get("weights", {}), **weights}
    if "bands" in g:
        bands = g["bands"]
        if (
            not isinstance(bands, list)
            or not all(isinstance(b, list) and len(b) == 2 and _is_number(b[1]) for b in bands)
            or not bands
        ):
            raise RuleSetError(f"{source.origin}: [grade] bands is a list of [name, floor] pairs")
        grade_data["bands"] = [tuple(b) for b in bands]
    rules = {
        code: _build_rule(code, raw, source.origin, known_kinds)
        for code, raw in merged_rules.items()
    }
    grade = Grade(
        weights={**DEFAULT_GRADE.weights, **grade_data.get("weights", {})},
        bands=sorted(
            ((str(n), float(f)) for n, f in grade_data.get("bands", DEFAULT_GRADE.bands)),
            key=lambda b: -b[1],
        ),
    )
    return RuleSet(
        name=source.name,
        version=str(head.get("version", "0")),
        description=str(head.get("description", "")),
        rules=rules,
        grade=grade,
        origin=source.origin,
        chain=[(source.name, str(head.get("version", "0"))), *chain],
        requires=sorted(set(requires)),
    )


def combine(rulesets: list[RuleSet]) -> RuleSet:
    """Several rule sets run together (``--rules a --rules b``): the union of their rules.

    The same rule reached through ``extends`` (same code, same defining file) is one rule and
    the later set's settings win.  The same code *defined* by two different sets is two rules
    claiming one code: that is an error, because findings, baselines and ``--ignore`` would no
    longer say which rule they mean.
    """
    if len(rulesets) == 1:
        return rulesets[0]
    rules: dict[str, Rule] = {}
    owner: dict[str, str] = {}
    for rs in rulesets:
        for code, rule in rs.rules.items():
            prev = rules.get(code)
            if prev is not None and prev.origin != rule.origin:
                raise RuleSetError(
                    f"duplicate rule code {code}: defined by rule set {owner[code]!r} "
                    f"({prev.origin}) and by rule set {rs.name!r} ({rule.origin}); a code names "
                    "one rule, so give your own rules your own prefix, or extend the other set "
                    "instead of running both"
                )
            rules[code] = rule
            owner[code] = rs.name
    first = rulesets[0]
    return RuleSet(
        name="+".join(rs.name for rs in rulesets),
        version="",
        description="",
        rules=rules,
        grade=first.grade,
        origin="",
        chain=[c for rs in rulesets for c in rs.chain],
        requires=sorted({r for rs in rulesets for r in rs.requires}),
    )


def _is_number(v: Any) -> bool:
    """A finite number (TOML can spell nan and inf; neither is a weight or a floor)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_weight(v: Any) -> bool:
    # a negative weight would raise the score of a report for each problem it has
    return _is_number(v) and v >= 0


def _rule_to_raw(rule: Rule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "category": rule.category,
        "severity": rule.severity.value,
        "kind": rule.kind,
        "summary": dict(rule.summary),
        "message": dict(rule.message),
        "params": copy.deepcopy(rule.params),
        "applies_to": rule.applies_to.to_raw(),
        "basis": list(rule.basis),
        "fix": dict(rule.fix),
        "why": dict(rule.why),
        "example": dict(rule.example),
        "enabled": rule.enabled,
        "status": rule.status,
        "weight": rule.weight,
        "origin": rule.origin,
    }


def _build_rule(
    code: str,
    raw: dict[str, Any],
    origin: str,
    known_kinds: Collection[str] | Mapping[str, Any],
) -> Rule:
    where = f"{raw.get('touched') or raw.get('origin', origin)}: rule {code}"
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise RuleSetError(f"{where}: missing {', '.join(missing)}")
    try:
        severity = Severity(raw["severity"])
    except ValueError:
        raise RuleSetError(
            f"{where}: severity must be error, warning or info, not {raw['severity']!r}"
        ) from None
    if raw["kind"] not in known_kinds:
        raise RuleSetError(
            f"{where}: unknown rule kind {raw['kind']!r} (is the plugin that provides it installed?)"
        )
    if not isinstance(raw.get("enabled", True), bool):
        raise RuleSetError(f"{where}: enabled must be true or false")
    if raw.get("weight") is not None and not _is_weight(raw["weight"]):
        raise RuleSetError(f"{where}: weight must be a number of at least 0")
    if not isinstance(raw.get("params") or {}, dict):
        raise RuleSetError(f"{where}: params must be a table")
    for part in ("summary", "message"):
        if not isinstance(raw[part], dict) or not ({"zh", "en"} & set(raw[part])):
            raise RuleSetError(f"{where}: {part} needs zh and/or en text")
    applies_to = parse_applies_to(raw.get("applies_to"), where)
    params = dict(raw.get("params") or {})
    args: Any = params
    kind = known_kinds.get(raw["kind"]) if isinstance(known_kinds, Mapping) else None
    declared = getattr(kind, "Params", None)
    if declared is not None and raw.get("status", "active") == "active":
        try:
            args = parse(declared, params)
        except ParamError as exc:
            raise RuleSetError(f"{where}: {exc}") from None
    return Rule(
        code=code,
        name=str(raw["name"]),
        category=str(raw["category"]),
        severity=severity,
        kind=str(raw["kind"]),
        summary=dict(raw["summary"]),
        message=dict(raw["message"]),
        params=params,
        args=args,
        applies_to=applies_to,
        basis=list(raw.get("basis") or []),
        fix=dict(raw.get("fix") or {}),
        why=dict(raw.get("why") or {}),
        example=dict(raw.get("example") or {}),
        enabled=bool(raw.get("enabled", True)),
        status=str(raw.get("status", "active")),
        weight=raw.get("weight"),
        origin=str(raw.get("origin", origin)),
    )
