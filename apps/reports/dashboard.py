"""What the leaders' dashboard shows of the figures (`store.py`): cards by section and the
charts' series, in the reader's language, each figure, bar and point with its drill-down."""

from django.utils.translation import gettext

from . import sections as lines
from .figures import (
    ARROWS,
    direction,
    format_number,
    format_previous,
    format_value,
    in_points,
    tone,
)
from .figures import by_section as entries_by_section
from .queries import bar_url, drilldown_url, orgs_by_id, short_name
from .registry import REGISTRY, choice_labels

HEADLINE_CARDS = 4  # cards at the top for a section without indicators marked `headline`


def ui_unit(item):
    return gettext("10k yuan") if item.is_money else str(item.unit)


def _chart_number(value, entry):
    text = format_number(value, entry)
    return None if text == "—" else float(text)


def present(data, scope, period):
    """Cards by section and the charts' series. One query (the townships' names)."""
    entries = data["entries"]
    sections = []
    for section, _label, items in entries_by_section(entries):
        cards = []
        for code, entry in items:
            item = REGISTRY[code]
            cards.append(
                {
                    "code": code,
                    "label": str(item.label),
                    "unit": ui_unit(item),
                    "value": format_value(entry),
                    "previous": format_previous(entry),
                    "change": entry["change"],
                    "in_points": in_points(entry),
                    "arrow": ARROWS.get(direction(entry), ""),
                    "tone": tone(entry),
                    "headline": item.headline,
                    "url": drilldown_url(code, scope, period),
                }
            )
        headline = [card for card in cards if card["headline"]] or cards[:HEADLINE_CARDS]
        label = lines.label(section)
        sections.append({"code": section, "label": label, "headline": headline, "cards": cards})

    steps = {step.last_year: step for step in period.trend()}
    ids = {org_id for rows in data["townships"].values() for org_id, _value in rows}
    orgs = orgs_by_id(ids)
    charts = {"trend": [], "townships": [], "categories": []}

    def series(code, points):
        item = REGISTRY[code]
        return {"code": code, "name": str(item.label), "unit": ui_unit(item), "points": points}

    for code, rows in data["trend"].items():
        entry = entries[code]
        charts["trend"].append(
            series(
                code,
                [
                    {
                        "label": str(year),
                        "value": _chart_number(value, entry),
                        "url": drilldown_url(code, scope, steps[year]),
                    }
                    for year, value in rows
                ],
            )
        )
    for code, rows in data["townships"].items():
        entry = entries[code]
        charts["townships"].append(
            series(
                code,
                [
                    {
                        "label": short_name(orgs[org_id]),
                        "value": _chart_number(value, entry),
                        # nothing to count there (a system union has no employers): said so
                        "note": gettext("n/a") if value is None else "",
                        "url": bar_url(code, scope, orgs[org_id], period),
                    }
                    for org_id, value in rows
                    if org_id in orgs
                ],
            )
        )
    for code, rows in data["categories"].items():
        entry, item = entries[code], REGISTRY[code]
        labels = choice_labels(item.records(scope, period).model, item.category)
        charts["categories"].append(
            series(
                code,
                [
                    {
                        "label": str(labels.get(key, key)),
                        "value": _chart_number(value, entry),
                        "url": drilldown_url(code, scope, period, category=key),
                    }
                    for key, value in rows
                ],
            )
        )
    return {"sections": sections, "charts": charts}
