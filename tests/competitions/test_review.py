"""The review's 劳动竞赛 chapter: order 50, every figure it quotes registered (or one of the
innovation side's agreed codes), in the units the county uses."""

import re

from apps.reports.registry import REGISTRY
from apps.reports.sections import SECTIONS

INNOVATION = {
    "competitions.proposals": "个",
    "competitions.proposals_adopted": "个",
    "competitions.proposal_benefit": "万元",
    "competitions.innovations": "个",
    "competitions.studios_named": "个",
    "competitions.studios_total": "个",
    "competitions.studio_subsidy": "万元",
    "competitions.ankang_employers": "家",
    "competitions.ankang_workers": "人次",
}


def quoted():
    section = SECTIONS["competitions"]
    text = "".join("".join(sentence) for sentence in section.sentences)
    return text, {m for m in re.findall(r"\{([a-z_.]+?)(?:\.change)?\}", text)}


def test_the_chapter_is_the_fifth_line_of_work():
    section = SECTIONS["competitions"]
    assert (section.order, section.name) == (50, "劳动竞赛")


def test_every_figure_quoted_is_registered_or_agreed():
    _text, codes = quoted()
    mine = {code for code in codes if code not in INNOVATION}
    assert mine and mine <= set(REGISTRY), mine - set(REGISTRY)


def test_units_in_the_text_are_the_figures_units():
    from django.utils import translation

    text, _codes = quoted()
    with translation.override("zh-hans"):
        for code in re.findall(r"\{([a-z_.]+?)\}(人次|人|家|个|项|万元|%)", text):
            name, unit = code
            if name in INNOVATION:
                assert INNOVATION[name] == unit, name
                continue
            expected = str(REGISTRY[name].unit)
            if unit == "项":  # competitions are counted in 项 in the reviews, 个 as a unit
                assert expected == "个", name
            else:
                assert expected == unit, (name, expected, unit)
