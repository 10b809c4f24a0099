"""Codes of the national real-name member template (实名制会员模板) and the membership ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IdType(models.TextChoices):
    RESIDENT_ID = "1", _("Resident identity card")
    PASSPORT = "2", _("Passport")
    HMT_PERMIT = "3", _("Residence permit for Hong Kong, Macao and Taiwan residents")
    OTHER = "9", _("Other")


class Sex(models.TextChoices):
    """GB/T 2261.1 codes."""

    MALE = "1", _("Male")
    FEMALE = "2", _("Female")


class Ethnicity(models.TextChoices):
    """GB 3304 codes (民族)."""

    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    OTHER = "97", _("Other ethnicity")
    FOREIGN = "98", _("Foreign origin")


class Education(models.TextChoices):
    """Schooling as the real-name template lists it (GB/T 4658 groups)."""

    PRIMARY = "80", _("Primary school or less")
    JUNIOR = "70", _("Junior middle school")
    SECONDARY_VOCATIONAL = "40", _("Secondary vocational school")
    SENIOR = "60", _("Senior middle school")
    COLLEGE = "30", _("Junior college")
    BACHELOR = "20", _("University")
    POSTGRADUATE = "10", _("Postgraduate")


class PoliticalStatus(models.TextChoices):
    """GB/T 4762 codes (政治面貌)."""

    CPC_MEMBER = "01", _("Member of the Communist Party of China")
    CPC_PROBATIONARY = "02", _("Probationary party member")
    YOUTH_LEAGUE = "03", _("Member of the Communist Youth League")
    DEMOCRATIC_PARTY = "04", _("Member of a democratic party")
    INDEPENDENT = "12", _("Non-party personage")
    MASSES = "13", _("Ordinary citizen")


class Employment(models.TextChoices):
    """就业情况."""

    EMPLOYED = "10", _("In post")
    AWAITING_POST = "20", _("Awaiting a post")
    UNEMPLOYED = "30", _("Unemployed")
    RETIRED = "40", _("Retired")
    RESIGNED = "50", _("Resigned from post")
    INTERNAL_RETIREMENT = "60", _("Internal retirement")
    FLEXIBLE = "70", _("Flexible employment")


class SkillLevel(models.TextChoices):
    """技能等级 (职业资格)."""

    LEVEL_1 = "1", _("Level 1 (senior technician)")
    LEVEL_2 = "2", _("Level 2 (technician)")
    LEVEL_3 = "3", _("Level 3 (senior worker)")
    LEVEL_4 = "4", _("Level 4 (intermediate worker)")
    LEVEL_5 = "5", _("Level 5 (junior worker)")
    NONE = "0", _("None")


class HouseholdType(models.TextChoices):
    NON_AGRICULTURAL = "1", _("Non-agricultural")
    AGRICULTURAL = "2", _("Agricultural")


class NewFormGroup(models.TextChoices):
    """新就业形态劳动者 (the "eight groups" and their peers)."""

    TRUCK_DRIVER = "01", _("Truck driver")
    COURIER = "02", _("Courier")
    FOOD_DELIVERY = "03", _("Online food delivery rider")
    RIDE_HAILING = "04", _("Ride-hailing driver")
    DOMESTIC = "05", _("Domestic service worker")
    CARER = "06", _("Care worker")
    SECURITY = "07", _("Security guard")
    MALL_INFO = "08", _("Shopping mall information clerk")
    ESTATE_AGENT = "09", _("Real estate agent")


class ChangeType(models.TextChoices):
    """会籍变化类型, the codes of the national template."""

    JOIN = "1", _("Joined")
    TRANSFER_IN = "2", _("Transferred in")
    RETAIN = "3", _("Membership retained")
    TRANSFER_OUT = "4", _("Transferred out")
    EXPEL = "5", _("Expelled")
    WITHDRAW = "6", _("Withdrew")


class ChangeReason(models.TextChoices):
    """会籍变化原因."""

    LABOUR_RELATION = "01", _("Labour relation changed")
    AWAITING_POST = "02", _("Awaiting a post after lay-off")
    UNEMPLOYMENT = "03", _("Unemployment")
    RETIREMENT = "04", _("Retirement (including early retirement)")
    INTERNAL_RETIREMENT = "05", _("Internal retirement")
    EMPLOYER_CLOSED = "06", _("Employer closed or bankrupt")
    OWN_REQUEST = "07", _("At the member's own request")
    NO_DUES = "08", _("Six months without dues or union activity")
    CRIMINAL_PENALTY = "09", _("Criminal penalty")
    DECEASED = "10", _("Deceased")
    NEW_MEMBER = "11", _("New member")
    OTHER = "99", _("Other")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership status", "Active")
    RETAINED = "retained", pgettext_lazy("membership status", "Retained")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    WITHDRAWN = "withdrawn", _("Withdrew")
    EXPELLED = "expelled", _("Expelled")


# A member counts as a member (and holds their ID number) in these states.
HOLDING_STATUSES = (MemberStatus.ACTIVE, MemberStatus.RETAINED)
# The badge colour of each status in the roster and on the member's page (others: dark).
STATUS_BADGES = {
    MemberStatus.ACTIVE: "success",
    MemberStatus.RETAINED: "info",
    MemberStatus.TRANSFERRED_OUT: "secondary",
}

# The status each ledger entry leaves the member in.
STATUS_AFTER = {
    ChangeType.JOIN: MemberStatus.ACTIVE,
    ChangeType.TRANSFER_IN: MemberStatus.ACTIVE,
    ChangeType.RETAIN: MemberStatus.RETAINED,
    ChangeType.TRANSFER_OUT: MemberStatus.TRANSFERRED_OUT,
    ChangeType.EXPEL: MemberStatus.EXPELLED,
    ChangeType.WITHDRAW: MemberStatus.WITHDRAWN,
}


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the receiving union")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
