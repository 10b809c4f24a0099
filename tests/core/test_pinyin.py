"""Pure unit tests for apps.core.pinyin (no database)."""

import pytest

from apps.core.pinyin import full_pinyin, initials


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("新庄工会", "xinzhuanggonghui", "xzgh"),
        ("重庆市总工会", "chongqingshizonggonghui", "cqszgh"),
        ("绿色", "lvse", "ls"),
        ("第3车间ABC", "di3chejianabc", "d3cjabc"),
        ("新庄 工会\uff08筹\uff09", "xinzhuanggonghuichou", "xzghc"),  # full-width parens
        ("张三-李四", "zhangsanlisi", "zsls"),
        ("\uff21\uff22\uff11\uff12工会", "ab12gonghui", "ab12gh"),
        ("Union 2024!", "union2024", "union2024"),
        ("", "", ""),
        (None, "", ""),
        ("\u3001\u3002\uff0c\uff01", "", ""),  # CJK punctuation
    ],
)
def test_pinyin(text, full, short):
    assert full_pinyin(text) == full
    assert initials(text) == short


def test_output_is_lowercase_ascii_alnum():
    for text in ["中华全国总工会", "吕梁市 Ω 工会", "县总工会·第一分会"]:
        for value in (full_pinyin(text), initials(text)):
            assert value
            assert value.isascii()
            assert value.isalnum()
            assert value == value.lower()
