"""The union organisation tree, employers, portal users and background jobs."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import choices
from .pinyin import full_pinyin, initials, person_readings
from .scoping import ScopedQuerySet, user_scope_path
from .tracking import track_history
from .validators import (
    mask_phone,
    validate_credit_code,
    validate_mobile,
    validate_past_date,
    validate_plausible_date,
)


class PinyinNamed(models.Model):
    """A record searched by name, its full pinyin or its initials ("xzgh" finds 新庄工会).

    `personal_name` marks a person's name, whose first character is read as a surname
    (曾 "zeng", not "ceng": `pinyin.person_readings`)."""

    name_pinyin = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    name_initials = models.CharField(max_length=100, blank=True, editable=False, db_index=True)

    personal_name = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = self.name_readings()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def name_readings(self):
        """(full pinyin, initials) as stored, cut to the columns' lengths."""
        if self.personal_name:
            full, short = person_readings(self.name)
        else:
            full, short = full_pinyin(self.name), initials(self.name)
        return full[:400], short[:100]


def standing_q(day, prefix=""):
    """An organisation standing on `day`: founded by then (one without a founding date has
    always existed) and not closed by then (open, or closed after `day`). `prefix` reaches the
    organisation through a relation ("union__").

    The one rule behind every figure that counts unions or organised employers at a date.
    """
    p = prefix
    return (Q(**{f"{p}founded_on__lte": day}) | Q(**{f"{p}founded_on__isnull": True})) & (
        Q(**{f"{p}status__in": choices.OrgStatus.OPEN}) | Q(**{f"{p}closed_on__gt": day})
    )


class UnionOrgQuerySet(ScopedQuerySet):
    scope_paths = ("path",)

    def townships(self):
        return self.filter(level=choices.OrgLevel.TOWNSHIP)

    def open(self):
        """Organisations that are not closed (`OrgStatus.CLOSED`): the ones offered as a
        parent, a member's union, a contract's union side or an employer's union."""
        return self.exclude(status__in=choices.OrgStatus.CLOSED)

    def closed(self):
        return self.filter(status__in=choices.OrgStatus.CLOSED)

    def standing_on(self, day):
        """Organisations standing on `day` (`standing_q`)."""
        return self.filter(standing_q(day))


@track_history
class UnionOrg(PinyinNamed):
    """A trade union organisation: the county federation, a township federation, an industry
    union or a grassroots union. The tree of these is the scope of every record and user.

    `path` is the materialised path of ids from the root ("/1/7/42/"), so a subtree is one
    indexed prefix match; it is maintained by `services.save_org` / `services.move_org`.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("The union's own 18-character code."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    township = models.ForeignKey(
        "self",
        verbose_name=_("township"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The township-level federation this organisation belongs to."),
    )
    level = models.CharField(_("level"), max_length=16, choices=choices.OrgLevel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=choices.OrgKind.choices)
    form = models.CharField(
        _("form"), max_length=16, choices=choices.OrgForm.choices, default=choices.OrgForm.SINGLE
    )
    committee_type = models.CharField(
        _("committee type"),
        max_length=16,
        choices=choices.CommitteeType.choices,
        default=choices.CommitteeType.COMMITTEE,
    )
    founded_on = models.DateField(
        _("founded on"), null=True, blank=True, validators=[validate_past_date]
    )
    approval_doc_no = models.CharField(_("approval document no."), max_length=100, blank=True)
    chair_name = models.CharField(_("chair"), max_length=50, blank=True)
    chair_phone = models.CharField(
        _("chair's phone"), max_length=20, blank=True, validators=[validate_mobile]
    )
    term_start = models.DateField(
        _("term starts"), null=True, blank=True, validators=[validate_plausible_date]
    )
    term_end = models.DateField(
        _("term ends"), null=True, blank=True, validators=[validate_plausible_date]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.OrgStatus.choices,
        default=choices.OrgStatus.ACTIVE,
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[validate_past_date]
    )
    closing_note = models.CharField(_("closing note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnionOrgQuerySet.as_manager()

    # The chair's phone is personal data: masked in the history unless the reader may reveal.
    history_masks = {"chair_phone": mask_phone}

    class Meta:
        verbose_name = _("union organisation")
        verbose_name_plural = _("union organisations")
        # By code, the tree's order: a child's code starts with its parent's and "-", so the
        # county comes first, then each township (QH-01, QH-02 …) followed by its unions.
        # Not `path`: ids are in the order records were entered (南岗镇 /1/10/ before 城关镇).
        ordering = ["code"]
        indexes = [
            models.Index(fields=["path"], name="unionorg_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["township", "status"], name="unionorg_township_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="unionorg_credit_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="unionorg_term_order",
            ),
            # The code identifies the organisation in every ledger and path of codes.
            models.CheckConstraint(
                condition=~models.Q(code=""),
                name="unionorg_code_not_blank",
                violation_error_message=_("Enter the code."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:org_detail", args=[self.pk])

    def is_within(self, other):
        """True when this organisation is `other` or lies below it."""
        return self.path.startswith(other.path)

    @property
    def is_closed(self):
        """Dissolved or merged (`OrgStatus.CLOSED`): it takes no new records."""
        return self.status in choices.OrgStatus.CLOSED

    @property
    def is_open(self):
        return not self.is_closed

    @property
    def status_badge(self):
        return choices.ORG_STATUS_BADGES.get(self.status, "secondary")


# An employer's record as staff enter it, the same for the form and the API.
EMPLOYER_FIELDS = [
    "name",
    "credit_code",
    "nature",
    "industry",
    "size_band",
    "township",
    "union",
    "address",
    "headcount",
    "women_count",
    "migrant_count",
    "must_organise",
]


class EmployerQuerySet(ScopedQuerySet):
    scope_paths = ("township__path", "union__path")

    def with_union_on(self, day):
        """Employers whose covering union stood on `day` (入会率 divides by their employees)."""
        return self.filter(standing_q(day, "union__"), union__isnull=False)

    def organised_on(self, day):
        """Employers organised on `day`: they must organise and their covering union stood
        then. 建会率's numerator and 签订率's denominator, so the two rates share one set."""
        return self.with_union_on(day).filter(must_organise=True)

    def enterprises(self):
        """Enterprises by 单位性质 (`EmployerNature.ENTERPRISES`): the base of 集体合同签订率,
        which counties count over enterprises, not agencies, institutions or committees."""
        return self.filter(nature__in=choices.EmployerNature.ENTERPRISES)

    def owned(self, ownership):
        """Employers of one ownership (`choices.Ownership`), by their 单位性质."""
        return self.filter(nature__in=choices.OWNERSHIP_NATURES[ownership])


@track_history
class Employer(PinyinNamed):
    """An employer (用人单位): a company, agency or institution whose workers a union organises.

    An employer is organised when `union` is set; a joint union (联合建会) covers several.
    `must_organise` marks employers counted in the denominator of the organising rate (建会率).
    """

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    nature = models.CharField(
        _("nature of employer"), max_length=3, choices=choices.EmployerNature.choices
    )
    industry = models.CharField(
        _("industry"), max_length=1, choices=choices.Industry.choices, blank=True
    )
    size_band = models.CharField(
        _("size"), max_length=8, choices=choices.SizeBand.choices, blank=True
    )
    township = models.ForeignKey(
        UnionOrg,
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="township_employers",
        limit_choices_to={"level": choices.OrgLevel.TOWNSHIP},
    )
    union = models.ForeignKey(
        UnionOrg,
        verbose_name=_("covering union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("employees"), default=0)
    women_count = models.PositiveIntegerField(_("women employees"), default=0)
    migrant_count = models.PositiveIntegerField(_("migrant workers"), default=0)
    must_organise = models.BooleanField(_("must organise"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        # "employers" alone is the unit of indicator figures (家); the model name has a context.
        verbose_name_plural = pgettext_lazy("model name", "employers")
        # By the township's code, as the tree lists townships, then by name.
        ordering = ["township__code", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="employer_credit_code_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(women_count__lte=models.F("headcount"))
                & models.Q(migrant_count__lte=models.F("headcount")),
                name="employer_counts_within_headcount",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:employer_detail", args=[self.pk])


class PortalUserManager(UserManager):
    def visible_to(self, user):
        """Users are managed by county administrators only."""
        path = user_scope_path(user)  # fails closed, also for an admin with no organisation
        if path is not None and user.role == choices.Role.COUNTY_ADMIN:
            return self.get_queryset().filter(org__path__startswith=path)
        return self.none()


@track_history(exclude=["password", "last_login"])
class User(AbstractUser):
    """A person who signs in: their role and the organisation whose subtree is their scope."""

    org = models.ForeignKey(
        UnionOrg,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=choices.Role.choices, default=choices.Role.ORG_STAFF
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def can_edit(self):
        """Staff roles write; leaders and auditors read only."""
        return self.role in (choices.Role.COUNTY_ADMIN, choices.Role.ORG_STAFF)

    @property
    def can_see_history(self):
        return self.role in (
            choices.Role.COUNTY_ADMIN,
            choices.Role.ORG_STAFF,
            choices.Role.AUDITOR,
        )

    @property
    def is_county_admin(self):
        return self.role == choices.Role.COUNTY_ADMIN


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job is seen by the person who started it."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(created_by=user)


class Job(models.Model):
    """A long piece of work (a large import or export, issuing a review) run by the worker.

    The page that started it polls `done`/`total` and shows a progress bar; the user can leave
    and come back. The result (a workbook, an error workbook, a PDF) is stored as a file.
    """

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=choices.JobStatus.choices, default=choices.JobStatus.QUEUED
    )
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    input_file = models.FileField(upload_to="jobs/in/%Y/%m/", blank=True)
    result_file = models.FileField(upload_to="jobs/out/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("core:job_detail", args=[self.pk])

    @property
    def outcome(self):
        return self.params.get("outcome") or {}

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == choices.JobStatus.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self):
        return self.status in (choices.JobStatus.DONE, choices.JobStatus.FAILED)

    @property
    def failed(self):
        return self.status == choices.JobStatus.FAILED

    @property
    def is_export(self):
        return self.kind == choices.JobKind.EXPORT

    @property
    def kind_label(self):
        """What the job does, in words."""
        return choices.JobKind(self.kind).label
