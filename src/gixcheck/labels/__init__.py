"""Table labels and their normalisation: kept as a name for plugins and older callers.

The form's knowledge lives in :mod:`gixcheck.form`; this module re-exports its label API.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from gixcheck.form.labels import (
    Label,
    best_match,
    display,
    fold,
    form,
    label_index,
    labels,
    normalise,
    table_names,
)


class _TableNames(Mapping[str, str]):
    """``TABLE_NAMES["table_3"] == 表三``, read from the form's data on first use."""

    def __getitem__(self, key: str) -> str:
        return table_names()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(table_names())

    def __len__(self) -> int:
        return len(table_names())


TABLE_NAMES: Mapping[str, str] = _TableNames()

__all__ = [
    "TABLE_NAMES",
    "Label",
    "best_match",
    "display",
    "fold",
    "form",
    "label_index",
    "labels",
    "normalise",
]
