"""Tolerant cell parsers for ledgers typed by hand in Excel/WPS.

Every ``parse_X(value)`` takes the raw value openpyxl gives for a cell (``None``,
``str``, ``int``, ``float``, ``bool``, ``datetime``...) and returns a Python value,
``None`` for an empty cell, or raises :class:`CellError` with a translated,
user-facing message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

from apps.core.validators import normalize_text

from .columns import BOOL, CHOICE, DATE, DECIMAL, ID_TEXT, INT, TEXT, Column

__all__ = [
    "CellError",
    "normalize",
    "parse_bool",
    "parse_cell",
    "parse_choice",
    "parse_date",
    "parse_decimal",
    "parse_id_text",
    "parse_int",
    "parse_text",
]

MIN_YEAR = 1900
MAX_YEAR = 2100
# Excel keeps 15 significant digits; longer numbers have lost digits.
EXCEL_DIGITS = 15
_MAX_SERIAL = 2958465  # 9999-12-31
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell value could not be understood.  ``str(exc)`` is user-facing."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Extra invisible characters (ZWNJ/ZWJ, soft hyphen) seen in text pasted from
# web pages and WeChat; normalize_text already removes ZWSP, WJ and BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _nfkc(value: str) -> str:
    """The portal-wide ``normalize_text`` (NFKC, strip, collapse spaces) plus
    removal of a few more invisible characters."""
    return normalize_text(value.translate(_INVISIBLE))


normalize = _nfkc


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not _nfkc(value))


def _show(value) -> str:
    """A short rendering of a cell value for messages."""
    text = value if isinstance(value, str) else repr(value)
    text = _nfkc(str(text))
    return text if len(text) <= 40 else text[:39] + "…"


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

# Written by :func:`writing.safe_value` in front of formula-like text.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


def parse_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer():
            value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value.replace(microsecond=0)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    text = _nfkc(str(value))
    text = _NEUTRALISED.sub("", text)
    return text or None


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_INT_RE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_THOUSANDS = re.compile(r"(?<=\d)[,\s'](?=\d{3}(?:\D|$))")
_CURRENCY = re.compile(r"^(?:[¥$]|RMB|CNY|人民币)\s*|\s*(?:元|RMB|CNY)$", re.IGNORECASE)


def _clean_number_text(value: str) -> str:
    text = _nfkc(value)
    text = _THOUSANDS.sub("", text)
    return text.replace(" ", "")


def parse_int(value) -> int | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(gettext("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise CellError(gettext("“%(value)s” is not a whole number.") % {"value": _show(value)})
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        raise CellError(gettext("“%(value)s” is not a whole number.") % {"value": _show(value)})
    if isinstance(value, str):
        text = _clean_number_text(value)
        if _INT_RE.match(text):
            return int(text.split(".", 1)[0])
    raise CellError(gettext("“%(value)s” is not a whole number.") % {"value": _show(value)})


_CENT = Decimal("0.01")
_DECIMAL_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def parse_decimal(value) -> Decimal | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(gettext("Enter a number."))
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(gettext("Enter a number."))
        # repr() is the shortest round-tripping form: 0.1 -> "0.1", not 0.1000000000000000055…
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = _CURRENCY.sub("", _clean_number_text(value))
        if not _DECIMAL_RE.match(text):
            raise CellError(gettext("“%(value)s” is not a number.") % {"value": _show(value)})
        number = Decimal(text)
    else:
        raise CellError(gettext("“%(value)s” is not a number.") % {"value": _show(value)})
    if not number.is_finite():
        raise CellError(gettext("Enter a number."))
    try:
        return number.quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError(gettext("“%(value)s” is too large.") % {"value": _show(value)}) from None


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = [
    # 2015-3-1, 2015/03/01, 2015.03.01 (any mix of separators), optional time
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$"), True),
    # 2015年3月5日 / 2015年3月5号 / 2015年3月5
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"), True),
    # 20150301
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), True),
    # 2015-03, 2015/3, 2015.03 -> first of the month
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), False),
    # 2015年3月 / 2015年3 -> first of the month
    (re.compile(r"^(\d{4})年(\d{1,2})月?$"), False),
    # 201503 -> first of the month
    (re.compile(r"^(\d{4})(\d{2})$"), False),
]


def _date_format_hint() -> str:
    return gettext("Use a date such as 2015-03-01, 2015/3/1, 2015.03.01 or 2015年3月1日.")


def _make_date(year: int, month: int, day: int, shown) -> dt.date:
    try:
        result = dt.date(year, month, day)
    except ValueError:
        raise CellError(
            gettext("“%(value)s” is not a real date.") % {"value": _show(shown)}
        ) from None
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise CellError(
            gettext("“%(value)s”: the year must be between %(min)s and %(max)s.")
            % {"value": _show(shown), "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return result


def _date_from_number(value) -> dt.date:
    """A number in a date column: YYYYMMDD, a 2015.03-style month, or an Excel serial."""
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(_date_format_hint())
    if isinstance(value, float) and not value.is_integer():
        whole = int(value)
        if MIN_YEAR <= whole <= MAX_YEAR:
            # Typed "2015.03" into a General cell: Excel stored the number 2015.03.
            fraction = repr(value).split(".", 1)[1]
            if len(fraction) == 2:
                return _make_date(whole, int(fraction), 1, value)
            if len(fraction) == 1 and fraction != "1":
                return _make_date(whole, int(fraction), 1, value)
            raise CellError(
                gettext(
                    "“%(value)s” is ambiguous (Excel turned it into a number). "
                    "Type the date as text, e.g. 2015-10-01."
                )
                % {"value": _show(value)}
            )
    number = int(value)
    if 19000101 <= number <= 21001231:
        text = str(number)
        return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), value)
    if MIN_YEAR <= number <= MAX_YEAR:
        raise CellError(
            gettext("“%(value)s” is only a year; enter a full date such as %(value)s-01-01.")
            % {"value": number}
        )
    if 1 <= number <= _MAX_SERIAL and number != 60:
        # 1900 date system; Excel wrongly treats 1900 as a leap year (serial 60).
        days = number if number > 60 else number + 1
        return _make_date_from(_EXCEL_EPOCH + dt.timedelta(days=days), value)
    raise CellError(
        gettext("“%(value)s” is not a date.") % {"value": _show(value)} + " " + _date_format_hint()
    )


def _make_date_from(date: dt.date, shown) -> dt.date:
    return _make_date(date.year, date.month, date.day, shown)


def parse_date(value) -> dt.date | None:
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return _make_date_from(value.date(), value)
    if isinstance(value, dt.date):
        return _make_date_from(value, value)
    if isinstance(value, bool):
        raise CellError(_date_format_hint())
    if isinstance(value, (int, float, Decimal)):
        return _date_from_number(float(value) if isinstance(value, Decimal) else value)
    if isinstance(value, dt.time):
        raise CellError(gettext("The cell holds a time, not a date.") + " " + _date_format_hint())
    if isinstance(value, str):
        compact = re.sub(r"\s*([-/.年月日号])\s*", r"\1", _nfkc(value))
        for pattern, has_day in _DATE_PATTERNS:
            m = pattern.match(compact)
            if m:
                year, month = int(m.group(1)), int(m.group(2))
                day = int(m.group(3)) if has_day else 1
                return _make_date(year, month, day, value)
        if re.fullmatch(r"\d+(?:\.\d+)?", compact):
            return _date_from_number(float(compact) if "." in compact else int(compact))
    raise CellError(
        gettext("“%(value)s” is not a date.") % {"value": _show(value)} + " " + _date_format_hint()
    )


# ---------------------------------------------------------------------------
# Booleans and choices
# ---------------------------------------------------------------------------

_TRUE = frozenset({"是", "y", "yes", "1", "√", "✓", "✔", "true", "t", "对", "有"})
_FALSE = frozenset({"否", "n", "no", "0", "×", "✗", "✘", "false", "f", "不是", "无", "没有"})


def parse_bool(value) -> bool | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = _nfkc(value).casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError(gettext("“%(value)s” is not 是 or 否.") % {"value": _show(value)})


_CHOICE_SPLIT = re.compile(r"^(\S+?)\s*[-_:.、|/]\s*(.+)$|^(\S+)\s+(.+)$")


@lru_cache(maxsize=256)
def _choice_lookup(choices: tuple[tuple[str, str], ...]) -> tuple[dict, dict]:
    codes = {}
    labels = {}
    for code, label in choices:
        codes.setdefault(_nfkc(str(code)).casefold(), code)
        labels.setdefault(_nfkc(str(label)).casefold(), code)
    return codes, labels


def _allowed(choices) -> str:
    labels = [str(label) for _code, label in choices]
    if len(labels) > 20:
        labels = [*labels[:20], "…"]
    return "、".join(labels)


def parse_choice(value, choices: tuple[tuple[str, str], ...]) -> str | None:
    """Return the *code* for a cell holding a code, a label, or ``"code label"``."""
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _nfkc(str(value)).casefold()
    codes, labels = _choice_lookup(tuple(choices))
    if text in labels:
        return labels[text]
    if text in codes:
        return codes[text]
    m = _CHOICE_SPLIT.match(text)
    if m:
        code_part = m.group(1) or m.group(3)
        label_part = m.group(2) or m.group(4)
        code = codes.get(code_part)
        if code is not None and labels.get(label_part.strip()) == code:
            return code
    raise CellError(
        gettext("“%(value)s” is not an allowed value. Allowed: %(allowed)s.")
        % {"value": _show(value), "allowed": _allowed(choices)}
    )


# ---------------------------------------------------------------------------
# ID numbers, credit codes, phone numbers
# ---------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+\d+$")
_LOST_DIGITS = gettext_noop(
    "The cell was stored as a number, so Excel dropped digits (%(value)s). "
    "Format the column as Text and type the number again."
)


def parse_id_text(value) -> str | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(gettext("Enter the number as text."))
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 10**EXCEL_DIGITS:
            return str(int(value))
        raise CellError(gettext(_LOST_DIGITS) % {"value": _show(value)})
    if isinstance(value, int):
        text = str(abs(value))
        # Excel keeps 15 significant digits; an exact long int can only come from a
        # program, whereas one ending in zeros past the 15th digit was truncated.
        if len(text) > EXCEL_DIGITS and set(text[EXCEL_DIGITS:]) == {"0"}:
            raise CellError(gettext(_LOST_DIGITS) % {"value": value})
        return str(value)
    if isinstance(value, Decimal):
        value = str(value)
    text = _nfkc(str(value)).replace(" ", "").lstrip("'").upper()
    if not text:
        return None
    if _SCIENTIFIC.match(text):
        raise CellError(gettext(_LOST_DIGITS) % {"value": text})
    return text


# ---------------------------------------------------------------------------
# Dispatcher
# ---------------------------------------------------------------------------

_PARSERS = {
    TEXT: parse_text,
    INT: parse_int,
    DECIMAL: parse_decimal,
    DATE: parse_date,
    BOOL: parse_bool,
    ID_TEXT: parse_id_text,
}


def parse_cell(column: Column, value):
    """Parse ``value`` according to ``column.kind``; raises :class:`CellError`."""
    if column.kind == CHOICE:
        return parse_choice(value, column.choices)
    return _PARSERS[column.kind](value)
