"""Pure unit tests for apps.core.validators (no database)."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from apps.core.validators import (
    CREDIT_CODE_CHARSET,
    PROVINCE_CODES,
    convert_15_to_18,
    credit_code_check_char,
    id_birth_date,
    id_check_char,
    id_sex,
    mask_id_number,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
    normalize_text,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

# Example number from GB 11643-1999 (Beijing Chaoyang, born 1949-12-31, female).
SAMPLE_ID = "11010519491231002X"
SAMPLE_ID15 = "110105491231002"
ID_CHARS = "0123456789X"


def error_code(func, *args, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        func(*args, **kwargs)
    return excinfo.value.code


def is_rejected(func, value):
    try:
        func(value)
    except ValidationError:
        return True
    return False


# ---------------------------------------------------------------------------
# normalize_text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  abc  ", "abc"),
        ("a \t\n b", "a b"),
        ("新庄\u3000\u3000工会", "新庄 工会"),
        ("\uff11\uff12\uff13\uff21\uff42\uff43", "123Abc"),
        ("\u00a0x\u00a0", "x"),
        ("a\u200bb\ufeff", "ab"),
        ("", ""),
        (None, ""),
        (13812345678, "13812345678"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


# ---------------------------------------------------------------------------
# ID number: helpers
# ---------------------------------------------------------------------------


def test_id_check_char_known_value():
    assert id_check_char(SAMPLE_ID[:17]) == "X"
    assert id_check_char("11010519800101001") == "6"  # weighted sum 116, 116 % 11 == 6
    assert id_check_char("44052418800101001") == "4"  # GB 11643-1999 example


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100A"])
def test_id_check_char_rejects_malformed(bad):
    with pytest.raises(ValueError, match="17 ASCII digits"):
        id_check_char(bad)


def test_id_check_char_independent_derivation():
    # Weights are 2**(17 - i) mod 11 and the check value c satisfies
    # (sum + c) mod 11 == 1, with 10 written as "X".
    rng = random.Random(11643)
    for _ in range(500):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
        c = (1 - total) % 11
        assert id_check_char(first17) == ("X" if c == 10 else str(c))


def test_convert_15_to_18():
    assert convert_15_to_18(SAMPLE_ID15) == SAMPLE_ID
    with pytest.raises(ValueError, match="15 ASCII digits"):
        convert_15_to_18("11010549123100")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 110105 1949 1231 002x ", SAMPLE_ID),
        ("110105-19491231-002X", SAMPLE_ID),
        ("".join(chr(ord(c) + 0xFEE0) for c in "11010519491231002x"), SAMPLE_ID),
    ],
)
def test_normalize_id_number(raw, expected):
    assert normalize_id_number(raw) == expected


# ---------------------------------------------------------------------------
# ID number: validate_id_number
# ---------------------------------------------------------------------------


def test_valid_id_number():
    assert validate_id_number(SAMPLE_ID) == SAMPLE_ID


def test_lower_case_x_accepted():
    assert validate_id_number(SAMPLE_ID.lower()) == SAMPLE_ID


def test_full_width_input_accepted():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in SAMPLE_ID)  # full-width digits and X
    assert full_width.startswith("\uff11\uff11\uff10\uff11\uff10\uff15")
    assert validate_id_number(full_width) == SAMPLE_ID
    assert validate_id_number("\u3000" + full_width.lower() + " ") == SAMPLE_ID


def test_legacy_15_digit_converted():
    assert validate_id_number(SAMPLE_ID15) == SAMPLE_ID


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "invalid_length"),
        ("11010519491231002", "invalid_length"),
        ("11010519491231002XX", "invalid_length"),
        ("1101051949123100X2", "invalid_characters"),
        ("11010519491231A02X", "invalid_characters"),
        ("11010549123100X", "invalid_characters"),
        ("11010519491231002Y", "invalid_characters"),
    ],
)
def test_id_number_format_errors(raw, code):
    assert error_code(validate_id_number, raw) == code


def with_check(first17):
    return first17 + id_check_char(first17)


@pytest.mark.parametrize(
    "prefix",
    [
        "01",
        "10",
        "16",
        "20",
        "24",
        "30",
        "38",
        "47",
        "55",
        "66",
        "70",
        "72",
        "80",
        "84",
        "90",
        "91",
        "99",
    ],
)
def test_invalid_province_rejected(prefix):
    id18 = with_check(prefix + "010519491231002")
    assert error_code(validate_id_number, id18) == "invalid_region"


def test_all_province_codes_accepted():
    for prefix in PROVINCE_CODES:
        id18 = with_check(prefix + "010519491231002")
        assert validate_id_number(id18) == id18
    assert "91" not in PROVINCE_CODES
    assert len(PROVINCE_CODES) == 35  # 34 province-level divisions + 83


@pytest.mark.parametrize(
    "birth", ["19490230", "19491301", "19490001", "19490100", "19000229", "18991231", "18800101"]
)
def test_invalid_birth_date_rejected(birth):
    id18 = with_check("110105" + birth + "002")
    assert error_code(validate_id_number, id18) == "invalid_birth_date"


def test_leap_day_and_1900_accepted():
    for birth in ["20000229", "19000101", "19960229"]:
        id18 = with_check("110105" + birth + "002")
        assert validate_id_number(id18) == id18


def test_future_birth_date_rejected():
    today = datetime.date.today()
    tomorrow = today + datetime.timedelta(days=1)
    id18 = with_check("110105" + tomorrow.strftime("%Y%m%d") + "002")
    assert error_code(validate_id_number, id18) == "invalid_birth_date"
    # Explicit reference date.
    ref = datetime.date(2020, 6, 1)
    assert error_code(validate_id_number, with_check("11010520200602002"), today=ref) == (
        "invalid_birth_date"
    )
    assert validate_id_number(with_check("11010520200601002"), today=ref)
    # Born today is fine.
    born_today = with_check("110105" + today.strftime("%Y%m%d") + "002")
    assert validate_id_number(born_today) == born_today


def test_wrong_check_digit_code():
    assert error_code(validate_id_number, "110105194912310021") == "invalid_check_digit"


def test_wrong_check_digit_message():
    # Evaluating the lazy message needs configured Django settings.
    from django.utils import translation

    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("110105194912310021")
    with translation.override("en"):
        assert "check digit" in str(excinfo.value.message).lower()


def test_birth_date_and_sex():
    assert id_birth_date(SAMPLE_ID) == datetime.date(1949, 12, 31)
    assert id_sex(SAMPLE_ID) == "F"  # 17th digit 2
    assert id_sex(with_check("11010519491231001")) == "M"
    assert id_birth_date(SAMPLE_ID15) == datetime.date(1949, 12, 31)
    assert id_sex(SAMPLE_ID15) == "F"


# ---------------------------------------------------------------------------
# ID number: property-style tests
# ---------------------------------------------------------------------------

_TODAY = datetime.date.today()
_MIN_DATE = datetime.date(1900, 1, 1)


def _random_id(rng):
    region = rng.choice(sorted(PROVINCE_CODES)) + f"{rng.randrange(10000):04d}"
    birth = _MIN_DATE + datetime.timedelta(days=rng.randrange((_TODAY - _MIN_DATE).days + 1))
    seq = f"{rng.randrange(1000):03d}"
    first17 = region + birth.strftime("%Y%m%d") + seq
    return first17 + id_check_char(first17), birth, int(seq[-1]) % 2


def _random_ids(seed, n=300):
    rng = random.Random(seed)
    return [_random_id(rng) for _ in range(n)]


def test_generated_ids_are_valid_with_correct_birth_date_and_sex():
    for id18, birth, odd in _random_ids(1):
        assert validate_id_number(id18) == id18
        assert validate_id_number(id18.lower()) == id18
        assert id_birth_date(id18) == birth
        assert id_sex(id18) == ("M" if odd else "F")


def test_every_single_substitution_rejected():
    for id18, _birth, _odd in _random_ids(2):
        for pos in range(18):
            for c in ID_CHARS:
                if c == id18[pos]:
                    continue
                mutated = id18[:pos] + c + id18[pos + 1 :]
                assert is_rejected(validate_id_number, mutated), (id18, mutated)


def test_every_adjacent_transposition_rejected():
    for id18, _birth, _odd in _random_ids(3):
        for pos in range(17):
            a, b = id18[pos], id18[pos + 1]
            if a == b:
                continue
            swapped = id18[:pos] + b + a + id18[pos + 2 :]
            assert is_rejected(validate_id_number, swapped), (id18, swapped)


def test_15_to_18_round_trip():
    rng = random.Random(4)
    last_legacy = datetime.date(1999, 12, 31)
    for _ in range(300):
        region = rng.choice(sorted(PROVINCE_CODES)) + f"{rng.randrange(10000):04d}"
        birth = _MIN_DATE + datetime.timedelta(days=rng.randrange((last_legacy - _MIN_DATE).days))
        seq = f"{rng.randrange(1000):03d}"
        id15 = region + birth.strftime("%y%m%d") + seq
        id18 = convert_15_to_18(id15)
        assert len(id18) == 18
        assert id18[:6] + id18[8:17] == id15
        assert validate_id_number(id15) == id18
        assert validate_id_number(id18) == id18
        assert id_birth_date(id18) == birth
        assert id_sex(id18) == id_sex(id15) == ("M" if int(seq[-1]) % 2 else "F")


# ---------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------


def test_mask_id_number():
    assert mask_id_number("110105194912310023") == "110105********0023"
    assert mask_id_number("11010519491231123x") == "110105********123X"
    assert mask_id_number(SAMPLE_ID15) == "110105*****1002"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""
    assert mask_id_number("12345") == "*****"


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"


# ---------------------------------------------------------------------------
# Mobile numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "8613812345678",
        "008613812345678",
        "\uff11\uff13\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",
    ],
)
def test_valid_mobile(raw):
    assert validate_mobile(raw) == "13812345678"


@pytest.mark.parametrize("second", "3456789")
def test_mobile_prefixes_accepted(second):
    assert validate_mobile(f"1{second}012345678") == f"1{second}012345678"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1381234567",
        "138123456789",
        "12812345678",
        "10812345678",
        "23812345678",
        "1381234567a",
        "+85213812345678",
        "010-12345678",
        "+86 10 1234 5678",
    ],
)
def test_invalid_mobile(raw):
    assert error_code(validate_mobile, raw) == "invalid_mobile"


def test_normalize_mobile_keeps_unprefixed_numbers():
    assert normalize_mobile("86123456") == "86123456"


# ---------------------------------------------------------------------------
# Unified social credit code
# ---------------------------------------------------------------------------

# Published codes (two from the brief, others as collected in python-stdnum's tests),
# checked against an independent derivation below.
REAL_CREDIT_CODES = [
    "91350100M000100Y43",
    "91110000802100433B",
    "91110000600037341L",
    "91310115MA1K3BTP2B",
    "121200004013590816",
    "9144030071526726XG",
    "91620105L015101280",
    "91340600MA2PBP2120",
    "92340621MA2UK3PJXE",
    "913101145852519045",
]


def _independent_credit_check(first17):
    # Weights are 3**i mod 31; the check value c satisfies (sum + c) mod 31 == 0.
    total = sum(CREDIT_CODE_CHARSET.index(ch) * pow(3, i, 31) for i, ch in enumerate(first17))
    return CREDIT_CODE_CHARSET[-total % 31]


def test_credit_charset():
    assert len(CREDIT_CODE_CHARSET) == 31
    assert not set("IOZSV") & set(CREDIT_CODE_CHARSET)


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes(code):
    assert credit_code_check_char(code[:17]) == code[17]
    assert _independent_credit_check(code[:17]) == code[17]
    assert validate_credit_code(code) == code


def test_credit_code_normalisation():
    code = "91350100M000100Y43"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert normalize_credit_code(" 9135 0100-m000 100y43 ") == code
    assert validate_credit_code(full_width) == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "invalid_length"),
        ("91350100M000100Y4", "invalid_length"),
        ("91350100M000100Y433", "invalid_length"),
        ("91350100M0001O0Y43", "invalid_characters"),
        ("9135010OM000100Y43", "invalid_characters"),
        ("91350100M000100Y4I", "invalid_characters"),
        ("913501A0M000100Y43", "invalid_region"),
        ("91350100M000100Y44", "invalid_check_digit"),
    ],
)
def test_credit_code_errors(raw, code):
    assert error_code(validate_credit_code, raw) == code


def test_credit_code_check_char_rejects_malformed():
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check_char("91350100M000100Y")
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check_char("91350100M000100YI")


def _random_credit_codes(seed, n=200):
    rng = random.Random(seed)
    codes = []
    for _ in range(n):
        first17 = (
            rng.choice(CREDIT_CODE_CHARSET)
            + rng.choice(CREDIT_CODE_CHARSET)
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(9))
        )
        check = credit_code_check_char(first17)
        assert check == _independent_credit_check(first17)
        codes.append(first17 + check)
    return codes


def test_generated_credit_codes_valid():
    for code in _random_credit_codes(5):
        assert validate_credit_code(code) == code


def test_every_credit_code_substitution_rejected():
    for code in _random_credit_codes(6):
        for pos in range(18):
            for c in CREDIT_CODE_CHARSET:
                if c == code[pos]:
                    continue
                mutated = code[:pos] + c + code[pos + 1 :]
                assert is_rejected(validate_credit_code, mutated), (code, mutated)


def test_every_credit_code_adjacent_transposition_rejected():
    for code in _random_credit_codes(7):
        for pos in range(17):
            a, b = code[pos], code[pos + 1]
            if a == b:
                continue
            swapped = code[:pos] + b + a + code[pos + 2 :]
            assert is_rejected(validate_credit_code, swapped), (code, swapped)
