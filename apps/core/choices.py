"""Official codes and categories of the union organisation registry.

The stored value is the official code where one exists, so exports round-trip with the national
systems' templates; labels are English source strings translated to Chinese by the locale files.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    GRASSROOTS = "grassroots", _("Grassroots")


class OrgKind(models.TextChoices):
    COUNTY_FEDERATION = "county", _("County federation of trade unions")
    TOWNSHIP_FEDERATION = "township", _("Township (subdistrict) federation")
    INDUSTRY = "industry", _("Industry (system) union")
    ENTERPRISE = "enterprise", _("Enterprise union")
    GOVERNMENT = "government", _("Government agency union")
    INSTITUTION = "institution", _("Public institution union")
    SOCIAL_ORG = "social_org", _("Social organisation union")
    VILLAGE = "village", _("Village (community) union")
    REGIONAL = "regional", _("Regional / sectoral federation")


class OrgForm(models.TextChoices):
    SINGLE = "single", _("Single-employer union")
    JOINT = "joint", _("Joint union")


class CommitteeType(models.TextChoices):
    COMMITTEE = "committee", _("Union committee")
    WORKING_COMMITTEE = "working", _("Working committee")
    ORGANISER = "organiser", _("Organiser (under 25 members)")


class OrgStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")
    MERGED = "merged", _("Merged")


# A closed organisation (dissolved or merged) keeps its records but takes no new ones: no new
# members, contracts, children or employers, and it stops counting from its closing date. Every
# check of "closed" reads these two names (and `UnionOrg.objects.open()` / `.closed()`, `is_open`).
OrgStatus.CLOSED = (OrgStatus.DISSOLVED, OrgStatus.MERGED)
OrgStatus.OPEN = tuple(status for status in OrgStatus if status not in OrgStatus.CLOSED)
# The badge colour of each status in the lists and on the organisation's page (closed: grey).
ORG_STATUS_BADGES = {OrgStatus.ACTIVE: "success", OrgStatus.PREPARING: "warning"}


class EmployerNature(models.TextChoices):
    """单位性质类别: the codes of the national union registry's 单位类别 list (全总《工会组织信息
    登记表》填表说明: 110 … 700, with 151/159, 161/169 and 190), then the portal's own 800
    block for the natures that list lacks and real rosters hold: the other 机构类型 of the
    statistics bureau's register of basic units (社会团体, 基金会, 居委会 and 村委会,
    农民专业合作社, 农村集体经济组织, 其他组织机构). 150 and 160 stay for ledgers that name only
    the company form.

    Villages' and residents' committees are one nature (村(居)民委员会), as union statistics
    count them, whichever of the two a roster names.
    """

    STATE_OWNED = "110", _("State-owned enterprise")
    COLLECTIVE = "120", _("Collective enterprise")
    JOINT_STOCK_COOP = "130", _("Joint-stock cooperative")
    JOINT_OPERATION = "140", _("Jointly operated enterprise")
    LIMITED_LIABILITY = "150", _("Limited liability company")
    WHOLLY_STATE_OWNED_COMPANY = "151", _("Wholly state-owned company")
    OTHER_LIMITED_LIABILITY = "159", _("Other limited liability company")
    JOINT_STOCK = "160", _("Joint-stock limited company")
    STATE_CONTROLLED_JOINT_STOCK = "161", _("State-controlled joint-stock limited company")
    OTHER_JOINT_STOCK = "169", _("Other joint-stock limited company")
    PRIVATE = "170", _("Private enterprise")
    OTHER_DOMESTIC = "190", _("Other domestic enterprise")
    HK_MACAO_TAIWAN = "200", _("Hong Kong, Macao or Taiwan invested")
    FOREIGN = "300", _("Foreign invested")
    INSTITUTION = "400", _("Public institution")
    GOVERNMENT = "500", _("Government agency")
    INDIVIDUAL = "600", _("Individual business")
    PRIVATE_NON_ENTERPRISE = "700", _("Private non-enterprise unit")
    SOCIAL_ORGANISATION = "810", _("Social organisation (association)")
    FOUNDATION = "820", _("Foundation")
    VILLAGE_COMMITTEE = "830", _("Villagers' or residents' committee")
    FARMERS_COOPERATIVE = "840", _("Farmers' specialised cooperative")
    RURAL_COLLECTIVE = "850", _("Rural collective economic organisation")
    OTHER_ORGANISATION = "900", _("Other organisation")


# 企业: the enterprise natures (110 … 300 with the finer company codes), over which counties
# count 集体合同签订率; not 个体工商户 (600), 机关 (500), 事业单位 (400), 民办非企业 (700) or the
# 800 block (社会团体, 村(居)委会 …).
EmployerNature.ENTERPRISES = tuple(
    nature for nature in EmployerNature if nature.value < "400" and nature.value >= "110"
)


class Ownership(models.TextChoices):
    """所有制: how the reviews break employer figures down ("国有及国有控股企业的签订率已经达到了
    100%，非公企业的签订率达到了90%以上"), read from the 单位性质类别 (`OWNERSHIP_NATURES`)."""

    STATE = "state", _("State-owned and state-controlled")
    COLLECTIVE = "collective", _("Collective")
    NON_PUBLIC = "non_public", _("Non-public")
    INSTITUTION = "institution", _("Public institutions")
    GOVERNMENT = "government", _("Government agencies")
    OTHER = "other", _("Other organisations")


# The natures of each ownership. State: 国有, 国有独资公司, 国有控股股份公司. Collective: 集体,
# 股份合作, 联营 (public ownership shared between collectives in the ledgers counties keep).
# Non-public: 私营, 港澳台, 外资, 个体, and the companies a ledger gives without state control
# (150/159/160/169, 190). 民办非企业 and the 800 block are neither enterprises nor public bodies.
N = EmployerNature
OWNERSHIP_NATURES = {
    Ownership.STATE: (N.STATE_OWNED, N.WHOLLY_STATE_OWNED_COMPANY, N.STATE_CONTROLLED_JOINT_STOCK),
    Ownership.COLLECTIVE: (N.COLLECTIVE, N.JOINT_STOCK_COOP, N.JOINT_OPERATION),
    Ownership.NON_PUBLIC: (
        N.LIMITED_LIABILITY,
        N.OTHER_LIMITED_LIABILITY,
        N.JOINT_STOCK,
        N.OTHER_JOINT_STOCK,
        N.PRIVATE,
        N.OTHER_DOMESTIC,
        N.HK_MACAO_TAIWAN,
        N.FOREIGN,
        N.INDIVIDUAL,
    ),
    Ownership.INSTITUTION: (N.INSTITUTION,),
    Ownership.GOVERNMENT: (N.GOVERNMENT,),
}
OWNERSHIP_NATURES[Ownership.OTHER] = tuple(
    nature for nature in N if not any(nature in group for group in OWNERSHIP_NATURES.values())
)
del N


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail")
    G = "G", _("Transport, storage and post")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information technology services")  # noqa: E741 - the official section letter
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Scientific research and technical services")
    N = "N", _("Water, environment and public facilities")
    O = "O", _("Resident services and repairs")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration and social organisations")
    T = "T", _("International organisations")


class SizeBand(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("County administrator")
    ORG_STAFF = "org_staff", _("Union staff")
    LEADER = "leader", _("Leader")
    AUDITOR = "auditor", _("Auditor")


class JobKind(models.TextChoices):
    """What a background job does; each kind has one runner (`apps.core.jobs.runner`)."""

    EXPORT = "export", _("export")
    IMPORT_CHECK = "import-check", _("check")
    IMPORT_COMMIT = "import-commit", _("import")
    ISSUE_REVIEW = "issue-review", _("Issue")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
