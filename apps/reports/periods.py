"""Reporting periods as counties write them: a calendar year, a range of years (a congress term
such as 2011–2015), the union statistics year (1 October of the year before to 30 September), a
half-year (上半年 / 下半年), a quarter and any date range.

A year, a statistics year and a range compare with the period of the same length just before
(last year, the previous term). A half-year, a quarter or a date range compares as counties
write it, with the same dates a year earlier (上半年 … 比去年同期), and its trend is the same
part of the years before."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind

FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: PeriodKind = PeriodKind.YEAR

    def __post_init__(self):
        # A kind read from a URL, a job's arguments or a stored review is a plain string.
        object.__setattr__(self, "kind", PeriodKind(self.kind))

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def years(cls, first, last):
        if last < first:
            raise ValueError("the last year comes before the first")
        if first == last:
            return cls.year(first)
        return cls(datetime.date(first, 1, 1), datetime.date(last, 12, 31), PeriodKind.YEARS)

    @classmethod
    def stats_year(cls, year):
        """统计年度 `year`: 1 Oct of year-1 to 30 Sep of year (the 全总 annual statistics)."""
        return cls(datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30), PeriodKind.STATS)

    @classmethod
    def half(cls, year, half):
        """上半年 (1 Jan – 30 Jun) or 下半年 (1 Jul – 31 Dec) of `year`."""
        if half not in (1, 2):
            raise ValueError("a half-year is 1 or 2")
        if half == 1:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30), PeriodKind.HALF)
        return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31), PeriodKind.HALF)

    @classmethod
    def quarter(cls, year, quarter):
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1 to 4")
        start = datetime.date(year, 3 * quarter - 2, 1)
        following = (
            datetime.date(year + 1, 1, 1) if quarter == 4 else start.replace(month=start.month + 3)
        )
        return cls(start, following - datetime.timedelta(days=1), PeriodKind.QUARTER)

    @classmethod
    def dates(cls, start, end):
        if end < start:
            raise ValueError("the end comes before the start")
        for day in (start, end):
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError(f"year {day.year} out of range")
        return cls(start, end, PeriodKind.DATES)

    @classmethod
    def parse(cls, kind, year, to_year=None, part=None):
        """The period of `kind` starting in `year`; `to_year` ends a range of years, `part` is
        a half-year's (1, 2) or a quarter's (1 … 4) number."""
        year = int(year)
        if kind == PeriodKind.STATS:
            return cls.stats_year(year)
        if kind == PeriodKind.HALF:
            return cls.half(year, int(part or 1))
        if kind == PeriodKind.QUARTER:
            return cls.quarter(year, int(part or 1))
        if to_year and int(to_year) != year:
            return cls.years(year, int(to_year))
        return cls.year(year)

    @classmethod
    def from_query(cls, query, default_year):
        """The period named by URL parameters (`as_query()`), or ValueError when they are bad.

        Missing parameters mean the calendar year `default_year`."""
        kind = query.get("kind") or PeriodKind.YEAR
        if kind not in PeriodKind.values:
            raise ValueError(f"unknown period kind {kind!r}")
        if kind == PeriodKind.DATES:
            start = datetime.date.fromisoformat(query.get("start") or "")
            return cls.dates(start, datetime.date.fromisoformat(query.get("end") or ""))
        year = int(query.get("year") or default_year)
        to_year = int(query.get("to_year") or year) if kind == PeriodKind.YEARS else None
        for value in (year, to_year or year):
            if not FIRST_YEAR <= value <= LAST_YEAR:
                raise ValueError(f"year {value} out of range")
        # Not "part": a ratio's drill-down names its numerator or denominator so.
        part = query.get("half") if kind == PeriodKind.HALF else query.get("quarter")
        return cls.parse(kind, year, to_year, part)

    @property
    def is_year(self):
        return self.kind == PeriodKind.YEAR

    @property
    def within_year(self):
        """A half-year, a quarter or a date range: compared with the same dates a year earlier."""
        return self.kind in (PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.DATES)

    @property
    def part(self):
        """A half-year's or a quarter's number (None for other kinds)."""
        if self.kind == PeriodKind.HALF:
            return 1 if self.start.month == 1 else 2
        if self.kind == PeriodKind.QUARTER:
            return (self.start.month - 1) // 3 + 1
        return None

    def shifted(self, years):
        """The same dates `years` years earlier (29 February becomes the 28th)."""

        def back(day):
            try:
                return day.replace(year=day.year - years)
            except ValueError:
                return day.replace(year=day.year - years, day=28)

        return Period(back(self.start), back(self.end), self.kind)

    @property
    def is_stats(self):
        """A statistics year (1 Oct – 30 Sep)."""
        return self.kind == PeriodKind.STATS

    @property
    def is_range(self):
        """Several calendar years (a congress term)."""
        return self.kind == PeriodKind.YEARS

    @property
    def first_year(self):
        return self.end.year if self.is_stats else self.start.year

    @property
    def phrase(self):
        """How running text names a period within a year: 上半年, 第一季度, 3月1日至5月31日."""
        if self.kind == PeriodKind.HALF:
            return "上半年" if self.part == 1 else "下半年"
        if self.kind == PeriodKind.QUARTER:
            return f"第{'一二三四'[self.part - 1]}季度"
        start, end = self.start, self.end
        same_year = start.year == end.year
        head = (
            f"{start.month}月{start.day}日"
            if same_year
            else f"{start.year}年{start.month}月{start.day}日"
        )
        tail = f"{end.month}月{end.day}日" if same_year else f"{end.year}年{end.month}月{end.day}日"
        return f"{head}至{tail}"

    @property
    def compare_phrase(self):
        return "比去年同期"

    @property
    def last_year(self):
        return self.end.year

    def previous(self):
        """The period of the same length just before (last year, or the previous term)."""
        if self.within_year:
            return self.shifted(1)  # 去年同期
        span = self.last_year - self.first_year + 1
        if self.is_stats:
            return Period.stats_year(self.last_year - 1)
        return Period.years(self.first_year - span, self.last_year - span)

    @property
    def label(self):
        if self.is_stats:
            return _("statistics year %(year)d") % {"year": self.last_year}
        if self.is_range:
            return f"{self.first_year}–{self.last_year}"
        if self.kind == PeriodKind.HALF:
            text = _("first half of %(year)d") if self.part == 1 else _("second half of %(year)d")
            return text % {"year": self.start.year}
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)d %(year)d") % {"quarter": self.part, "year": self.start.year}
        if self.kind == PeriodKind.DATES:
            return f"{self.start.isoformat()} – {self.end.isoformat()}"
        return str(self.first_year)

    def trend(self, count=5):
        """The `count` single periods ending with this one's last year, oldest first: calendar
        years, or statistics years for a statistics year (the dashboard's and review's trend)."""
        if self.within_year:  # the same part of the years before
            return [self.shifted(back) for back in range(count - 1, -1, -1)]
        make = Period.stats_year if self.is_stats else Period.year
        return [make(year) for year in range(self.last_year - count + 1, self.last_year + 1)]

    def as_query(self):
        """URL parameters that rebuild this period (`Period.parse(**...)`)."""
        if self.kind == PeriodKind.DATES:
            return {
                "kind": self.kind.value,
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        query = {"kind": self.kind.value, "year": self.first_year}
        if self.is_range:
            query["to_year"] = self.last_year
        if self.part:
            query[self.kind.value] = self.part  # half=1, quarter=3
        return query
