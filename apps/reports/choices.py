from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Calendar year")
    YEARS = "years", _("Range of years")
    STATS = "stats", _("Statistics year (1 Oct – 30 Sep)")
    HALF = "half", _("Half-year")
    QUARTER = "quarter", _("Quarter")
    DATES = "dates", _("Date range")


class SectionKind(models.TextChoices):
    """The review's own parts. A chapter on a line of work has its line's code as its kind
    (declared by the app that records it: `sections.py`)."""

    FOREWORD = "foreword", _("Foreword")
    CLOSING = "closing", _("Problems and next year's plans")
    OTHER = "other", _("Other")
