"""Competitions (劳动竞赛): the competition, the major projects it covers, the employers and
workers taking part, its awards, and its skills contests with their contestants and results."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet
from apps.membership.choices import Sex

from ..choices import (
    STATUS_BADGES,
    AwardeeKind,
    AwardTitle,
    CompetitionLevel,
    CompetitionStatus,
    CompetitionType,
)

__all__ = [
    "Competition",
    "CompetitionAward",
    "CompetitionProject",
    "Participant",
    "Participation",
]


def money(label, **options):
    """An amount in yuan, two places, never negative."""
    options.setdefault("default", 0)
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], **options
    )


class CompetitionQuerySet(ScopedQuerySet):
    """A competition is placed in the tree by the union that organises it."""

    scope_paths = ("organiser__path",)


@track_history
class Competition(models.Model):
    """A labour or skills competition (劳动和技能竞赛) organised by a union, alone or with
    government departments (人社局, 发改委, 应急管理局 …), over a period.

    Its status moves one step at a time through `services` (策划 → 启动 → 进行中 → 考核评比 →
    表彰 → 结束); participants are entered until the assessment ends, awards are given at the
    commendation and dated within the period.
    """

    name = models.CharField(_("name"), max_length=200)
    competition_type = models.CharField(_("type"), max_length=20, choices=CompetitionType.choices)
    scheme = models.CharField(
        _("scheme"),
        max_length=50,
        blank=True,
        help_text=_("For a key-project competition: 五比五看, 七比一创, 六比一创 …"),
    )
    level = models.CharField(
        _("level"), max_length=12, choices=CompetitionLevel.choices, default=CompetitionLevel.COUNTY
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        UnionOrg,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="competitions",
    )
    co_organisers = models.CharField(
        _("co-organising departments"),
        max_length=300,
        blank=True,
        help_text=_("Separated by 、 (人社局、发改委 …)."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = money(_("budget (yuan)"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CompetitionStatus.choices,
        default=CompetitionStatus.PLANNING,
        editable=False,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompetitionQuerySet.as_manager()
    drilldown_columns = [
        "name",
        "competition_type",
        "level",
        "organiser__name",
        "starts_on",
        "ends_on",
        "status",
    ]

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["-starts_on", "-id"], name="competition_list_order"),
            models.Index(fields=["starts_on", "ends_on"], name="competition_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="competition_ends_after_start",
                violation_error_message=_("The competition must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="competition_name_not_blank",
                violation_error_message=_("Enter the competition's name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competitions:competition_detail", args=[self.pk])

    @property
    def status_badge(self):
        return STATUS_BADGES.get(self.status, "text-bg-dark")

    @property
    def is_key_project(self):
        return self.competition_type == CompetitionType.KEY_PROJECT


class CompetitionPartQuerySet(ScopedQuerySet):
    """A competition's parts are placed by its organiser."""

    scope_paths = ("competition__organiser__path",)


@track_history
class CompetitionProject(models.Model):
    """A major project (重大工程, 重点项目) a key-project competition covers."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("project"), max_length=200)
    builder = models.CharField(_("built by"), max_length=200, blank=True)
    investment = money(_("investment (yuan)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CompetitionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("project covered")
        verbose_name_plural = _("projects covered")
        ordering = ["competition_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "name"], name="competition_project_unique"
            ),
        ]

    def __str__(self):
        return self.name


class ParticipationQuerySet(ScopedQuerySet):
    """A participation is seen by the competition's organiser and by the employer's township
    and covering union (a township sees its employers in county competitions)."""

    scope_paths = (
        "competition__organiser__path",
        "employer__township__path",
        "employer__union__path",
    )


@track_history
class Participation(models.Model):
    """One employer taking part in a competition, with its workers (人次) and teams.

    An employer in several overlapping competitions has one row in each; "employers taking
    part" counts it once, "workers" sums the 人次 of every row. When people are entered by name
    (`Participant`), `workers` is at least their number.
    """

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="participations"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="competition_participations",
    )
    project = models.ForeignKey(
        CompetitionProject,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    workers = models.PositiveIntegerField(_("workers (person-times)"), default=0)
    teams = models.PositiveIntegerField(_("teams"), default=0)
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()
    drilldown_columns = ["competition__name", "employer__name", "workers", "teams"]

    class Meta:
        verbose_name = _("participating employer")
        verbose_name_plural = _("participating employers")
        ordering = ["competition_id", "employer__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "employer"], name="participation_one_per_employer"
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "competition"], name="participation_employer"),
        ]

    def __str__(self):
        return f"{self.employer} · {self.competition}"


class ParticipantQuerySet(ScopedQuerySet):
    """A named participant is placed like the participation it belongs to."""

    scope_paths = tuple(f"participation__{path}" for path in ParticipationQuerySet.scope_paths)


@track_history
class Participant(models.Model):
    """A worker entered by name in a competition, through the employer's participation."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    trade = models.CharField(_("trade"), max_length=50, blank=True)
    team = models.CharField(_("team"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["participation_id", "pk"]
        indexes = [models.Index(fields=["participation", "name"], name="participant_name")]

    def __str__(self):
        return self.name


class AwardQuerySet(ScopedQuerySet):
    scope_paths = ("competition__organiser__path",)


@track_history
class CompetitionAward(models.Model):
    """A commendation at the end of a competition, to a unit, a team or a person.

    Either one of the competition's own titles (优胜单位, 先进个人 …) or an honour of the
    model-worker registry (工人先锋号, 五一劳动奖章 …): an honour is recorded once, through
    `apps.modelworkers.services.record_award`, and this award links to that record.
    """

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="awards")
    awardee_kind = models.CharField(_("awarded to"), max_length=8, choices=AwardeeKind.choices)
    title = models.CharField(_("award"), max_length=24, choices=AwardTitle.choices, blank=True)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_awards",
    )
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    person_name = models.CharField(_("person"), max_length=50, blank=True)
    awarded_on = models.DateField(_("awarded on"))
    document_no = models.CharField(_("document no."), max_length=60, blank=True)
    prize_money = money(_("prize money (yuan)"))
    deeds = models.CharField(_("deeds"), max_length=500, blank=True)
    # An award that is an honour: its type, its recipient in the model-worker registry, and
    # the registry's record of it (created by `record_award`, one-to-one).
    honour_type = models.ForeignKey(
        "modelworkers.HonourType",
        verbose_name=_("honour"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_awards",
    )
    model_worker = models.ForeignKey(
        "modelworkers.ModelWorker",
        verbose_name=_("person in the registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_awards",
    )
    collective = models.ForeignKey(
        "modelworkers.Collective",
        verbose_name=_("collective in the registry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competition_awards",
    )
    honour_award = models.OneToOneField(
        "modelworkers.HonourAward",
        verbose_name=_("honour record"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="competition_award",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardQuerySet.as_manager()
    drilldown_columns = [
        "competition__name",
        "awardee_kind",
        "title",
        "employer__name",
        "team_name",
        "person_name",
        "awarded_on",
    ]

    class Meta:
        verbose_name = _("competition award")
        verbose_name_plural = _("competition awards")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["awarded_on"], name="competition_award_on")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(awardee_kind=AwardeeKind.PERSON) | ~models.Q(person_name=""),
                name="competition_award_person_named",
                violation_error_message=_("Name the person commended."),
            ),
            models.CheckConstraint(
                condition=~models.Q(awardee_kind=AwardeeKind.UNIT)
                | models.Q(employer__isnull=False),
                name="competition_award_unit_named",
                violation_error_message=_("Choose the unit commended."),
            ),
            models.CheckConstraint(
                condition=~models.Q(awardee_kind=AwardeeKind.TEAM) | ~models.Q(team_name=""),
                name="competition_award_team_named",
                violation_error_message=_("Name the team commended."),
            ),
        ]

    def __str__(self):
        return f"{self.awardee_name} · {self.award_name}"

    @property
    def awardee_name(self):
        if self.awardee_kind == AwardeeKind.PERSON:
            return self.person_name
        if self.awardee_kind == AwardeeKind.TEAM:
            unit = self.employer.name if self.employer_id else ""
            return f"{unit}{self.team_name}"
        return self.employer.name if self.employer_id else ""

    @property
    def award_name(self):
        if self.honour_type_id is not None:
            return str(self.honour_type)
        return self.get_title_display()
