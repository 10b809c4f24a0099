from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Calendar year")
    YEARS = "years", _("Range of years")
    STATS = "stats", _("Statistics year (1 Oct – 30 Sep)")
    HALF = "half", _("Half-year")
    QUARTER = "quarter", _("Quarter")
    DATES = "dates", _("Date range")


# The periods a stored review covers (AnnualReview keeps its kind and years, not dates): a year,
# a range of years or a statistics year. Periods within a year are for the dashboard, the
# drill-downs and the workbook.
REVIEW_PERIOD_KINDS = [
    (kind.value, kind.label) for kind in (PeriodKind.YEAR, PeriodKind.YEARS, PeriodKind.STATS)
]


class SectionKind(models.TextChoices):
    """The review's own parts. A chapter on a line of work has its line's code as its kind
    (declared by the app that records it: `sections.py`)."""

    FOREWORD = "foreword", _("Foreword")
    CLOSING = "closing", _("Problems and next year's plans")
    OTHER = "other", _("Other")
