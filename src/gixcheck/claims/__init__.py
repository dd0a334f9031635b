"""Narrative claims: what the text of a report says, with numbers, scope and year.

``extract_claims(paragraphs, report_year, body)`` turns ``(text, source)`` paragraphs into
:class:`Claim` objects; ``parse_number`` / ``find_numbers`` read numbers as written in the
reports (Arabic, full-width, Chinese numerals, 1.2万).  The phrases live in ``vocabulary.toml``.
"""

from gixcheck.claims.extract import extract_claims, split_sentences
from gixcheck.claims.model import QUALIFIERS, Claim
from gixcheck.claims.numbers import (
    UNITS,
    NumberMatch,
    find_numbers,
    normalize,
    parse_chinese_numeral,
    parse_number,
)
from gixcheck.claims.vocabulary import (
    SCOPES,
    YEAR_SCOPES,
    Vocabulary,
    VocabularyError,
    load_vocabulary,
    vocabulary_from_toml,
)

__all__ = [
    "QUALIFIERS",
    "SCOPES",
    "UNITS",
    "YEAR_SCOPES",
    "Claim",
    "NumberMatch",
    "Vocabulary",
    "VocabularyError",
    "extract_claims",
    "find_numbers",
    "load_vocabulary",
    "normalize",
    "parse_chinese_numeral",
    "parse_number",
    "split_sentences",
    "vocabulary_from_toml",
]
