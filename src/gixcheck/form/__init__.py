"""The State Council form as data, with one typed API that every part of gixcheck asks.

The form's knowledge — section headings with their accepted variants and known misspellings,
table labels, which table 二 columns belong to which layout, the one-row-or-three 其他处理, body
kinds and levels, date and period patterns, what on a web page is not the report — lives in the
TOML files of this package and nowhere else.  Readers, the builder, layout detection, claims,
rule kinds and outputs ask these functions; a new real-world variant is a change to data.

Main entry points:

* :func:`match_heading` / :func:`find_headings` — section headings by meaning;
* :func:`classify_body` — kind, level and parent of an issuing body;
* :func:`labels`, :func:`normalise`, :func:`best_match` — table labels;
* :func:`table_2_layout`, :func:`table_2_grid` — table 二's layouts;
* :mod:`gixcheck.form.dates` — dates, years, periods, URL dates;
* :mod:`gixcheck.form.page` — titles and page furniture.
"""

from __future__ import annotations

from gixcheck.form.bodies import BodyClass, body_aliases, classify_body
from gixcheck.form.dates import (
    DateHit,
    Period,
    date_line,
    find_dates,
    find_period,
    labelled_dates,
    parse_date,
    url_dates,
    year_of,
)
from gixcheck.form.headings import (
    HeadingMatch,
    find_headings,
    form_sections,
    heading_text,
    is_numbered,
    match_heading,
    section_keys,
    section_name,
    section_number,
    standard_heading,
    strip_number,
)
from gixcheck.form.labels import (
    Label,
    best_match,
    display,
    fold,
    form,
    label_index,
    labels,
    normalise,
    table_name,
    table_names,
)
from gixcheck.form.page import (
    announced_title,
    clean_title,
    is_furniture,
    is_title_like,
    source_body,
    strip_label,
    title_words,
)
from gixcheck.form.tables import (
    TABLES,
    classify_table,
    pre_2019_markers,
    report_table_labels,
    section_table,
    table_2_block,
    table_2_grid,
    table_2_layout,
    table_2_layouts,
    table_2_markers,
    table_3_marker,
    value_vocabulary,
)

__all__ = [
    "TABLES",
    "BodyClass",
    "DateHit",
    "HeadingMatch",
    "Label",
    "Period",
    "announced_title",
    "best_match",
    "body_aliases",
    "classify_body",
    "classify_table",
    "clean_title",
    "date_line",
    "display",
    "find_dates",
    "find_headings",
    "find_period",
    "fold",
    "form",
    "form_sections",
    "heading_text",
    "is_furniture",
    "is_numbered",
    "is_title_like",
    "label_index",
    "labelled_dates",
    "labels",
    "match_heading",
    "normalise",
    "parse_date",
    "pre_2019_markers",
    "report_table_labels",
    "section_keys",
    "section_name",
    "section_number",
    "section_table",
    "source_body",
    "standard_heading",
    "strip_label",
    "strip_number",
    "table_2_block",
    "table_2_grid",
    "table_2_layout",
    "table_2_layouts",
    "table_2_markers",
    "table_3_marker",
    "table_name",
    "table_names",
    "title_words",
    "url_dates",
    "value_vocabulary",
    "year_of",
]
