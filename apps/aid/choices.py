"""Official value lists of the hardship file (困难职工档案, 全国工会帮扶工作管理系统) and of aid
programmes. Labels are English source strings; the Chinese catalogue gives the national form's
wording, so an export reads like the national template. Where the national form has numeric codes
(主要致困原因 1–10, 残疾类别 and 等级 of GB/T 26341) they are stored as is; the other lists have no
published codes and store short English keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """困难类别 since 2021: decided by the household's per-capita income against the local
    minimum living standard (低保标准), except 意外致困 (a sudden event), see rules.py."""

    DEEP = "deep", _("Deep hardship")
    RELATIVE = "relative", _("Relative hardship")
    ACCIDENT = "accident", _("Hardship by accident")


class LegacyCategory(models.TextChoices):
    """困难类别 of the 2016–2020 files (解困脱困), kept for old files."""

    SUBSISTENCE = "subsistence", _("Minimum-subsistence household")
    NEAR_SUBSISTENCE = "near_subsistence", _("Household near the subsistence line")
    ACCIDENT = "accident", _("Household in hardship by accident")


class PersonKind(models.TextChoices):
    """人员类别."""

    URBAN = "urban", _("Urban worker in hardship")
    MIGRANT = "migrant", _("Migrant worker in hardship")


class FileLevel(models.TextChoices):
    """档案层级: files may be kept in layers, each aided from its own level's funds."""

    NATIONAL = "national", _("National file")
    PROVINCE = "province", _("Provincial file")
    CITY = "city", _("City file")
    COUNTY = "county", _("County file")


class FileOrigin(models.TextChoices):
    """档案来源."""

    EXISTING = "existing", _("Existing file")
    NEW = "new", _("New file")
    RELAPSED = "relapsed", _("Relapse file")


class Cause(models.TextChoices):
    """致困原因: one main cause, up to three secondary ones (national codes)."""

    NO_WORK_CAPACITY = "1", _("Unable to work")
    NOT_EMPLOYED = "2", _("Able to work but not employed")
    LAID_OFF = "3", _("Laid off or unemployed")
    NO_INSURANCE = "4", _("Not covered by social insurance")
    INSURANCE_UNPAID = "5", _("Social insurance benefits not delivered")
    SERIOUS_ILLNESS = "6", _("Serious illness")
    DISASTER = "7", _("Natural disaster")
    ACCIDENT = "8", _("Accident")
    SCHOOLING = "9", _("Children at school")
    OTHER = "10", _("Other cause")


class Health(models.TextChoices):
    """健康状况 of the national form (diseases as its list names them)."""

    GOOD = "good", _("Good health")
    CANCER = "cancer", _("Malignant tumour (cancer)")
    CARDIOVASCULAR = "cardiovascular", _("Cardiovascular disease")
    CEREBROVASCULAR = "cerebrovascular", _("Cerebrovascular disease")
    RENAL = "renal", _("End-stage renal disease (uraemia)")
    MENTAL = "mental", _("Mental illness")
    LIVER = "liver", _("Liver disease")
    BLOOD = "blood", _("Blood disease")
    DIABETES = "diabetes", _("Diabetes")
    TUMOUR = "tumour", _("Tumour")
    SPINE = "spine", _("Lumbar or cervical spine disease")
    HYPERTENSION = "hypertension", _("Hypertension")
    LUNG = "lung", _("Lung disease")
    ORDINARY = "ordinary", _("Ordinary illness")
    COMA = "coma", _("Deep coma")
    PARALYSIS = "paralysis", _("Permanent paralysis")
    ALZHEIMER = "alzheimer", _("Severe Alzheimer's disease")
    PARKINSON = "parkinson", _("Severe Parkinson's disease")
    MOTOR_NEURON = "motor_neuron", _("Severe motor neurone disease")
    DISABLED = "disabled", _("Disability")


class DisabilityType(models.TextChoices):
    """残疾类别 (GB/T 26341 codes, as on the disability card)."""

    VISUAL = "1", _("Visual disability")
    HEARING = "2", _("Hearing disability")
    SPEECH = "3", _("Speech disability")
    PHYSICAL = "4", _("Physical disability")
    INTELLECTUAL = "5", _("Intellectual disability")
    MENTAL = "6", _("Mental disability")
    MULTIPLE = "7", _("Multiple disabilities")


class DisabilityGrade(models.TextChoices):
    """残疾等级 (GB/T 26341): 一级 is the most severe."""

    GRADE_1 = "1", _("Grade 1 (most severe)")
    GRADE_2 = "2", _("Grade 2 (severe)")
    GRADE_3 = "3", _("Grade 3 (moderate)")
    GRADE_4 = "4", _("Grade 4 (mild)")


class WorkStatus(models.TextChoices):
    """工作状态(身份)."""

    IN_POST = "in_post", _("In post")
    LAID_OFF = "laid_off", _("Laid off or awaiting a post")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    SICK_LEAVE = "sick_leave", _("On sick leave")
    INTERNAL_RETIREMENT = "internal_retirement", _("Internal retirement")
    MIGRANT = "migrant", _("Migrant worker")
    FLEXIBLE = "flexible", _("Flexible employment")


class ModelWorkerType(models.TextChoices):
    """劳模类型."""

    NATIONAL = "national", _("National model worker")
    PROVINCIAL = "provincial", _("Provincial or ministerial model worker")
    CITY = "city", _("City model worker")
    OTHER = "other", _("Other model worker")
    NONE = "none", _("Not a model worker")


class HousingType(models.TextChoices):
    """住房类型."""

    EMPLOYER_RENTED = "employer_rented", _("Rented from the employer")
    PUBLIC_RENTAL = "public_rental", _("Government low-rent housing")
    OWN_BOUGHT = "own_bought", _("Own purchased home")
    NONE = "none", _("No home")
    RENTED = "rented", _("Rented privately")
    SELF_BUILT = "self_built", _("Self-built home")
    OTHER = "other", _("Other housing")


class HousingArea(models.TextChoices):
    """住房建筑面积 in the national form's bands (square metres)."""

    UP_TO_20 = "le20", _("20 m² or less")
    FROM_20_TO_50 = "20_50", _("20–50 m²")
    FROM_50_TO_70 = "50_70", _("50–70 m²")
    OVER_70 = "gt70", _("Over 70 m²")


class MaritalStatus(models.TextChoices):
    MARRIED = "married", _("Married")
    SINGLE = "single", _("Unmarried")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class HouseholdType(models.TextChoices):
    """户口类型 of the hardship form (it has 农转居, which the member template does not)."""

    NON_AGRICULTURAL = "non_agricultural", _("Non-agricultural")
    AGRICULTURAL = "agricultural", _("Agricultural")
    CONVERTED = "converted", _("Converted from agricultural to urban")


class UnitType(models.TextChoices):
    """单位性质 of the worker's employer."""

    STATE_ORGAN = "state_organ", _("State organ or public institution")
    STATE_OWNED = "state_owned", _("State-owned enterprise")
    COLLECTIVE = "collective", _("Collective enterprise")
    PRIVATE = "private", _("Private or individual enterprise")
    OTHER = "other", _("Other employer")


class EnterpriseStatus(models.TextChoices):
    """企业状况 (the national list was not captured; the usual four)."""

    NORMAL = "normal", _("Operating normally")
    HALTED = "halted", _("Production halted or partly halted")
    BANKRUPT = "bankrupt", _("Closed or bankrupt")
    RESTRUCTURED = "restructured", _("Restructured")


class MedicalInsurance(models.TextChoices):
    """医保状况."""

    EMPLOYEE = "employee", _("Employees' basic medical insurance")
    RESIDENT = "resident", _("Residents' basic medical insurance")
    NONE = "none", _("No medical insurance")


class ContractTerm(models.TextChoices):
    """劳动合同期限 of a migrant worker, in the national form's bands."""

    UNDER_HALF_YEAR = "lt_half", _("Under half a year")
    HALF_TO_ONE = "half_1", _("Half a year to one year")
    TWO_YEARS = "2y", _("Two years")
    THREE_YEARS = "3y", _("Three years")
    FOUR_YEARS = "4y", _("Four years")
    FIVE_PLUS = "5y_plus", _("Five years or more")
    OPEN_ENDED = "open", _("Open-ended")


class Relation(models.TextChoices):
    """与困难职工关系 of a family member."""

    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Father or mother")
    PARENT_IN_LAW = "parent_in_law", _("Parent-in-law")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class SchoolingLevel(models.TextChoices):
    """当前学历 of a family member at school (金秋助学 aids 本科, 专科(高职), 高中 and 中职)."""

    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior middle school")
    SENIOR = "senior", _("Senior middle school")
    SECONDARY_VOCATIONAL = "vocational", _("Secondary vocational education")
    JUNIOR_COLLEGE = "junior_college", _("Junior college (higher vocational)")
    BACHELOR = "bachelor", _("Undergraduate")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class FileStatus(models.TextChoices):
    """Where a file stands: 申请 → 基层初审 → 入户调查 → 公示 → 县总审批 → 在档, then closed by
    a yearly review (脱困撤档, 死亡撤档, 不符合条件退档, 调出移交) or refused at a step. An open
    file (every status up to 在档) holds its people: none of them may be in another open file."""

    APPLIED = "applied", _("Applied")
    UNIT_REVIEWED = "unit_reviewed", _("Passed the grassroots review")
    VISITED = "visited", _("Home visit done")
    PUBLICITY = "publicity", _("Under public notice")
    PUBLICIZED = "publicized", _("Public notice passed")
    ACTIVE = "active", _("On file")
    REFUSED = "refused", _("Not approved")
    RELIEVED = "relieved", _("Closed: out of hardship")
    DECEASED = "deceased", _("Closed: deceased")
    WITHDRAWN = "withdrawn", _("Withdrawn: not eligible")
    TRANSFERRED = "transferred", _("Closed: transferred out")


OPEN_STATUSES = (
    FileStatus.APPLIED,
    FileStatus.UNIT_REVIEWED,
    FileStatus.VISITED,
    FileStatus.PUBLICITY,
    FileStatus.PUBLICIZED,
    FileStatus.ACTIVE,
)
CLOSED_STATUSES = tuple(s for s in FileStatus if s not in OPEN_STATUSES)
# A closed file whose household may fall back into hardship (返困重建).
RELAPSABLE_STATUSES = (FileStatus.RELIEVED, FileStatus.WITHDRAWN)


class StepKind(models.TextChoices):
    """One logged step of a file's life (each with acting organisation, actor, date, opinion)."""

    APPLY = "apply", _("Application")
    UNIT_REVIEW = "unit_review", _("Grassroots review")
    HOME_VISIT = "home_visit", _("Home visit")
    PUBLICITY_START = "publicity_start", _("Public notice posted")
    PUBLICITY_END = "publicity_end", _("Public notice closed")
    COUNTY_APPROVAL = "county_approval", _("County approval")
    ANNUAL_REVIEW = "annual_review", _("Yearly review")


class ReviewKind(models.TextChoices):
    """How a file came to be reviewed."""

    YEARLY = "yearly", _("Yearly review")
    SPOT_CHECK = "spot_check", _("Spot check")
    CHANGE = "change", _("Change in circumstances")


class ReviewOutcome(models.TextChoices):
    """档案动态管理 outcomes of a review."""

    MAINTAIN = "maintain", _("Maintained")
    ADJUST_CATEGORY = "adjust_category", _("Category adjusted")
    RELIEVED = "relieved", _("Closed: out of hardship")
    DECEASED = "deceased", _("Closed: deceased")
    NOT_ELIGIBLE = "not_eligible", _("Withdrawn: not eligible")
    TRANSFER = "transfer", _("Transferred")
    RELAPSE = "relapse", _("Relapsed: file rebuilt")


class ObjectionDecision(models.TextChoices):
    """How an objection raised during the public notice was decided."""

    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class StandardArea(models.TextChoices):
    """低保标准 differ for urban and rural residents."""

    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class ProgrammeKind(models.TextChoices):
    """帮扶项目."""

    WINTER_WARMTH = "winter_warmth", _("Winter warmth")
    AUTUMN_SCHOOLING = "autumn_schooling", _("Golden autumn school aid")
    SUMMER_COOL = "summer_cool", _("Summer coolness")
    MEDICAL = "medical", _("Medical aid")
    SINGLE_MOTHERS = "single_mothers", _("Aid to single mothers in hardship")
    MIGRANT_WORKERS = "migrant_workers", _("Aid to migrant workers")
    TEMPORARY = "temporary", _("Temporary relief")
    OTHER = "other", _("Other programme")


class FundSource(models.TextChoices):
    """资金来源."""

    CENTRAL = "central", _("Central government aid funds")
    LOCAL = "local", _("Local government funds")
    UNION_OWN = "union_own", _("Union funds (own level)")
    UPPER_UNION = "upper_union", _("Subsidy from the union above")
    DONATION = "donation", _("Donations")


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash")
    GOODS = "goods", _("In kind")


class EntryKind(models.TextChoices):
    """A payments ledger row: a payment, or the reversal of one (a correction)."""

    PAYMENT = "payment", _("Payment")
    REVERSAL = "reversal", _("Reversal")


class BatchStatus(models.TextChoices):
    """A payment batch (发放批次): its roster is drawn or entered while 编制中, then reviewed
    (审核), approved (审批) and paid in one go; a batch the budget could not cover whole is
    partly paid and may be paid again once the budget allows."""

    DRAFT = "draft", _("Being drawn up")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")


# The statuses a batch is paid from (a partly paid batch pays what is left).
PAYABLE_BATCH_STATUSES = (BatchStatus.APPROVED, BatchStatus.PARTLY_PAID)


class RosterSource(models.TextChoices):
    """How a roster line came in."""

    DRAWN = "drawn", _("Drawn from the eligible files")
    ENTERED = "entered", _("Entered by hand")
    IMPORTED = "imported", _("Imported from a ledger")


class LineStatus(models.TextChoices):
    """A roster line: waiting, paid (with its payment), or left unpaid with the reason."""

    PENDING = "pending", _("Not yet paid")
    PAID = "paid", _("Paid")
    UNPAID = "unpaid", _("Left unpaid")


class StudentLevel(models.TextChoices):
    """The schooling 金秋助学 aids (the national programme's four levels)."""

    BACHELOR = "bachelor", _("Undergraduate")
    JUNIOR_COLLEGE = "junior_college", _("Junior college (higher vocational)")
    SENIOR = "senior", _("Senior middle school")
    SECONDARY_VOCATIONAL = "vocational", _("Secondary vocational education")


class SchoolAidStatus(models.TextChoices):
    """申请 → 公示 → 公示期满 → 县总审批 (approved), or refused at a step."""

    APPLIED = "applied", _("Applied")
    PUBLICITY = "publicity", _("Under public notice")
    PUBLICIZED = "publicized", _("Public notice passed")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Not approved")


class SchoolAidStepKind(models.TextChoices):
    APPLY = "apply", _("Application")
    PUBLICITY_START = "publicity_start", _("Public notice posted")
    PUBLICITY_END = "publicity_end", _("Public notice closed")
    APPROVAL = "approval", _("Approval")


class IllnessCategory(models.TextChoices):
    """职工医疗互助 illness categories (大病互助 covers the serious ones; hospital stays are the
    general benefit)."""

    CANCER = "cancer", _("Malignant tumour (cancer)")
    UREMIA = "uremia", _("End-stage renal disease (uraemia)")
    TRANSPLANT = "transplant", _("Major organ transplant")
    CARDIOVASCULAR = "cardiovascular", _("Serious cardiovascular disease")
    CEREBROVASCULAR = "cerebrovascular", _("Serious cerebrovascular disease")
    OTHER_SERIOUS = "other_serious", _("Other serious illness")
    HOSPITAL = "hospital", _("Hospital stay")
    ACCIDENT = "accident", _("Accidental injury")


class ClaimStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Not approved")


class AttachmentCategory(models.TextChoices):
    """附件类别 of a hardship file."""

    APPLICATION = "application", _("Application form")
    ID_CARD = "id_card", _("ID card")
    HOUSEHOLD_REGISTER = "household_register", _("Household register")
    DIAGNOSIS = "diagnosis", _("Medical diagnosis")
    INCOME = "income", _("Proof of income")
    EMPLOYER = "employer", _("Employer's certificate")
    PUBLICITY = "publicity", _("Public notice material")
    AUTHORISATION = "authorisation", _("Authorisation to check family finances")
    OTHER = "other", _("Other material")


class RevealChannel(models.TextChoices):
    """Where a file's sensitive information was read in full (`FileReveal`)."""

    PAGE = "page", _("file page")
    API = "api", _("API")
