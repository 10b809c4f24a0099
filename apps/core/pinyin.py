"""Pinyin helpers used to fill indexed search columns (e.g. ``name_pinyin``,
``name_initials``) so that records can be found by typing pinyin or initials.

Both functions return lower-case ASCII without tones or spaces. Chinese
characters are converted with pypinyin (non-heteronym mode, so polyphonic
characters get pypinyin's default/phrase-based reading). Non-Chinese letters and
digits pass through lower-cased (full-width forms are folded to ASCII first);
whitespace, punctuation and anything else is dropped.

    >>> full_pinyin("新庄工会")
    'xinzhuanggonghui'
    >>> initials("新庄工会")
    'xzgh'
"""

from __future__ import annotations

import unicodedata

from pypinyin import Style, pinyin

__all__ = ["full_pinyin", "initials"]


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
