"""Members (会员) with their real-name record, the membership ledger and transfers."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import Employer, PinyinNamed, UnionOrg, track_history
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import mask_id_number, mask_phone

from . import choices, tally_sql


class MemberQuerySet(ScopedQuerySet):
    scope_paths = ("union__path",)

    def holding(self):
        """Members who count as members: active or with membership retained."""
        return self.filter(status__in=choices.HOLDING_STATUSES)


@track_history
class Member(PinyinNamed):
    """A trade union member: the real-name record of the national 实名制 template.

    `status` is never edited directly: it follows from the membership ledger
    (`MembershipChange`) through `services`. The database refuses a second active (or retained)
    membership for the same ID number, also when two staff save at the same moment.
    """

    union = models.ForeignKey(
        UnionOrg, verbose_name=_("union"), on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    id_type = models.CharField(
        _("ID type"),
        max_length=1,
        choices=choices.IdType.choices,
        default=choices.IdType.RESIDENT_ID,
    )
    id_number = models.CharField(_("ID number"), max_length=18)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=choices.Sex.choices)
    ethnicity = models.CharField(
        _("ethnicity"),
        max_length=2,
        choices=choices.Ethnicity.choices,
        default=choices.Ethnicity.HAN,
    )
    education = models.CharField(
        _("education"), max_length=2, choices=choices.Education.choices, blank=True
    )
    political_status = models.CharField(
        _("political status"),
        max_length=2,
        choices=choices.PoliticalStatus.choices,
        default=choices.PoliticalStatus.MASSES,
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    work_unit = models.CharField(_("workplace"), max_length=200, blank=True)
    employment = models.CharField(
        _("employment"),
        max_length=2,
        choices=choices.Employment.choices,
        default=choices.Employment.EMPLOYED,
    )
    skill_level = models.CharField(
        _("skill level"),
        max_length=1,
        choices=choices.SkillLevel.choices,
        default=choices.SkillLevel.NONE,
    )
    household_type = models.CharField(
        _("household registration"),
        max_length=1,
        choices=choices.HouseholdType.choices,
        default=choices.HouseholdType.NON_AGRICULTURAL,
    )
    is_migrant = models.BooleanField(_("migrant worker member"), default=False)
    new_form_group = models.CharField(
        _("new form of employment"),
        max_length=2,
        choices=choices.NewFormGroup.choices,
        blank=True,
    )
    joined_on = models.DateField(_("joined on"))
    card_no = models.CharField(_("membership card no."), max_length=30, blank=True)
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=choices.MemberStatus.choices,
        default=choices.MemberStatus.ACTIVE,
        editable=False,
    )
    status_since = models.DateField(_("status since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    # 曾 is searched as "zeng": the first character of a person's name is read as a surname.
    personal_name = True

    # Old numbers are as sensitive as the current one: the change history shows them masked to
    # everyone, and only the current one can be revealed (and that is logged), see masking.py.
    history_masks = {"id_number": mask_id_number, "phone": mask_phone}
    history_masks_everyone = True

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["union_id", "name_pinyin", "pk"]
        permissions = [("reveal_identity", "Can reveal full ID and phone numbers")]
        indexes = [
            models.Index(fields=["union", "status"], name="member_union_status"),
            models.Index(fields=["id_number"], name="member_id_number"),
            models.Index(fields=["joined_on"], name="member_joined_on"),
            models.Index(fields=["phone"], name="member_phone"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=models.Q(
                    status__in=[choices.MemberStatus.ACTIVE, choices.MemberStatus.RETAINED]
                ),
                name="member_one_active_membership_per_id",
                violation_error_message=_(
                    "Already an active member of another union; ask the county to transfer."
                ),
            ),
        ]
        triggers = [
            # The tallies break members down by these attributes (see MembershipTally).
            pgtrigger.Trigger(
                name="tallies_follow",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                referencing=pgtrigger.Referencing(old="old_rows", new="new_rows"),
                declare=tally_sql.MEMBER_DECLARE,
                func=tally_sql.MEMBER_UPDATED,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("membership:member_detail", args=[self.pk])

    @property
    def status_badge(self):
        return choices.STATUS_BADGES.get(self.status, "dark")


# The fields of the real-name record that staff enter: the form, the API and the exports use these.
RECORD_FIELDS = [
    "union",
    "name",
    "id_type",
    "id_number",
    "sex",
    "birth_date",
    "ethnicity",
    "political_status",
    "education",
    "phone",
    "employer",
    "work_unit",
    "employment",
    "skill_level",
    "household_type",
    "is_migrant",
    "new_form_group",
    "joined_on",
    "card_no",
]


class MembershipChangeQuerySet(ScopedQuerySet):
    scope_paths = ("union__path",)


@pghistory.track(pghistory.InsertEvent())
class MembershipChange(models.Model):
    """One line of the membership ledger (会籍变动): join, transfer in/out, retain, expel,
    withdraw. Append-only: the database refuses updates and deletes; a mistake is corrected by
    a further entry."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="changes"
    )
    union = models.ForeignKey(
        UnionOrg,
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The union where the change happened."),
    )
    change_type = models.CharField(_("change"), max_length=1, choices=choices.ChangeType.choices)
    changed_on = models.DateField(_("date"))
    reason = models.CharField(
        _("reason"), max_length=2, choices=choices.ChangeReason.choices, blank=True
    )
    other_union = models.ForeignKey(
        UnionOrg,
        verbose_name=_("other union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For transfers: the union transferred to or from."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["member_id", "changed_on", "pk"]
        indexes = [
            models.Index(fields=["change_type", "changed_on"], name="change_type_date"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            # New entries change the member tallies of periods ending on or after their date.
            pgtrigger.Trigger(
                name="tallies_follow",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                referencing=pgtrigger.Referencing(new="new_rows"),
                declare=tally_sql.LEDGER_DECLARE,
                func=tally_sql.LEDGER_INSERTED,
            ),
        ]

    def __str__(self):
        return f"{self.get_change_type_display()} {self.changed_on}"


class TallyQuerySet(ScopedQuerySet):
    scope_paths = ("union__path",)


class MembershipTally(models.Model):
    """How many ledger records of one kind a union holds for one reporting period, by the
    member attributes the reports break down (sex, migrant, new form of employment).

    Kept so that the reports of a county with a million members read a few thousand rows
    instead of rescanning the ledger: `tallies.py` builds a period's rows from the same
    querysets the drill-down lists, the first time a report asks for it. The database keeps
    them true (triggers on the ledger and on members, `tally_sql.py`): a write moves the counts
    it changes, or deletes the tallies it could change when it is large. A row with no union
    marks a period as built.
    """

    STANDING = "S"  # members at `last_day` (first_day == last_day), by sex and migrant flag
    NEW_FORM = "F"  # the same members in new forms of employment, by group (built with S)
    JOINS = "J"  # 入会 entries dated first_day..last_day, by sex and migrant flag

    measure = models.CharField(max_length=1)
    first_day = models.DateField()
    last_day = models.DateField()
    union = models.ForeignKey(
        UnionOrg, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    sex = models.CharField(max_length=1, choices=choices.Sex.choices, blank=True)
    is_migrant = models.BooleanField(default=False)
    new_form_group = models.CharField(
        max_length=2, choices=choices.NewFormGroup.choices, blank=True
    )
    count = models.IntegerField()

    objects = TallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "measure",
                    "last_day",
                    "first_day",
                    "union",
                    "sex",
                    "is_migrant",
                    "new_form_group",
                ],
                name="tally_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["measure", "last_day"],
                condition=models.Q(union__isnull=True),
                name="tally_built",
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.first_day}–{self.last_day}: {self.count}"


class TransferQuerySet(ScopedQuerySet):
    # Both sides see a transfer: the releasing union and the receiving union.
    scope_paths = ("from_union__path", "to_union__path")


@track_history
class MemberTransfer(models.Model):
    """A transfer of membership between unions (组织关系接转): requested by the releasing union,
    accepted or refused by the receiving union (or the county). Accepting writes the 转出 and 转入
    ledger entries and moves the member, in one transaction."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_union = models.ForeignKey(
        UnionOrg, verbose_name=_("from union"), on_delete=models.PROTECT, related_name="+"
    )
    to_union = models.ForeignKey(
        UnionOrg, verbose_name=_("to union"), on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("requested on"))
    reason = models.CharField(
        _("reason"),
        max_length=2,
        choices=choices.ChangeReason.choices,
        default=choices.ChangeReason.LABOUR_RELATION,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.TransferStatus.choices,
        default=choices.TransferStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    opinion = models.CharField(_("opinion"), max_length=200, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status=choices.TransferStatus.REQUESTED),
                name="one_open_transfer_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.to_union}"


class IdentityReveal(models.Model):
    """A log line each time someone reveals a member's full ID or phone number."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reveals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=20, default="id_number")

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} revealed {self.what} of {self.member} at {self.at:%Y-%m-%d %H:%M}"


class IdentityExport(models.Model):
    """A log line each time someone exports the member roster with full ID and phone numbers
    (a separate, deliberate choice; the default export masks them). One row per export, not
    per member: it names the organisation whose members were exported (the list's "within"
    filter, else the exporter's own scope), the query string and how many rows went out."""

    org = models.ForeignKey(
        UnionOrg, on_delete=models.PROTECT, related_name="identity_exports", verbose_name=_("scope")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    query = models.CharField(max_length=1000, blank=True)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} exported {self.rows} full identities of {self.org} at {self.at}"
