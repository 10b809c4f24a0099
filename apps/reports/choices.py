from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Calendar year")
    YEARS = "years", _("Range of years")
    STATS = "stats", _("Statistics year (1 Oct – 30 Sep)")


class SectionKind(models.TextChoices):
    """What a review section is: the foreword, one line of work (a `Sections` code), the closing
    problems-and-plans, or free text staff added."""

    FOREWORD = "foreword", _("Foreword")
    ORGANISATION = "organisation", _("Organisation building")
    BARGAINING = "bargaining", _("Collective bargaining")
    AID = "aid", _("Hardship aid")
    MODEL_WORKERS = "model_workers", _("Model workers")
    COMPETITIONS = "competitions", _("Labour competitions")
    CLOSING = "closing", _("Problems and next year's plans")
    OTHER = "other", _("Other")
