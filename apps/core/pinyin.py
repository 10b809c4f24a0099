"""Pinyin helpers used to fill indexed search columns (e.g. ``name_pinyin``,
``name_initials``) so that records can be found by typing pinyin or initials.

Every function returns lower-case ASCII without tones or spaces. Chinese characters are
converted with pypinyin (non-heteronym mode, so polyphonic characters get pypinyin's
default/phrase-based reading). Non-Chinese letters and digits pass through lower-cased
(full-width forms are folded to ASCII first); whitespace, punctuation and anything else is
dropped.

    >>> full_pinyin("新庄工会")
    'xinzhuanggonghui'
    >>> initials("新庄工会")
    'xzgh'

A person's name is read differently: its first character(s) are a surname, and many common
surnames are polyphonic characters whose everyday reading is not the surname's (曾 is "ceng" in
曾经 but the surname is Zeng). pypinyin 0.55 has no surname mode (its issues #120 and #297 are
still open), so `person_readings` looks the surname up in `SURNAMES` below and reads the given
name with pypinyin as before. Clerks typing "zgf" for 曾国藩 then find him.

    >>> person_readings("曾国藩")
    ('zengguofan', 'zgf')
"""

from __future__ import annotations

import unicodedata

from pypinyin import Style, pinyin

__all__ = ["SURNAMES", "full_pinyin", "initials", "person_readings", "split_surname"]

# Surnames whose reading differs from pypinyin's default reading of the character(s). A compound
# surname is listed only where it starts with a listed single one, and is tried first (长孙 is
# "zhangsun", 长 alone "chang"); pypinyin's phrases already read 万俟, 尉迟, 澹台 as surnames.
# Each syllable is one of pypinyin's readings of its character (a test checks it), so nothing
# here invents a sound. Left out on purpose: surnames read two ways by different families (乐
# le/yue, 盖 gai/ge, 郇 huan/xun) and 单于, which in today's names is mostly 单 with a given
# name starting with 于; those keep pypinyin's reading.
SURNAMES = {
    "长孙": ("zhang", "sun"),  # a compound surname (复姓)
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "区": ("ou",),
    "查": ("zha",),
    "翟": ("zhai",),
    "覃": ("qin",),
    "缪": ("miao",),
    "隗": ("wei",),
    "种": ("chong",),
    "重": ("chong",),
    "员": ("yun",),
    "秘": ("bi",),
    "繁": ("po",),
    "卜": ("bu",),
    "能": ("nai",),
    "长": ("chang",),
    "召": ("shao",),
    "乜": ("nie",),
    "佴": ("nai",),
    "句": ("gou",),
    "薄": ("bo",),
    "都": ("du",),
    "藏": ("zang",),
    "折": ("she",),
    "阚": ("kan",),
    "祭": ("zhai",),
    "蔚": ("yu",),
    "粘": ("nian",),
}
_LONGEST_SURNAME = max(len(surname) for surname in SURNAMES)


def _convert(text: str | None, style: Style) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    parts = pinyin(text, style=style, heteronym=False, errors="default")
    joined = "".join(p[0] for p in parts if p).lower()
    return "".join(c for c in joined if c.isascii() and c.isalnum())


def full_pinyin(text: str | None) -> str:
    """Full pinyin without tones or spaces: ``"新庄工会"`` -> ``"xinzhuanggonghui"``."""
    return _convert(text, Style.NORMAL)


def initials(text: str | None) -> str:
    """First letter of each syllable: ``"新庄工会"`` -> ``"xzgh"``.

    Non-Chinese runs of letters/digits are kept whole: ``"第3车间ABC"`` -> ``"d3cjabc"``.
    """
    return _convert(text, Style.FIRST_LETTER)


def split_surname(name: str | None) -> tuple[tuple[str, ...], str]:
    """(the surname's syllables, the rest of the name) when `name` starts with a surname of
    `SURNAMES`, else ((), name): ``"曾国藩"`` -> ``(("zeng",), "国藩")``."""
    text = unicodedata.normalize("NFKC", name or "").lstrip()
    for length in range(_LONGEST_SURNAME, 0, -1):
        syllables = SURNAMES.get(text[:length])
        if syllables and len(text) > length:  # a lone 曾 is a character, not yet a name
            return syllables, text[length:]
    return (), name or ""


def person_readings(name: str | None) -> tuple[str, str]:
    """(full pinyin, initials) of a person's name, its surname read as a surname:
    ``"曾国藩"`` -> ``("zengguofan", "zgf")``, ``"单雄信"`` -> ``("shanxiongxin", "sxx")``.
    The given name is read by pypinyin on its own (so 曾经理 is Zeng Jingli, not "cengjing…");
    a name that starts with no listed surname reads exactly as `full_pinyin`/`initials`."""
    syllables, rest = split_surname(name)
    if not syllables:
        return full_pinyin(name), initials(name)
    head_full = "".join(syllables)
    head_initials = "".join(syllable[0] for syllable in syllables)
    return head_full + full_pinyin(rest), head_initials + initials(rest)
