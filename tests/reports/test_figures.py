"""How figures are written in the review: change phrases, 万元, placeholders."""

import re
from decimal import Decimal

import pytest

from apps.reports import placeholders
from apps.reports.figures import change_phrase, change_short, format_value, wan_yuan


def entry(value, previous, kind="flow", money=False, unit="人", decimals=0):
    return {
        "value": value,
        "previous": previous,
        "kind": kind,
        "money": money,
        "unit": unit,
        "decimals": decimals,
    }


@pytest.mark.parametrize(
    ("value", "previous", "phrase"),
    [
        (1929, 1715, "增长12.5%"),
        (97, 100, "下降3.0%"),
        (100, 100, "持平"),
        (0, 0, "无可比数据"),
        (12, 0, "无可比数据"),  # no change against zero (never "+8500.0%" or 增加)
        (12, None, "无可比数据"),
    ],
)
def test_the_change_is_worded_as_the_reviews_word_it(value, previous, phrase):
    assert change_phrase(entry(value, previous)) == phrase


def test_a_ratio_changes_in_percentage_points():
    assert change_phrase(entry("90.5", "88.2", kind="ratio", decimals=1)) == "提高2.3个百分点"
    assert change_phrase(entry("80.0", "81.0", kind="ratio", decimals=1)) == "下降1.0个百分点"
    assert change_short(entry("80.0", "81.0", kind="ratio", decimals=1)) == "-1.0个百分点"


def test_a_ratio_without_a_base_is_a_dash_not_an_error():
    item = entry(None, None, kind="ratio", decimals=1)
    assert format_value(item) == "—"
    assert change_phrase(item) == "无可比数据"


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (Decimal("136500.00"), "13.65"),
        (Decimal("1350000"), "135"),
        (Decimal("53000"), "5.3"),
        (Decimal("0"), "0"),
        (Decimal("40"), "0.004"),
    ],
)
def test_money_is_shown_in_wan_yuan(yuan, shown):
    assert wan_yuan(yuan) == shown
    assert format_value(entry(str(yuan), "0", money=True, unit="万元")) == shown


def test_no_change_is_stated_against_zero_or_missing():
    assert change_phrase(entry("53000", "0", money=True, unit="万元")) == "无可比数据"
    assert change_short(entry(8600, 0)) == "—"
    assert change_short(entry(8600, None)) == "—"
    assert change_short(entry(8600, 100)) == "+8500.0%"  # a real base still compares


def test_unknown_placeholders_are_found_and_named(extra_indicator):
    from apps.core.models import UnionOrg
    from apps.reports.registry import FLOW

    extra_indicator(
        code="testing.orgs",
        section="organisation",
        label="组织",
        unit="个",
        kind=FLOW,
        records=lambda scope, period: UnionOrg.objects.within(scope),
    )
    text = (
        "共有{testing.orgs}个，比上年{testing.orgs.change}，"
        "另{testing.nope}与{ testing.orgs.previous }"
    )
    assert placeholders.unknown(text) == ["{testing.nope}"]
    entries = {"testing.orgs": entry(12, 10, unit="个")}
    html = placeholders.render_html(text, entries)
    assert re.sub(r"<[^>]+>", "", str(html)) == "共有12个，比上年增长20.0%，另—与10"


def test_malformed_braces_are_found_by_line_and_column():
    text = "全年{membership.members}人，{a.b\n第二行}多余，{x}"
    assert placeholders.malformed(text) == [(1, 25, "{"), (2, 4, "}")]
    assert placeholders.malformed("全年{membership.members}人。") == []
    problems = placeholders.problems("会员{membership.members人")
    assert len(problems) == 1 and "1" in problems[0] and "3" in problems[0]
