"""The review's 劳模工作 chapter: the fourth line of work, every figure it quotes registered and
in the unit the county uses, and a new review's chapter carrying the figures of the records
(人次 and money of 慰问 in 万元, the honours of the year, the database totals)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from apps.modelworkers.choices import CollectiveKind
from apps.modelworkers.models.care import CareKind
from apps.reports.figures import wan_yuan
from apps.reports.periods import Period
from apps.reports.placeholders import render_html
from apps.reports.registry import REGISTRY
from apps.reports.sections import SECTIONS
from apps.reports.services import get_or_create_review, line_figures
from tests.modelworkers.conftest import award, make_collective, make_worker
from tests.modelworkers.rc_helpers import D, give


def quoted():
    text = "".join("".join(sentence) for sentence in SECTIONS["modelworkers"].sentences)
    return text, set(re.findall(r"\{([a-z_.]+?)(?:\.change)?\}", text))


def test_the_chapter_is_the_fourth_line_of_work():
    line = SECTIONS["modelworkers"]
    assert (line.order, line.name) == (40, "劳模工作")
    assert line.order < SECTIONS["competitions"].order


def test_every_figure_quoted_is_registered_in_this_line():
    _text, codes = quoted()
    assert codes and codes <= set(REGISTRY), codes - set(REGISTRY)
    assert {REGISTRY[code].section for code in codes} == {"modelworkers"}


def test_units_in_the_text_are_the_figures_units():
    text, _codes = quoted()
    with translation.override("zh-hans"):
        for name, unit in re.findall(r"\{([a-z_.]+?)\}(人次|人|个|万元|%)", text):
            item = REGISTRY[name]
            assert ("万元" if item.is_money else str(item.unit)) == unit, name


@pytest.mark.django_db
def test_a_new_reviews_chapter_quotes_the_records(tree, honour_types):
    t = honour_types
    people = [make_worker(tree.union_a1, f"劳模{n}", n) for n in range(1, 4)]
    for person in people:
        award(t["县劳动模范"], 2025, model_worker=person)
    award(t["全国五一劳动奖章"], 2025, model_worker=people[0])
    team = make_collective(tree.union_b1, "一号机组班", CollectiveKind.TEAM)
    award(t["县工人先锋号"], 2025, collective=team)
    amounts = ["1200", "800", "650.50"]
    for person, amount in zip(people, amounts, strict=True):
        give(person, day=D(2025, 1, 20), amount=amount)
    give(people[0], CareKind.MAY_DAY, D(2025, 4, 28), "500")
    visits, money = len(amounts) + 1, sum(Decimal(a) for a in [*amounts, "500"])

    period = Period.year(2025)
    review, _created = get_or_create_review(org=tree.county, period=period, actor=None)
    chapter = review.sections.get(kind="modelworkers")
    text = strip_tags(render_html(chapter.body, line_figures(tree.county, period)))

    assert chapter.heading == SECTIONS["modelworkers"].heading
    assert f"共走访慰问各级劳模{visits}人次，慰问金{wan_yuan(money)}万元" in text
    assert f"县级劳模{len(people)}名" in text
    assert "县级工人先锋号1个" in text
    assert f"共录入各级先进集体1个，先进个人{len(people)}人" in text
    # The national medal carries provincial treatment: one of the three.
    assert "享受省部级劳模待遇1人" in text


@pytest.mark.django_db
def test_the_dashboard_shows_the_line_with_figures_from_the_records(tree, client_for, honour_types):
    people = [make_worker(tree.union_a1, f"劳模{n}", n) for n in range(1, 3)]
    for person in people:
        award(honour_types["县劳动模范"], 2025, model_worker=person)
        give(person, day=D(2025, 1, 20))
    response = client_for("county_admin").get(reverse("reports:dashboard"), {"year": 2025})
    html = response.content.decode()
    assert 'data-testid="section-modelworkers"' in html
    for code, value in (
        ("modelworkers.care_visits", len(people)),
        ("modelworkers.registered", len(people)),
        ("modelworkers.honoured_persons", len(people)),
    ):
        cards = [c for s in response.context["sections"] for c in s["cards"] if c["code"] == code]
        assert [str(card["value"]) for card in cards] == [str(value)], code
    drill = client_for("county_admin").get(
        reverse("reports:drilldown", args=["modelworkers.honoured_persons"]),
        {"org": tree.county.pk, "kind": "year", "year": 2025},
    )
    assert all(person.name in drill.content.decode() for person in people)
