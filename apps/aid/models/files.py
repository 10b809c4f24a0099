"""The hardship file (困难职工档案, 一户一档): the household, its members, the registry of the
people an open file holds, and the logged steps of its life."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, PinyinNamed, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import validate_id_number, validate_past_date
from apps.membership.choices import Ethnicity, PoliticalStatus, Sex

from .. import choices
from ..choices import OPEN_STATUSES, FileStatus
from ..masking import FILE_HISTORY_MASKS, MEMBER_HISTORY_MASKS


def money(label, **options):
    """An amount in yuan, two places, never negative."""
    options.setdefault("default", 0)
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, validators=[MinValueValidator(0)], **options
    )


def choice(label, choice_class, max_length=20, **options):
    options.setdefault("blank", True)
    return models.CharField(label, max_length=max_length, choices=choice_class.choices, **options)


class FileQuerySet(ScopedQuerySet):
    """A file is placed in the tree by the union that keeps it."""

    scope_paths = ("org__path",)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def on_file(self):
        return self.filter(status=FileStatus.ACTIVE)


@track_history
class HardshipFile(PinyinNamed):
    """A household's hardship file (困难职工档案), kept by the union of the worker it is filed for,
    field for field as the national form (全国工会帮扶工作管理系统) so it round-trips with its
    template. One household, one file: the worker (户主 on this form) and every family member
    are registered in `FilePerson`, and the database lets nobody be in two open files.

    The category is confirmed by staff against the suggestion that the per-capita income and the
    local 低保标准 give (rules.py); the standard used and the suggestion are kept with the file,
    so a later change of the standard does not rewrite why the file was put in its category.
    The status moves only through `services` (申请 → 基层初审 → 入户调查 → 公示 → 县总审批 → 在档,
    then the yearly reviews); each move is a `FileStep`.

    The worker's name is found by its pinyin or initials (`name_pinyin`, `name_initials`,
    indexed, filled on every save and by the demo's bulk insert; the surname read as a surname:
    曾 is "zeng" → z).
    """

    file_no = models.CharField(_("file no."), max_length=40, unique=True)
    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("filing union"),
        on_delete=models.PROTECT,
        related_name="hardship_files",
        help_text=_("The union that keeps the file: the worker's own union, or the township's."),
    )
    category = choice(_("hardship category"), choices.Category)
    legacy_category = choice(_("former hardship category"), choices.LegacyCategory)
    suggested_category = models.CharField(
        _("suggested category"),
        max_length=20,
        choices=choices.Category.choices,
        blank=True,
        editable=False,
    )
    category_reason = models.CharField(
        _("reason for the category"),
        max_length=300,
        blank=True,
        help_text=_("Required when the category differs from the one the income suggests."),
    )
    low_income_standard = models.DecimalField(
        _("minimum living standard applied (yuan/month)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        editable=False,
    )
    person_kind = choice(
        _("worker category"), choices.PersonKind, blank=False, default=choices.PersonKind.URBAN
    )
    file_level = choice(
        _("file level"), choices.FileLevel, blank=False, default=choices.FileLevel.NATIONAL
    )
    file_origin = choice(
        _("file origin"), choices.FileOrigin, blank=False, default=choices.FileOrigin.NEW
    )

    # The worker the household is filed for.
    name = models.CharField(_("person's name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    political_status = models.CharField(
        _("political status"),
        max_length=2,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    member = models.ForeignKey(
        "membership.Member",
        verbose_name=_("member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hardship_files",
    )
    health = choice(_("health"), choices.Health, blank=False, default=choices.Health.GOOD)
    disability_type = choice(_("disability type"), choices.DisabilityType, max_length=1)
    disability_grade = choice(_("disability grade"), choices.DisabilityGrade, max_length=1)
    work_status = choice(_("work status"), choices.WorkStatus, blank=False)
    model_worker_type = choice(
        _("model worker type"),
        choices.ModelWorkerType,
        blank=False,
        default=choices.ModelWorkerType.NONE,
    )
    marital_status = choice(_("marital status"), choices.MaritalStatus)
    household_type = choice(
        _("household registration"),
        choices.HouseholdType,
        blank=False,
        default=choices.HouseholdType.NON_AGRICULTURAL,
    )
    medical_insurance = choice(_("medical insurance"), choices.MedicalInsurance)
    housing_type = choice(_("housing"), choices.HousingType)
    housing_area = choice(_("floor area"), choices.HousingArea, max_length=8)
    address = models.CharField(_("home address"), max_length=200, blank=True)
    household_region = models.CharField(
        _("household registration area"),
        max_length=12,
        blank=True,
        help_text=_("Administrative division code (GB/T 2260) of the household registration."),
    )
    work_start_on = models.DateField(_("started work on"), null=True, blank=True)
    work_unit = models.CharField(_("workplace"), max_length=200, blank=True)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hardship_files",
    )
    unit_type = choice(_("nature of employer"), choices.UnitType)
    enterprise_status = choice(_("state of the enterprise"), choices.EnterpriseStatus)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    labor_contract_start = models.DateField(_("labour contract signed on"), null=True, blank=True)
    labor_contract_term = choice(_("labour contract term"), choices.ContractTerm, max_length=8)

    # Household circumstances and income (yuan).
    is_single_parent = models.BooleanField(_("single parent"), default=False)
    zero_employment_family = models.BooleanField(_("zero-employment family"), default=False)
    can_self_help = models.BooleanField(_("able to help themselves"), default=False)
    monthly_income = money(_("own average monthly income"))
    other_annual_income = money(_("other non-wage annual household income"))
    household_annual_income = money(_("total annual household income"))
    rigid_expenses = money(
        _("annual rigid expenses"),
        help_text=_("Illness, disability, children's schooling and necessary costs of work."),
    )
    household_size = models.PositiveSmallIntegerField(
        _("household members living together"),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    per_capita_monthly = models.DecimalField(
        _("per-capita monthly income"), max_digits=12, decimal_places=2, editable=False
    )
    main_cause = models.CharField(_("main cause"), max_length=2, choices=choices.Cause.choices)
    secondary_causes = ArrayField(
        models.CharField(max_length=2, choices=choices.Cause.choices),
        verbose_name=_("secondary causes"),
        size=3,
        default=list,
        blank=True,
    )
    bank = models.CharField(_("bank"), max_length=100, blank=True)
    bank_branch = models.CharField(_("bank branch"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank card no."), max_length=32, blank=True)

    # Who filed it and how far it has come.
    filed_by = models.CharField(_("filed by"), max_length=50, blank=True)
    checked_by = models.CharField(_("file checked by"), max_length=50, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    applied_on = models.DateField(_("applied on"), validators=[validate_past_date])
    filed_on = models.DateField(_("on file since"), null=True, blank=True, editable=False)
    publicity_starts_on = models.DateField(
        _("public notice from"), null=True, blank=True, editable=False
    )
    publicity_ends_on = models.DateField(
        _("public notice until"), null=True, blank=True, editable=False
    )
    last_reviewed_on = models.DateField(
        _("last reviewed on"), null=True, blank=True, editable=False
    )
    closed_on = models.DateField(_("file closed on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=FileStatus.choices,
        default=FileStatus.APPLIED,
        editable=False,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FileQuerySet.as_manager()

    history_masks = FILE_HISTORY_MASKS  # sensitive personal information (masking.py)
    history_masks_everyone = True
    personal_name = True  # 曾 read "zeng" in the name's pinyin (PinyinNamed)

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(fields=["org", "status"], name="aid_file_org_status"),
            models.Index(fields=["id_number"], name="aid_file_id_number"),
            models.Index(fields=["status", "category"], name="aid_file_status_category"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category="") | ~models.Q(legacy_category=""),
                name="aid_file_has_a_category",
                violation_error_message=_("Choose the hardship category."),
            ),
            models.CheckConstraint(
                condition=models.Q(secondary_causes__len__lte=3),
                name="aid_file_at_most_three_secondary_causes",
                violation_error_message=_("At most three secondary causes."),
            ),
            models.CheckConstraint(
                condition=models.Q(household_size__gte=1),
                name="aid_file_household_not_empty",
                violation_error_message=_("A household has at least one member."),
            ),
            models.CheckConstraint(
                condition=~models.Q(file_no=""),
                name="aid_file_no_not_blank",
                violation_error_message=_("Enter the file number."),
            ),
        ]

    def __str__(self):
        return f"{self.file_no} {self.name}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class FileChildQuerySet(ScopedQuerySet):
    scope_paths = ("file__org__path",)


@track_history
class FamilyMember(models.Model):
    """A member of the household living with the worker (家庭成员), with the schooling that
    金秋助学 reads (level, school, admission year and length of study)."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="family")
    name = models.CharField(_("person's name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=16, choices=choices.Relation.choices)
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    political_status = models.CharField(
        _("political status"),
        max_length=2,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    member = models.ForeignKey(
        "membership.Member",
        verbose_name=_("member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_of_files",
    )
    monthly_income = money(_("monthly income"))
    health = choice(_("health"), choices.Health, blank=False, default=choices.Health.GOOD)
    disability_type = choice(_("disability type"), choices.DisabilityType, max_length=1)
    disability_grade = choice(_("disability grade"), choices.DisabilityGrade, max_length=1)
    medical_insurance = choice(_("medical insurance"), choices.MedicalInsurance)
    marital_status = choice(_("marital status"), choices.MaritalStatus)
    household_type = choice(_("household registration"), choices.HouseholdType)
    model_worker_type = choice(
        _("model worker type"),
        choices.ModelWorkerType,
        blank=False,
        default=choices.ModelWorkerType.NONE,
    )
    work_status = choice(_("work status"), choices.WorkStatus)
    work_unit = models.CharField(_("workplace or school"), max_length=200, blank=True)
    labor_contract_start = models.DateField(_("labour contract signed on"), null=True, blank=True)
    labor_contract_term = choice(_("labour contract term"), choices.ContractTerm, max_length=8)
    schooling_level = choice(_("current schooling"), choices.SchoolingLevel)
    admission_year = models.PositiveSmallIntegerField(
        _("admission year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    study_years = models.PositiveSmallIntegerField(
        _("length of study (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )

    objects = FileChildQuerySet.as_manager()

    history_masks = MEMBER_HISTORY_MASKS
    history_masks_everyone = True

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["file_id", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_relation_display()})"


class FilePerson(models.Model):
    """One person an open hardship file holds, the worker or a family member, keyed by ID
    number: the database's one-file-per-person rule lives here, a partial unique index over
    the people of open files, so two clerks filing the same person at the same moment cannot
    both succeed. The services keep `open` equal to whether the file is open."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="people")
    family_member = models.OneToOneField(
        FamilyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="person"
    )
    id_number = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("person's name"), max_length=50)
    open = models.BooleanField(_("in an open file"), default=True)

    objects = FileChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("person in a file")
        verbose_name_plural = _("people in files")
        ordering = ["file_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(open=True),
                name="aid_person_in_one_open_file",
                violation_error_message=_("This person is already in another open hardship file."),
            ),
            models.UniqueConstraint(fields=["file", "id_number"], name="aid_person_once_per_file"),
        ]

    def __str__(self):
        return f"{self.name} → {self.file_id}"


@track_history
class FileStep(models.Model):
    """One step of a file's life (申请, 基层初审, 入户调查, 公示, 县总审批, 年度复核 …): the acting
    organisation, the person, the day and the opinion, with the status before and after.
    A log, so the database refuses to change or remove a step once written."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=choices.StepKind.choices)
    approved = models.BooleanField(_("approved"), null=True)
    review_kind = choice(_("kind of review"), choices.ReviewKind, max_length=12)
    outcome = choice(_("review outcome"), choices.ReviewOutcome)
    from_status = models.CharField(_("from"), max_length=16, choices=FileStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=FileStatus.choices)
    acting_org = models.ForeignKey(
        UnionOrg, verbose_name=_("acting organisation"), on_delete=models.PROTECT, related_name="+"
    )
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

    objects = FileChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("file step")
        verbose_name_plural = _("file steps")
        ordering = ["file_id", "acted_on", "pk"]
        indexes = [
            # A file's status on a day is its last step's `to_status` on or before it (the
            # figures of files on record): one index probe per file, read from the index.
            models.Index(
                "file",
                models.F("acted_on").desc(),
                models.F("id").desc(),
                include=["to_status"],
                name="aid_step_last_on_day",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="aid_step_is_final", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved=False) | ~models.Q(opinion=""),
                name="aid_step_refusal_has_opinion",
                violation_error_message=_("A refusal states its opinion."),
            ),
        ]

    def __str__(self):
        return f"{self.file_id} {self.get_kind_display()} {self.acted_on}"


@track_history
class FileObjection(models.Model):
    """An objection raised while the file is under public notice (公示异议), and how it was
    decided. The notice cannot close while an objection is undecided; an upheld objection
    refuses the application."""

    file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="objections")
    raised_on = models.DateField(_("raised on"), validators=[validate_past_date])
    raised_by = models.CharField(
        _("raised by"), max_length=100, blank=True, help_text=_("Blank when anonymous.")
    )
    content = models.TextField(_("objection"))
    decision = choice(_("decision"), choices.ObjectionDecision, max_length=10)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("finding"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FileChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["file_id", "raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="") | ~models.Q(decision_note=""),
                name="aid_objection_decision_has_finding",
                violation_error_message=_("A decision states its finding."),
            ),
        ]

    def __str__(self):
        return f"{self.file_id} {self.raised_on}"
