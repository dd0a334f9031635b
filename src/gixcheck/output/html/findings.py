"""A report's findings on the page: each with its severity word, rule title, place, message, and
(folded away) the legal basis, how to fix it and the evidence in plain words."""

from __future__ import annotations

import re
from typing import Any

from gixcheck.form import section_keys, standard_heading, table_names
from gixcheck.model import jsonable
from gixcheck.output.common import counted, severity_word, where, word
from gixcheck.output.html.markup import cell_ref, escape, is_cell, w
from gixcheck.output.html.tables import Marks
from gixcheck.output.order import Item, cells_by_row, split_label

# Evidence keys shown first, in this order; the rest follow in the order the rule gave them.
_FIRST = ("sentence", "claim", "operands", "op", "expected", "actual", "difference", "cells")
_OPS = {"==": "eq", "<=": "le", ">=": "ge"}
# Evidence keys whose values are section keys of the form (shown as the form's headings).
_SECTION_KEYS = ("missing", "found", "order")
_PARAGRAPH = re.compile(r"/sections/(\d+)/paragraphs/(\d+)")


def _key_word(key: str, lang: str, operands: bool) -> str:
    """An evidence key in plain words (左边合计, 差额 …); an unknown key is shown as it is."""
    from gixcheck.messages import catalogue

    entries = catalogue("output")
    # with operands, expected/actual are the two sides' totals of an identity
    for name in ((f"ev_{key}_sides",) if operands else ()) + (f"ev_{key}",):
        if name in entries:
            return word(name, lang)
    return key


def _scalar(rep_i: int | str, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return word("ev_yes" if value else "ev_no", lang)
    if isinstance(value, str) and is_cell(value):
        return f'<a href="#{cell_ref(rep_i, value)}"><code>{escape(value)}</code></a>'
    if isinstance(value, str) and value.startswith("/"):
        return f"<code>{escape(value)}</code>"
    if isinstance(value, str) and value in table_names():  # table_3 → 表三
        return escape(table_names()[value])
    return escape(value)


def _cells_table(rep_i: int | str, rows: list[dict[str, Any]], lang: str, sides: bool) -> str:
    head = (f"<th>{word('ev_side', lang)}</th>" if sides else "") + (
        f"<th>{word('ev_cell', lang)}</th><th>{word('ev_value', lang)}</th>"
        f"<th>{word('ev_where', lang)}</th>"
    )
    out = []
    for op in rows:
        p = op.get("pointer")
        lab = escape(op.get("label") or p or "")
        if is_cell(p):
            lab = f'<a href="#{cell_ref(rep_i, str(p))}">{lab}</a>'
        side = op.get("side")
        side_text = word(f"ev_side_{side}", lang) if side in ("lhs", "rhs") else escape(side or "")
        src = op.get("source")
        loc = escape(where(src, lang)) if isinstance(src, dict) else ""
        value = op.get("value", op.get("kind"))
        out.append(
            "<tr>"
            + (f"<td>{side_text}</td>" if sides else "")
            + f'<td>{lab}</td><td class="n">{_scalar(rep_i, value, lang)}</td><td>{loc}</td></tr>'
        )
    return f'<table class="ev"><tr>{head}</tr>{"".join(out)}</table>'


def _records(rep_i: int | str, rows: list[dict[str, Any]], lang: str) -> str:
    """A list of records as a small table, one column per key."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(f"<th>{escape(_key_word(str(k), lang, False))}</th>" for k in keys)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{_value(rep_i, str(k), r.get(k), lang)}</td>" for k in keys)
        + "</tr>"
        for r in rows
    )
    return f'<table class="ev"><tr>{head}</tr>{body}</table>'


def _claim(claim: dict[str, Any], lang: str) -> str:
    """What the text says, in its own words (the parsed subject and scope codes are for
    machines: they are in the JSON)."""
    out = f'<span class="quote">{escape(claim.get("text") or "")}</span>'
    if claim.get("scope_text"):
        out += f" ({w('scope', lang)}{word('colon', lang)}{escape(claim['scope_text'])})"
    return out


def _section(key: Any) -> str:
    """A section key (``problems``) as the form's heading (五、存在的主要问题及改进情况)."""
    if isinstance(key, str) and key in section_keys():
        return standard_heading(key)
    return str(key)


def _paragraph(pointer: str, lang: str) -> str | None:
    m = _PARAGRAPH.fullmatch(pointer)
    if not m:
        return None
    return word("ev_paragraph_at", lang, section=int(m[1]) + 1, paragraph=int(m[2]) + 1)


def _value(rep_i: int | str, key: str, value: Any, lang: str) -> str:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if all("pointer" in v for v in value):
            return _cells_table(rep_i, value, lang, sides=any("side" in v for v in value))
        return _records(rep_i, value, lang)
    if key in _SECTION_KEYS:
        values = value if isinstance(value, list) else [value]
        return word("item_sep", lang).join(escape(_section(v)) for v in values) or "—"
    if isinstance(value, list):
        return word("item_sep", lang).join(_scalar(rep_i, v, lang) for v in value) or "—"
    if key == "claim" and isinstance(value, dict):
        return _claim(value, lang)
    if isinstance(value, dict):
        return _dl(rep_i, value, lang, operands=False)
    if isinstance(value, str) and _paragraph(value, lang):
        return escape(_paragraph(value, lang))
    if key == "op" and value in _OPS:
        return word(f"ev_op_{_OPS[value]}", lang)
    if key in ("sentence", "text", "paragraph_text") and isinstance(value, str):
        return f'<span class="quote">{escape(value)}</span>'
    return _scalar(rep_i, value, lang)


def _dl(rep_i: int | str, ev: dict[str, Any], lang: str, operands: bool) -> str:
    keys = [k for k in _FIRST if k in ev] + [k for k in ev if k not in _FIRST]
    rows = "".join(
        f"<dt>{escape(_key_word(str(k), lang, operands))}</dt>"
        f"<dd>{_value(rep_i, str(k), ev[k], lang)}</dd>"
        for k in keys
    )
    return f'<dl class="about">{rows}</dl>'


def evidence(rep_i: int | str, f: Any, lang: str) -> str:
    """A finding's evidence in plain words: 左边/右边/差额 for an identity, the quoted sentence
    and the cells it was compared with for a narrative finding, and so on."""
    ev = jsonable(f.evidence) if isinstance(f.evidence, dict) else {}
    if not ev:
        return ""
    return _dl(rep_i, ev, lang, operands=isinstance(ev.get("operands"), list))


def _about(rule: Any, lang: str) -> str:
    """The rule's legal basis and how to fix what it found."""
    if rule is None:
        return ""
    parts = []
    if rule.basis:
        basis = word("clause_sep", lang).join(escape(b) for b in rule.basis)
        parts.append(f"<dt>{w('basis', lang)}</dt><dd>{basis}</dd>")
    fix = rule.text("fix", lang)
    if fix:
        parts.append(f"<dt>{w('fix', lang)}</dt><dd>{escape(fix)}</dd>")
    why = rule.text("why", lang)
    if why:
        parts.append(f"<dt>{w('why', lang)}</dt><dd>{escape(why)}</dd>")
    return f'<dl class="about">{"".join(parts)}</dl>' if parts else ""


def _title(rule: Any, f: Any, lang: str) -> str:
    if rule is None:
        return escape(f.name)
    return escape(rule.text("summary", lang) or rule.text("summary", "zh") or f.name)


def item(rep_i: int | str, k: int, it: Item, rules: dict[str, Any], marks: Marks, lang: str) -> str:
    f = it.first
    rule = rules.get(f.rule)
    sev = f.severity.value
    cells = " ".join(cell_ref(rep_i, p) for p in marks.cells_of(it.findings))
    base = f' <span class="muted">{word("text_baselined", lang)}</span>' if f.baselined else ""
    blank = it.cells  # worked out from the evidence at each look: once here
    if blank:
        table = split_label(f.location.label)[0] or f.location.label or it.table
        place = f"{escape(table)} · {counted('cells', len(blank), lang)}"
        pointer_of = {label: p for p, label in blank}
        # the first cell of each (row, column), as a search of the cells in order finds it
        label_at: dict[tuple[str, str], str] = {}
        for _, lab in blank:
            label_at.setdefault(split_label(lab)[1:], lab)
        by_row = []
        for row, cols in cells_by_row([label for _, label in blank]):
            links = []
            for col in cols:
                label = label_at[(row, col)]
                ref = cell_ref(rep_i, pointer_of[label])
                links.append(f'<a href="#{ref}">{escape(col)}</a>')
            by_row.append(f"{escape(row)}{word('colon', lang)}{word('item_sep', lang).join(links)}")
        message = "<br>".join(by_row)
        ev = ""
    elif it.rows:
        table = split_label(f.location.label, parts=2)[0] or it.table
        place = f"{escape(table)} · {counted('rows', len(it.rows), lang)}"
        message = word("item_sep", lang).join(escape(r) for r in it.rows)
        ev = ""
    else:
        place = escape(f.location.label)
        if is_cell(f.location.pointer):
            place = f'<a href="#{cell_ref(rep_i, f.location.pointer)}">{place}</a>'
        loc = where(f.location.source, lang)
        if loc:
            place += f' <span class="loc">{escape(loc)}</span>'
        message = escape(f.message(lang))
        ev = evidence(rep_i, f, lang)
    about = _about(rule, lang)
    details = ""
    if about or ev:
        details = (
            f"<details><summary>{w('details', lang)}</summary>{about}{ev}"
            f'<p class="muted">{w("fingerprint", lang)} <code>{escape(f.fingerprint)}</code>'
            f" · <code>gixcheck explain {escape(f.rule)}</code></p></details>"
        )
    cls = f"f-{sev}" + (" is-baselined" if f.baselined else "")
    return (
        f'<li id="r{rep_i}-f{k}" class="{cls}" data-cells="{cells}" tabindex="-1">'
        f'<span class="sev sev-{sev}">{severity_word(sev, lang)}</span> '
        f'<code>{escape(f.rule)}</code> <span class="rule-title">{_title(rule, f, lang)}</span>'
        f"{base}<br>{place}<br>{message}{details}</li>"
    )


def findings_list(
    rep_i: int | str, items: list[Item], rules: dict[str, Any], marks: Marks, lang: str
) -> str:
    if not items:
        return f'<p class="muted">{word("text_none", lang)}</p>'
    body = "\n".join(item(rep_i, k, it, rules, marks, lang) for k, it in enumerate(items))
    return f'<ol class="findings">\n{body}\n</ol>'
