"""Crawlers' field labels above a page's text, spaced or not (``名 称:``, ``标题：``)."""

from __future__ import annotations

import pytest

from gixcheck.form import source_body, strip_label

NAME = "\u65b0\u4e0b\u9646\u8857\u9053\u529e\u4e8b\u59042022\u5e74\u5ea6\u653f\u5e9c\u4fe1\u606f\u516c\u5f00\u5de5\u4f5c\u5e74\u5ea6\u62a5\u544a"


@pytest.mark.parametrize(
    "line",
    [
        "\u540d \u79f0: " + NAME,  # 名 称: (新下陆街道 2022, aligned with 索 引 号)
        "\u540d\u79f0\uff1a" + NAME,
        "\u6807\u9898: " + NAME,
        "\u6807 \u9898 \uff1a" + NAME,
    ],
)
def test_a_title_line_loses_its_label(line: str) -> None:
    assert strip_label(line) == NAME


def test_text_that_only_starts_like_a_label_is_kept() -> None:
    # 名称 run into the text with no colon or space after it is no label.
    assert strip_label("\u540d\u79f0\u53d8\u66f4") == "\u540d\u79f0\u53d8\u66f4"


def test_a_spaced_source_label() -> None:
    # 发 布 机 构: 新下陆街道
    line = "\u53d1 \u5e03 \u673a \u6784: \u65b0\u4e0b\u9646\u8857\u9053"
    assert source_body(line) == "\u65b0\u4e0b\u9646\u8857\u9053"
