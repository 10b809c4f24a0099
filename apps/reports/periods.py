"""Reporting periods: a calendar year, a range of years (a congress term such as 2011–2015) and
the union statistics year (1 October of the year before to 30 September)."""

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
    def parse(cls, kind, year, to_year=None):
        year = int(year)
        if kind == PeriodKind.STATS:
            return cls.stats_year(year)
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
        year = int(query.get("year") or default_year)
        to_year = int(query.get("to_year") or year) if kind == PeriodKind.YEARS else None
        for value in (year, to_year or year):
            if not FIRST_YEAR <= value <= LAST_YEAR:
                raise ValueError(f"year {value} out of range")
        return cls.parse(kind, year, to_year)

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
    def last_year(self):
        return self.end.year

    def previous(self):
        """The period of the same length just before (last year, or the previous term)."""
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
        return str(self.first_year)

    def trend(self, count=5):
        """The `count` single periods ending with this one's last year, oldest first: calendar
        years, or statistics years for a statistics year (the dashboard's and review's trend)."""
        make = Period.stats_year if self.is_stats else Period.year
        return [make(year) for year in range(self.last_year - count + 1, self.last_year + 1)]

    def as_query(self):
        """URL parameters that rebuild this period (`Period.parse(**...)`)."""
        query = {"kind": self.kind.value, "year": self.first_year}
        if self.is_range:
            query["to_year"] = self.last_year
        return query
