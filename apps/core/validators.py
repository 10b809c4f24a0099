"""Input normalisation and validation for identifiers used across UnionPortal.

Covers:

* free-text normalisation (``normalize_text``), applied to every incoming value, which also
  drops control and bidirectional-formatting characters no name or note can hold;
* dates no record can have (``validate_past_date``, ``validate_plausible_date``);
* PRC resident identity card numbers (GB 11643-1999, check digit ISO 7064 MOD 11-2);
* unified social credit codes (统一社会信用代码, GB 32100-2015);
* mainland China mobile phone numbers;
* masking helpers for display.

Conventions:

* ``normalize_*`` functions never raise; they only clean up the input.
* ``validate_*`` functions return the normalised value or raise
  ``django.core.exceptions.ValidationError`` with a machine-readable ``code``.
  They can be used directly as Django field/form validators (the return value is
  then ignored) or called from ``clean_*`` methods to obtain the normalised value.
* Low-level helpers (``id_check_char``, ``convert_15_to_18``, ``id_birth_date``,
  ``id_sex``, ``credit_code_check_char``) expect already well-formed input and
  raise ``ValueError`` otherwise; they are not meant for raw user input.

Messages are English source strings marked for translation; the UI provides
the Chinese translations.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CREDIT_CODE_CHARSET",
    "EARLIEST_DATE",
    "PROVINCE_CODES",
    "convert_15_to_18",
    "credit_code_check_char",
    "id_birth_date",
    "id_check_char",
    "id_sex",
    "mask_id_number",
    "mask_phone",
    "normalize_credit_code",
    "normalize_id_number",
    "normalize_mobile",
    "normalize_text",
    "clean_text",
    "validate_credit_code",
    "validate_id_number",
    "validate_mobile",
    "validate_past_date",
    "validate_plausible_date",
]

# ---------------------------------------------------------------------------
# Generic text normalisation
# ---------------------------------------------------------------------------

# Invisible characters that survive NFKC and commonly sneak in via copy/paste.
# (Zero-width joiner/non-joiner are deliberately left alone.)
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff]")
# Characters no name, code or note can hold, dropped wherever text comes in: C0 and C1 controls
# that are not whitespace (NUL, BEL, ESC, DEL …; tabs and line breaks become spaces below),
# the bidirectional marks, embeddings, overrides and isolates (U+202E makes "exe.txt" read as
# "txt.exe" on screen, in exports and in PDFs), and lone surrogates (a JSON body may carry them,
# PostgreSQL refuses them).
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# Separators users type inside identifiers: whitespace and hyphen/dash variants.
_SEPARATORS_RE = re.compile("[\\s\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")


def normalize_text(s: object) -> str:
    """Normalise free-text input.

    NFKC-normalises (full-width digits/letters/punctuation become ASCII, the
    ideographic space U+3000 becomes a normal space), removes zero-width,
    control and bidirectional-formatting characters, strips the ends and
    collapses inner whitespace runs to a single space. ``None`` becomes ``""``;
    other non-string values are passed through ``str()`` first (e.g. numbers
    read from spreadsheets).
    """
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    s = _CONTROL_RE.sub("", s)  # before NFKC, which cannot take lone surrogates
    s = unicodedata.normalize("NFKC", s)
    s = _INVISIBLE_RE.sub("", s)
    return " ".join(s.split())


def clean_text(s: object, *, multiline: bool = False) -> str:
    """Text a person typed, as it is kept: the control, bidirectional-formatting and invisible
    characters no name or note can hold are dropped and the ends trimmed, but the writing is
    left as written — Chinese punctuation stays full-width (“，”“（）”), and a multi-line
    text (a note, an opinion, a review's paragraphs) keeps its line breaks. A single-line
    value has its runs of whitespace collapsed to one space. (``normalize_text`` is for codes,
    numbers and search terms, where full-width forms mean the same as ASCII.)"""
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    s = _CONTROL_RE.sub("", s)
    s = _INVISIBLE_RE.sub("", s)
    if not multiline:
        return " ".join(s.split())
    lines = (" ".join(line.split()) for line in s.replace("\r\n", "\n").split("\n"))
    return "\n".join(lines).strip()


def _compact(raw: object) -> str:
    """normalize_text, then drop all spaces and hyphen-like separators."""
    return _SEPARATORS_RE.sub("", normalize_text(raw))


# ---------------------------------------------------------------------------
# Resident identity card number (GB 11643-1999)
# ---------------------------------------------------------------------------

# Province-level codes of GB/T 2260 (first two digits of the region code).
# 71 = Taiwan, 81 = Hong Kong, 82 = Macao, 83 = residence permits for Taiwan
# residents. 91 (formerly used for "abroad") is not a valid province code.
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
    + ["71", "81", "82", "83"]
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID18_RE = re.compile(r"^\d{17}[\dX]$")
_ID15_RE = re.compile(r"^\d{15}$")
_MIN_BIRTH_YEAR = 1900


def normalize_id_number(raw: object) -> str:
    """Normalise an ID number: NFKC, drop spaces/hyphens, upper-case ``x``."""
    return _compact(raw).upper()


def id_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("first17 must be exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def convert_15_to_18(id15: str) -> str:
    """Convert a legacy 15-digit ID number to 18 digits.

    Inserts the century ``19`` before the two-digit birth year and appends the
    check character. Does not validate region or birth date.
    """
    if not _ID15_RE.match(id15):
        raise ValueError("id15 must be exactly 15 ASCII digits")
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + id_check_char(first17)


def _parse_birth_date(id18: str) -> datetime.date:
    return datetime.date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))


def validate_id_number(raw: object, *, today: datetime.date | None = None) -> str:
    """Validate a resident ID number and return its normalised 18-digit form.

    Accepts full-width input, embedded spaces/hyphens, a lower-case ``x`` and
    legacy 15-digit numbers (converted to 18 digits). ``today`` defaults to
    ``datetime.date.today()`` and is used to reject future birth dates.

    Error codes: ``invalid_length``, ``invalid_characters``, ``invalid_region``,
    ``invalid_birth_date``, ``invalid_check_digit``.
    """
    value = normalize_id_number(raw)
    if len(value) not in (15, 18):
        raise ValidationError(
            _("ID number must have 18 characters (15 for old-style numbers)."),
            code="invalid_length",
        )
    if len(value) == 15:
        if not _ID15_RE.match(value):
            raise ValidationError(
                _("Old-style 15-character ID numbers may contain digits only."),
                code="invalid_characters",
            )
        value = convert_15_to_18(value)
    elif not _ID18_RE.match(value):
        raise ValidationError(
            _("ID number may contain digits only, with X allowed as the last character."),
            code="invalid_characters",
        )

    if value[0] == "0" or value[:2] not in PROVINCE_CODES:
        raise ValidationError(_("ID number has an invalid region code."), code="invalid_region")

    try:
        birth = _parse_birth_date(value)
    except ValueError:
        birth = None
    if birth is None or birth.year < _MIN_BIRTH_YEAR:
        raise ValidationError(
            _("ID number contains an invalid date of birth."), code="invalid_birth_date"
        )
    if birth > (today or datetime.date.today()):
        raise ValidationError(
            _("ID number contains a date of birth in the future."), code="invalid_birth_date"
        )

    if value[17] != id_check_char(value[:17]):
        raise ValidationError(
            _("ID number check digit is wrong. Please check the number."),
            code="invalid_check_digit",
        )
    return value


def _as_id18(id_number: str) -> str:
    if _ID15_RE.match(id_number):
        return convert_15_to_18(id_number)
    if not _ID18_RE.match(id_number):
        raise ValueError("expected a normalised 18-character ID number")
    return id_number


def id_birth_date(id18: str) -> datetime.date:
    """Date of birth encoded in a (validated, normalised) ID number.

    Legacy 15-digit numbers are accepted too. Raises ``ValueError`` for
    malformed input or an impossible date.
    """
    return _parse_birth_date(_as_id18(id18))


def id_sex(id18: str) -> str:
    """``"M"`` or ``"F"`` from the 17th digit of the ID number (odd = male)."""
    return "M" if int(_as_id18(id18)[16]) % 2 else "F"


def mask_id_number(id18: object) -> str:
    """Mask an ID number for display, keeping the first 6 and last 4 characters.

    ``"11010519491231002X"`` -> ``"110105********002X"``. Values too short to
    mask meaningfully are fully masked; empty input gives ``""``.
    """
    value = normalize_id_number(id18)
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# ---------------------------------------------------------------------------
# Mobile phone numbers
# ---------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(raw: object) -> str:
    """Normalise a phone number: NFKC, drop spaces/hyphens and a ``+86``/``0086``/``86`` prefix.

    The bare ``86`` prefix is only removed when 11 digits follow it.
    """
    value = _compact(raw)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    return value


def validate_mobile(raw: object) -> str:
    """Validate a mainland China mobile number and return its 11 digits.

    Error code: ``invalid_mobile``.
    """
    value = normalize_mobile(raw)
    if not _MOBILE_RE.match(value):
        raise ValidationError(
            _("Enter a valid mainland China mobile number (11 digits starting with 1)."),
            code="invalid_mobile",
        )
    return value


def mask_phone(p: object) -> str:
    """Mask a phone number for display: ``"13812345678"`` -> ``"138****5678"``.

    Keeps the first 3 and last 4 digits of the normalised number; values of 7
    characters or fewer are fully masked; empty input gives ``""``.
    """
    value = normalize_mobile(p)
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# ---------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015)
# ---------------------------------------------------------------------------

# 31 characters; I, O, Z, S and V are not used. A character's value is its index.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUES = {c: i for i, c in enumerate(CREDIT_CODE_CHARSET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_credit_code(raw: object) -> str:
    """Normalise a credit code: NFKC, drop spaces/hyphens, upper-case."""
    return _compact(raw).upper()


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters.

    check = 31 - (sum(value * weight) mod 31), where 31 maps to 0.
    """
    if len(first17) != 17 or any(c not in _CREDIT_VALUES for c in first17):
        raise ValueError("first17 must be 17 characters from CREDIT_CODE_CHARSET")
    total = sum(_CREDIT_VALUES[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(raw: object) -> str:
    """Validate a unified social credit code and return it normalised.

    Checks length, character set, that positions 3-8 (registration authority's
    region code) are digits, and the check character. The registration
    authority (position 1) and category (position 2) codes are not checked
    against a fixed list, as that list is extended from time to time.

    Error codes: ``invalid_length``, ``invalid_characters``, ``invalid_region``,
    ``invalid_check_digit``.
    """
    value = normalize_credit_code(raw)
    if len(value) != 18:
        raise ValidationError(
            _("Unified social credit code must have 18 characters."), code="invalid_length"
        )
    if any(c not in _CREDIT_VALUES for c in value):
        raise ValidationError(
            _(
                "Unified social credit code may contain only digits and capital letters "
                "(not I, O, S, V or Z)."
            ),
            code="invalid_characters",
        )
    if not value[2:8].isdigit():
        raise ValidationError(
            _("Unified social credit code has an invalid region code (characters 3-8)."),
            code="invalid_region",
        )
    if value[17] != credit_code_check_char(value[:17]):
        raise ValidationError(
            _("Unified social credit code check character is wrong. Please check the code."),
            code="invalid_check_digit",
        )
    return value


# ---------------------------------------------------------------------------
# Dates no record can have
# ---------------------------------------------------------------------------

EARLIEST_DATE = datetime.date(1900, 1, 1)
# How far ahead a planned date (the end of a term of office or of a contract) may lie.
PLANNED_YEARS_AHEAD = 10


def validate_past_date(value: datetime.date | None) -> datetime.date | None:
    """A date of something that has happened (founded, joined, signed, closed on): not before
    1900 and not after today. Year 1 and 9999 pass a date field and then break every figure
    and period that counts by year.

    Error codes: ``date_too_early``, ``date_in_future``.
    """
    if value is None:
        return value
    if value < EARLIEST_DATE:
        raise ValidationError(
            _("The date cannot be before %(day)s."),
            code="date_too_early",
            params={"day": EARLIEST_DATE.isoformat()},
        )
    if value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="date_in_future")
    return value


def validate_plausible_date(value: datetime.date | None) -> datetime.date | None:
    """A planned date (a term's start or end): not before 1900 and at most
    ``PLANNED_YEARS_AHEAD`` years from today.

    Error codes: ``date_too_early``, ``date_too_late``.
    """
    if value is None:
        return value
    if value < EARLIEST_DATE:
        raise ValidationError(
            _("The date cannot be before %(day)s."),
            code="date_too_early",
            params={"day": EARLIEST_DATE.isoformat()},
        )
    today = timezone.localdate()
    try:
        latest = today.replace(year=today.year + PLANNED_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + PLANNED_YEARS_AHEAD, day=28)
    if value > latest:
        raise ValidationError(
            _("The date cannot be more than %(years)d years ahead."),
            code="date_too_late",
            params={"years": PLANNED_YEARS_AHEAD},
        )
    return value
