"""Pure unit tests for apps.core.pinyin (no database)."""

import pytest
from pypinyin import Style, lazy_pinyin, pinyin

from apps.core.pinyin import SURNAMES, full_pinyin, initials, person_readings


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


# People's names: the first character is read as a surname -----------------------------------


@pytest.mark.parametrize(
    ("name", "full", "short"),
    [
        ("曾国藩", "zengguofan", "zgf"),  # not "cengguofan": 曾 the surname is Zeng
        ("曾经理", "zengjingli", "zjl"),  # the given name is read on its own, not as 曾经
        ("单雄信", "shanxiongxin", "sxx"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("朴槿惠", "piaojinhui", "pjh"),
        ("区庄", "ouzhuang", "oz"),
        ("查良镛", "zhaliangyong", "zly"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("长春", "changchun", "cc"),
        ("长孙无忌", "zhangsunwuji", "zswj"),  # the compound surname before the single one
        ("万俟卨", "moqixie", "mqx"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("张曾", "zhangceng", "zc"),  # only the first character is a surname
        ("王芳", "wangfang", "wf"),  # no listed surname: as `full_pinyin`/`initials`
        ("曾", "ceng", "c"),  # one character is no name yet
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_a_persons_surname_reads_as_a_surname(name, full, short):
    assert person_readings(name) == (full, short)


def test_organisations_keep_the_everyday_reading():
    """Only people's names change: an organisation's name is not a surname and a given name."""
    assert initials("曾家湾村工会") == "cjwcgh"
    assert person_readings("曾家湾村工会")[1] == "zjwcgh"


@pytest.mark.parametrize("surname", sorted(SURNAMES))
def test_every_listed_reading_is_one_pypinyin_knows(surname):
    """The table picks among the characters' own readings; a typo would invent a sound."""
    for char, syllable in zip(surname, SURNAMES[surname], strict=True):
        readings = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
        assert syllable in readings, (surname, syllable, readings)


def test_the_listed_surnames_are_the_ones_pypinyin_reads_otherwise():
    """Each entry corrects pypinyin; one it already reads right belongs nowhere here, except a
    compound surname that must come before a listed single one (长孙 before 长)."""
    for surname, syllables in SURNAMES.items():
        shadows = len(surname) > 1 and surname[0] in SURNAMES
        assert shadows or lazy_pinyin(surname) != list(syllables), surname
