"""Skills contests (职业技能大赛) within a competition: one contest a trade, its contestants and
their results (rank, prize, title granted, grade promotion)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, track_history
from apps.core.scoping import ScopedQuerySet
from apps.membership.choices import Sex

from ..choices import (
    ContestRound,
    GradePromotion,
    Prize,
    TitleGranted,
)
from .competitions import Competition, CompetitionPartQuerySet, money

__all__ = ["ContestResult", "Contestant", "SkillsContest"]


@track_history
class SkillsContest(models.Model):
    """One trade's contest (工种) within a skills competition, with its rounds."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="contests")
    trade = models.CharField(_("trade"), max_length=50)
    rounds = models.PositiveSmallIntegerField(
        _("rounds"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    held_on = models.DateField(_("final held on"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    objects = CompetitionPartQuerySet.as_manager()
    drilldown_columns = ["competition__name", "trade", "rounds", "held_on"]

    class Meta:
        verbose_name = _("skills contest")
        verbose_name_plural = _("skills contests")
        ordering = ["competition_id", "trade", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "trade"], name="contest_one_per_trade"),
        ]

    def __str__(self):
        return f"{self.competition} · {self.trade}"

    def get_absolute_url(self):
        return reverse("competitions:contest_detail", args=[self.pk])


class ContestantQuerySet(ScopedQuerySet):
    scope_paths = ("contest__competition__organiser__path",)


@track_history
class Contestant(models.Model):
    """A worker entered in a trade's contest; results are recorded only for those entered."""

    contest = models.ForeignKey(SkillsContest, on_delete=models.CASCADE, related_name="contestants")
    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="contestants",
    )
    number = models.CharField(_("contestant no."), max_length=20, blank=True)
    entered_on = models.DateField(_("entered on"), null=True, blank=True)

    objects = ContestantQuerySet.as_manager()
    drilldown_columns = ["contest__trade", "name", "employer__name", "number"]

    class Meta:
        verbose_name = _("contestant")
        verbose_name_plural = _("contestants")
        ordering = ["contest_id", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "employer", "name"], name="contestant_once_per_contest"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.employer}）"


class ResultQuerySet(ScopedQuerySet):
    scope_paths = ("contestant__contest__competition__organiser__path",)


@track_history
class ContestResult(models.Model):
    """A contestant's result in one round: score, rank, prize and prize money; a final's
    result may grant a title (技术能手 …) and a grade promotion (晋升技师 …)."""

    contestant = models.ForeignKey(Contestant, on_delete=models.CASCADE, related_name="results")
    round = models.CharField(
        _("round"), max_length=12, choices=ContestRound.choices, default=ContestRound.FINAL
    )
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    prize = models.CharField(_("prize"), max_length=12, choices=Prize.choices, blank=True)
    prize_money = money(_("prize money (yuan)"))
    title_granted = models.CharField(
        _("title granted"), max_length=12, choices=TitleGranted.choices, blank=True
    )
    promotion = models.CharField(
        _("grade promotion"), max_length=20, choices=GradePromotion.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResultQuerySet.as_manager()
    drilldown_columns = [
        "contestant__contest__trade",
        "contestant__name",
        "contestant__employer__name",
        "round",
        "rank",
        "prize",
        "title_granted",
        "promotion",
    ]

    class Meta:
        verbose_name = _("contest result")
        verbose_name_plural = _("contest results")
        ordering = ["contestant_id", "round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contestant", "round"], name="contest_result_once_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.contestant} {self.get_round_display()}"
