"""The statutory reply period named after the number (DDL003's input)."""

from __future__ import annotations

from decimal import Decimal

from gixcheck.claims import extract_claims


def subjects(text: str) -> list[tuple[str, Decimal | None]]:
    return [(c.subject, c.value) for c in extract_claims([(text, {})], 2021, "潘集区人民政府")]


def test_period_before_the_statutory_words() -> None:
    assert ("reply.period", Decimal(15)) in subjects(
        "办理的申请件皆在15个工作日的法定期限内予以答复。"
    )


def test_statutory_period_stated() -> None:
    assert subjects("法定答复期限为15个工作日。") == [("reply.period", Decimal(15))]


def test_commitment_is_not_the_period() -> None:
    assert subjects("承诺5个工作日内予以答复。") == [("reply.committed", Decimal(5))]
