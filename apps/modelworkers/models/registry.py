"""The registry: honour types the county edits, the model-worker files (劳模档案), the
collective honourees (先进集体) and every award (荣誉获得记录), to a person, a collective or a
union organisation (职工之家, 星级工会 … are honours with a union as recipient)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, PinyinNamed, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import mask_id_number, mask_phone, validate_id_number
from apps.membership.choices import Sex

from ..choices import (
    CollectiveKind,
    CollectiveStatus,
    Employment,
    HonourCategory,
    Level,
    PersonCategory,
    RecipientKind,
    WorkerStatus,
)


class HonourTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


@track_history
class HonourType(models.Model):
    """A kind of honour as the county's list names it (全国劳动模范, 省五一劳动奖章, 县工人先锋号,
    县级合格职工之家 …): its category, its level, who confers it, on whom, and the model-worker
    treatment it carries (a national 五一劳动奖章 carries provincial treatment; a 工匠 title
    none). County data, not scoped: the standard list is `fixtures/honour_types.json`.

    `is_merit` marks a 记功 grade (记功劳模, 记功集体): no national scale was found, so the
    county's practice decides which types count as one.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=24, choices=HonourCategory.choices)
    level = models.CharField(_("level"), max_length=1, choices=Level.choices)
    conferring_body = models.CharField(
        _("conferred by"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 中华全国总工会, 县委县政府"),
    )
    recipient_kind = models.CharField(
        _("conferred on"), max_length=12, choices=RecipientKind.choices
    )
    treatment_level = models.CharField(
        _("treatment level"),
        max_length=1,
        choices=Level.choices,
        blank=True,
        help_text=_("The model-worker treatment the honour carries; empty for none."),
    )
    is_merit = models.BooleanField(_("merit grade (记功)"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = HonourTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour type")
        verbose_name_plural = _("honour types")
        ordering = ["level", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(treatment_level="")
                | models.Q(recipient_kind=RecipientKind.PERSON),
                name="mw_type_treatment_for_persons",
                violation_error_message=_(
                    "Only an honour conferred on a person carries treatment."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class ModelWorkerQuerySet(ScopedQuerySet):
    """A model worker is placed in the tree by the union that keeps the file."""

    scope_paths = ("org__path",)

    def on_record(self):
        return self.filter(status=WorkerStatus.ON_RECORD)

    def living(self):
        """Everyone whose file does not record a death (已故)."""
        return self.exclude(status=WorkerStatus.DECEASED)


@track_history
class ModelWorker(PinyinNamed):
    """A model worker's file (劳模档案): a person who holds, or held, an honour conferred on a
    person (劳模, 先进工作者, 五一劳动奖章, 工匠 …), kept by the union that manages them (属地).

    `treatment_level` and `top_award` are not edited: `services.registry.refresh_worker` keeps
    them from the person's awards (the best treatment any award's type carries, none once the
    title is withdrawn; the award of the highest level), so lists filter and count by them with
    no subquery. Sex and birth date follow from the ID number.
    """

    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("managing union"),
        on_delete=models.PROTECT,
        related_name="model_workers",
        help_text=_("The union that keeps the file: the person's own union, or the township's."),
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("ID number"), max_length=18, unique=True, validators=[validate_id_number]
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    member = models.ForeignKey(
        "membership.Member",
        verbose_name=_("member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="model_worker_files",
        editable=False,
    )
    person_category = models.CharField(
        _("person category"), max_length=20, choices=PersonCategory.choices
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="model_workers",
    )
    work_unit = models.CharField(_("workplace"), max_length=200, blank=True)
    post = models.CharField(_("post"), max_length=100, blank=True)
    employment = models.CharField(
        _("employment"), max_length=10, choices=Employment.choices, default=Employment.IN_POST
    )
    status = models.CharField(
        _("status"), max_length=12, choices=WorkerStatus.choices, default=WorkerStatus.ON_RECORD
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    hardship = models.BooleanField(_("in hardship"), default=False)
    note = models.TextField(_("note"), blank=True)

    treatment_level = models.CharField(
        _("treatment level"), max_length=1, choices=Level.choices, blank=True, editable=False
    )
    top_award = models.ForeignKey(
        "HonourAward",
        verbose_name=_("highest honour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModelWorkerQuerySet.as_manager()

    personal_name = True
    history_masks = {"id_number": mask_id_number, "phone": mask_phone}
    history_masks_everyone = True

    class Meta:
        verbose_name = _("model worker")
        verbose_name_plural = _("model workers")
        ordering = ["treatment_level", "name_pinyin", "pk"]
        indexes = [
            models.Index(fields=["org", "status"], name="mw_worker_org_status"),
            models.Index(fields=["treatment_level", "status"], name="mw_worker_treatment"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=WorkerStatus.WITHDRAWN) | models.Q(treatment_level=""),
                name="mw_worker_withdrawn_no_treatment",
                violation_error_message=_("A person whose title was withdrawn has no treatment."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("modelworkers:worker", args=[self.pk])

    @property
    def status_badge(self):
        """Bootstrap colour of the status badge: on the register green, otherwise grey."""
        return "success" if self.status == WorkerStatus.ON_RECORD else "secondary"

    @property
    def living(self):
        return self.status != WorkerStatus.DECEASED

    @property
    def id_number_shown(self):
        """The ID number as this reader may see it: in full only when the queryset was
        annotated with `reveal` for a user who may reveal (`apps.core.masking.can_reveal`)."""
        return self.id_number if getattr(self, "reveal", False) else mask_id_number(self.id_number)

    @property
    def phone_shown(self):
        if not self.phone:
            return ""
        return self.phone if getattr(self, "reveal", False) else mask_phone(self.phone)


class CollectiveQuerySet(ScopedQuerySet):
    """A collective is placed in the tree by the union that keeps its record."""

    scope_paths = ("org__path",)


@track_history
class Collective(PinyinNamed):
    """A collective honouree (先进集体): a unit, or a department, workshop, team or project team
    of one, that holds an honour conferred on a unit (五一劳动奖状, 模范集体) or on a team
    (工人先锋号)."""

    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("managing union"),
        on_delete=models.PROTECT,
        related_name="honoured_collectives",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=CollectiveKind.choices)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honoured_collectives",
        help_text=_("The unit itself, or the unit the team belongs to."),
    )
    parent_unit = models.CharField(_("parent unit"), max_length=200, blank=True)
    leader = models.CharField(_("person in charge"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CollectiveStatus.choices,
        default=CollectiveStatus.ON_RECORD,
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectiveQuerySet.as_manager()

    history_masks = {"phone": mask_phone}

    class Meta:
        verbose_name = _("honoured collective")
        verbose_name_plural = _("honoured collectives")
        ordering = ["name_pinyin", "pk"]
        indexes = [models.Index(fields=["org", "status"], name="mw_collective_org_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"],
                name="mw_collective_unique_name",
                violation_error_message=_("This union already keeps a collective of that name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("modelworkers:collective", args=[self.pk])

    @property
    def status_badge(self):
        """Bootstrap colour of the status badge: on the register green, otherwise grey."""
        return "success" if self.status == CollectiveStatus.ON_RECORD else "secondary"

    @property
    def phone_shown(self):
        if not self.phone:
            return ""
        return self.phone if getattr(self, "reveal", False) else mask_phone(self.phone)


class AwardQuerySet(ScopedQuerySet):
    """An award is placed in the tree by its recipient: the union keeping the person's or the
    collective's record, or the recognised union itself."""

    scope_paths = ("model_worker__org__path", "collective__org__path", "union_org__path")

    def standing(self):
        return self.filter(revoked=False)

    def to_persons(self):
        return self.filter(model_worker__isnull=False)

    def to_collectives(self):
        return self.filter(collective__isnull=False)

    def to_unions(self):
        return self.filter(union_org__isnull=False)


ONE_RECIPIENT = (
    models.Q(model_worker__isnull=False, collective__isnull=True, union_org__isnull=True)
    | models.Q(model_worker__isnull=True, collective__isnull=False, union_org__isnull=True)
    | models.Q(model_worker__isnull=True, collective__isnull=True, union_org__isnull=False)
)


@track_history
class HonourAward(models.Model):
    """One conferment of an honour (荣誉获得记录) on exactly one recipient: a model worker, a
    collective or a union organisation (the database checks there is exactly one). The level
    is the type's, copied when recorded so a later edit of the type does not rewrite history.
    Recorded only through `services.registry.record_award`, which checks the type's recipient
    kind, refuses a person whose title was withdrawn and a level the type does not have, and
    refreshes the person's treatment level. A revoked award (撤销) stays, marked, and no longer
    counts for treatment."""

    honour_type = models.ForeignKey(
        HonourType, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="awards"
    )
    level = models.CharField(_("level"), max_length=1, choices=Level.choices, editable=False)
    model_worker = models.ForeignKey(
        ModelWorker,
        verbose_name=_("model worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    union_org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("union organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honour_awards",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    conferred_on = models.DateField(_("conferred on"))
    document_no = models.CharField(_("commendation document no."), max_length=100, blank=True)
    certificate_no = models.CharField(_("certificate no."), max_length=60, blank=True)
    recommended_by = models.CharField(_("recommended by"), max_length=200, blank=True)
    deeds = models.TextField(_("deeds"), blank=True)
    revoked = models.BooleanField(_("revoked"), default=False, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revoked_reason = models.CharField(
        _("reason for revocation"), max_length=300, blank=True, editable=False
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Where the award was recorded from, e.g. a competition or a nomination round."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour award")
        verbose_name_plural = _("honour awards")
        ordering = ["-conferred_on", "-pk"]
        indexes = [
            models.Index(fields=["conferred_on"], name="mw_award_conferred_on"),
            models.Index(fields=["level", "conferred_on"], name="mw_award_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=ONE_RECIPIENT,
                name="mw_award_one_recipient",
                violation_error_message=_(
                    "An award goes to exactly one model worker, collective or union organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["honour_type", "year", "model_worker"],
                condition=models.Q(model_worker__isnull=False),
                name="mw_award_once_per_person",
                violation_error_message=_("This person already holds this honour for that year."),
            ),
            models.UniqueConstraint(
                fields=["honour_type", "year", "collective"],
                condition=models.Q(collective__isnull=False),
                name="mw_award_once_per_collective",
                violation_error_message=_(
                    "This collective already holds this honour for that year."
                ),
            ),
            models.UniqueConstraint(
                fields=["honour_type", "year", "union_org"],
                condition=models.Q(union_org__isnull=False),
                name="mw_award_once_per_union",
                violation_error_message=_("This union already holds this honour for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.honour_type}"

    def get_absolute_url(self):
        return reverse("modelworkers:award", args=[self.pk])

    @property
    def recipient(self):
        return self.model_worker or self.collective or self.union_org
