"""How a number is written in a finding's message: the one formatting every rule uses."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["format_number"]


def format_number(value: Decimal | int | float | str | None) -> str:
    """``12`` for 12 and ``Decimal("12.0")``, ``0.5`` for ``Decimal("0.50")``, ``?`` for none.

    Never scientific notation (``1E+2`` is ``100``), never trailing zeros: a message quotes the
    value a person wrote in the table, not Python's representation of it.
    """
    if value is None:
        return "?"
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if not d.is_finite():
        return str(d)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")
