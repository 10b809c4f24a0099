"""Nomination rounds (推荐评选): a round of one honour type and year with its quota and the
ratios the notice sets, the candidates the units recommend, the checks other departments make
(联审), the public notice (公示) with its objections, and the approval that confers the
honours (`services.rounds.approve_round` → `record_award`)."""

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet, user_scope_path
from apps.core.validators import validate_id_number, validate_past_date
from apps.membership.choices import Sex

from ..choices import PersonCategory


class RoundStatus(models.TextChoices):
    DRAFTING = "drafting", _("Recommending")
    JOINT_REVIEW = "joint_review", _("Joint review")
    PUBLICITY = "publicity", _("Under public notice")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Round cancelled")


OPEN_ROUND_STATUSES = (RoundStatus.DRAFTING, RoundStatus.JOINT_REVIEW, RoundStatus.PUBLICITY)


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Recommended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not approved")
    AWARDED = "awarded", _("Awarded")


# On the list the round counts (its ratios, its quota, what approval confers).
STANDING = (CandidateStatus.PROPOSED, CandidateStatus.AWARDED)


class RoundStepKind(models.TextChoices):
    CREATE = "create", _("Round opened")
    SUBMIT = "submit", _("List submitted")
    PUBLICITY = "publicity", _("Public notice started")
    APPROVE = "approve", _("Approved")
    CANCEL = "cancel", _("Cancelled")


class CheckResult(models.TextChoices):
    PASSED = "passed", _("No objection")
    FAILED = "failed", _("Objection")


class ObjectionDecision(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the candidate is struck off")
    DISMISSED = "dismissed", _("Dismissed")


# 一线职工 as the notices count it: front-line workers and the migrant workers among them.
FRONTLINE_CATEGORIES = (PersonCategory.FRONTLINE, PersonCategory.MIGRANT)


def _ancestor_ids(path):
    return [int(part) for part in path.strip("/").split("/") if part]


class RoundQuerySet(ScopedQuerySet):
    """A round is placed by the union that runs it and is seen from below too: a township's
    units recommend to the county's round."""

    scope_paths = ("org__path",)

    def visible_to(self, user):
        path = user_scope_path(user)
        if path is None:
            return self.none()
        return self.filter(
            models.Q(org__path__startswith=path) | models.Q(org_id__in=_ancestor_ids(path))
        )


def percent(name):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Blank: the notice sets no such rule."),
    )


@track_history
class NominationRound(models.Model):
    """A nomination round (推荐评选) of one honour type and year, run by a union after its
    notice: how many may be recommended (quota) and the shares of the list the notice sets
    (一线职工 at least x %, 农民工 at least y %, 企业负责人 at most z %, women at least w %,
    each optional). The list is checked against them as candidates are added (a warning) and
    on submission (a refusal)."""

    org = models.ForeignKey(
        UnionOrg, verbose_name=_("run by"), on_delete=models.PROTECT, related_name="mw_rounds"
    )
    honour_type = models.ForeignKey(
        "modelworkers.HonourType",
        verbose_name=_("honour type"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    notice_no = models.CharField(_("notice document no."), max_length=100, blank=True)
    quota = models.PositiveIntegerField(_("quota"), validators=[MinValueValidator(1)])
    min_frontline = percent(_("front-line workers at least (%)"))
    min_migrant = percent(_("migrant workers at least (%)"))
    max_manager = percent(_("enterprise heads at most (%)"))
    min_women = percent(_("women at least (%)"))
    deadline = models.DateField(_("recommendations due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFTING
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    publicity_from = models.DateField(_("public notice from"), null=True, blank=True)
    publicity_to = models.DateField(_("public notice until"), null=True, blank=True)
    approved_on = models.DateField(_("conferred on"), null=True, blank=True)
    document_no = models.CharField(_("commendation document no."), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination round")
        verbose_name_plural = _("nomination rounds")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.name

    @property
    def status_badge(self):
        """Bootstrap colour of the status badge: approved green, cancelled grey, open blue."""
        if self.status == RoundStatus.APPROVED:
            return "success"
        return "secondary" if self.status == RoundStatus.CANCELLED else "primary"

    @property
    def is_open(self):
        return self.status in OPEN_ROUND_STATUSES


class CandidateQuerySet(ScopedQuerySet):
    """A candidate is placed by the unit that recommended it and by the round's union."""

    scope_paths = ("recommended_by__path", "round__org__path")


@track_history
class Candidate(models.Model):
    """A person recommended to a round by a unit (推荐对象): a model worker already on file, or a
    new person whose file approval creates. Category and sex are the candidate's as the round
    counts them (copied from the file when there is one)."""

    round = models.ForeignKey(
        NominationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    model_worker = models.ForeignKey(
        "modelworkers.ModelWorker",
        verbose_name=_("model worker file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    recommended_by = models.ForeignKey(
        UnionOrg,
        verbose_name=_("recommended by"),
        on_delete=models.PROTECT,
        related_name="mw_candidates",
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    person_category = models.CharField(
        _("person category"), max_length=20, choices=PersonCategory.choices
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    deeds = models.TextField(_("deeds"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CandidateStatus.choices,
        default=CandidateStatus.PROPOSED,
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    award = models.OneToOneField(
        "modelworkers.HonourAward",
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacy",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()
    drilldown_columns = [
        "round__name",
        "name",
        "person_category",
        "sex",
        "recommended_by__name",
        "status",
    ]

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["round_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "model_worker"],
                condition=models.Q(model_worker__isnull=False, status__in=STANDING),
                name="mw_candidate_once_per_round",
                violation_error_message=_("This person is already on the round's list."),
            ),
            models.UniqueConstraint(
                fields=["round", "id_number"],
                condition=~models.Q(id_number="") & models.Q(status__in=STANDING),
                name="mw_candidate_id_once_per_round",
                violation_error_message=_("This person is already on the round's list."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_standing(self):
        return self.status in STANDING


class RoundChildQuerySet(ScopedQuerySet):
    scope_paths = ("round__org__path",)

    def visible_to(self, user):
        return self.filter(round__in=NominationRound.objects.visible_to(user))


@track_history
class JointCheck(models.Model):
    """The opinion of another department on the list or on one candidate (联审: 纪检监察, 公安,
    人社, 市场监管, 税务, 生态环境, 应急管理 … for enterprise heads): department, result, date.
    A log: the database refuses to change or remove it."""

    round = models.ForeignKey(
        NominationRound, on_delete=models.PROTECT, related_name="joint_checks"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_checks",
        help_text=_("Blank: the department's opinion on the whole list."),
    )
    department = models.CharField(_("department"), max_length=100)
    result = models.CharField(_("result"), max_length=8, choices=CheckResult.choices)
    checked_on = models.DateField(_("date"), validators=[validate_past_date])
    note = models.CharField(_("opinion"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint review check")
        verbose_name_plural = _("joint review checks")
        ordering = ["round_id", "checked_on", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="mw_joint_check_is_final", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(result="failed") | ~models.Q(note=""),
                name="mw_joint_check_objection_has_opinion",
                violation_error_message=_("An objection states the department's opinion."),
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.get_result_display()}"


@track_history
class RoundObjection(models.Model):
    """An objection raised against a candidate during the public notice (公示异议), and how it
    was decided. Approval waits for every objection to be decided; an upheld one strikes the
    candidate off."""

    round = models.ForeignKey(NominationRound, on_delete=models.PROTECT, related_name="objections")
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="objections"
    )
    raised_on = models.DateField(_("raised on"), validators=[validate_past_date])
    raised_by = models.CharField(
        _("raised by"), max_length=100, blank=True, help_text=_("Blank when anonymous.")
    )
    content = models.TextField(_("objection"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=ObjectionDecision.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    finding = models.TextField(_("finding"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["round_id", "raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="") | ~models.Q(finding=""),
                name="mw_objection_decision_has_finding",
                violation_error_message=_("A decision states its finding."),
            ),
        ]

    def __str__(self):
        # No related row: the audit page names many of these at once.
        return f"{self.raised_on} {self.content[:20]}"


@track_history
class RoundStep(models.Model):
    """One step of a round's life (opened, submitted, public notice, approved, cancelled): who,
    on which day, with the opinion. A log: the database refuses to change or remove it."""

    round = models.ForeignKey(NominationRound, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=12, choices=RoundStepKind.choices)
    from_status = models.CharField(
        _("from"), max_length=16, choices=RoundStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=RoundStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acted_on = models.DateField(_("date"))
    opinion = models.TextField(_("opinion"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("round step")
        verbose_name_plural = _("round steps")
        ordering = ["round_id", "acted_on", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="mw_round_step_is_final", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self):
        # No related row (nor its id, a raw code to a reader): the audit page names many at once.
        return f"{self.get_kind_display()} {self.acted_on}"
