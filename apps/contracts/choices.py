"""Official categories of collective contracts (劳动和社会保障部令第22号《集体合同规定》, 劳动合同法
第51–53条). Labels are English source strings; the Chinese catalogue gives the official names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractType(models.TextChoices):
    """综合性集体合同 and the three special contracts (专项集体合同) of 劳动合同法第52条."""

    COMPREHENSIVE = "comprehensive", _("Comprehensive collective contract")
    WAGE = "wage", _("Special collective contract on wages")
    WOMEN = "women", _("Special collective contract on women workers' rights")
    SAFETY = "safety", _("Special collective contract on occupational safety and health")


class ContractScope(models.TextChoices):
    """Who signs for the employer side: one employer, or a sector/area (劳动合同法第53条)."""

    ENTERPRISE = "enterprise", _("Single employer")
    INDUSTRY = "industry", _("Industry-wide")
    REGIONAL = "regional", _("Regional")


# The documents' own names, for a contract's title (data in Chinese whatever the UI language).
DOCUMENT_NAMES = {
    ContractType.COMPREHENSIVE: "集体合同",
    ContractType.WAGE: "工资专项集体合同",
    ContractType.WOMEN: "女职工权益保护专项集体合同",
    ContractType.SAFETY: "劳动安全卫生专项集体合同",
}
SCOPE_PREFIXES = {ContractScope.INDUSTRY: "行业性", ContractScope.REGIONAL: "区域性"}

MULTI_EMPLOYER_SCOPES = (ContractScope.INDUSTRY, ContractScope.REGIONAL)


class ContractStatus(models.TextChoices):
    """协商中 → 已签订 → 已报送审查 → 已生效 → 即将到期 → 期满 / 已续订 / 已解除.

    Stored: negotiating, signed, submitted, effective, renewed, terminated. Derived from dates
    (never stored, so they cannot go stale): a submitted contract is in force once the labour
    bureau's 15 days pass without objection; an effective one is *expiring* within three months
    of its end and *expired* after it. See `queries.with_current_status`.
    """

    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    SUBMITTED = "submitted", _("Submitted for review")
    EFFECTIVE = "effective", _("In force")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    TERMINATED = "terminated", _("Terminated")


STORED_STATUSES = [
    (s.value, s.label)
    for s in ContractStatus
    if s not in (ContractStatus.EXPIRING, ContractStatus.EXPIRED)
]
# A contract that has entered into force (or will, once the bureau's 15 days pass).
LIVE_STATUSES = (ContractStatus.SUBMITTED, ContractStatus.EFFECTIVE)
FINAL_STATUSES = (ContractStatus.RENEWED, ContractStatus.TERMINATED)
# Stored statuses from which a contract can still be terminated (解除): not yet renewed or ended.
OPEN_STATUSES = (
    ContractStatus.NEGOTIATING,
    ContractStatus.SIGNED,
    ContractStatus.SUBMITTED,
    ContractStatus.EFFECTIVE,
)
# The badge each shown status wears in the lists and on the contract's page (a terminated
# contract's is dark).
STATUS_BADGES = {
    ContractStatus.NEGOTIATING: "text-bg-info",
    ContractStatus.SIGNED: "text-bg-primary",
    ContractStatus.SUBMITTED: "text-bg-primary",
    ContractStatus.EFFECTIVE: "text-bg-success",
    ContractStatus.EXPIRING: "text-bg-warning",
    ContractStatus.EXPIRED: "text-bg-secondary",
    ContractStatus.RENEWED: "text-bg-light border",
}


class ReviewResult(models.TextChoices):
    """The labour bureau's review (第44–47条): no objection, or a 审查意见书 with objections."""

    NO_OBJECTION = "no_objection", _("No objection")
    OBJECTION = "objection", _("Objection")


class CheckResult(models.TextChoices):
    """履约检查: how far the employer keeps the contract."""

    FULFILLED = "fulfilled", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


class Flag(models.TextChoices):
    """What needs attention (the attention page's sections and the list's filter)."""

    EXPIRING = "expiring", _("Expiring within 3 months")
    SUBMISSION_OVERDUE = "submission_overdue", _("Submission overdue")
    REPLY_OVERDUE = "reply_overdue", _("Reply overdue")
