"""Value lists of the model-worker registry (劳模与荣誉). Labels are English source strings; the
Chinese catalogue gives the official wording. Levels are stored as the public systems code them
(1 全国级, 2 省级, 3 市级, 4 区县级), so the highest of several is the smallest code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HonourCategory(models.TextChoices):
    """荣誉类别: what kind of honour a type is, whatever its level."""

    MODEL_WORKER = "model_worker", _("Model worker")
    ADVANCED_WORKER = "advanced_worker", _("Advanced worker")
    MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal")
    MAY_DAY_AWARD = "may_day_award", _("May Day Labour Certificate")
    PIONEER = "pioneer", _("Workers' Pioneer")
    MODEL_COLLECTIVE = "model_collective", _("Model collective")
    MODEL_HOME = "model_home", _("Model Workers' Home")
    ADVANCED_HOME = "advanced_home", _("Advanced Workers' Home")
    QUALIFIED_HOME = "qualified_home", _("Qualified Workers' Home")
    STAR_UNION = "star_union", _("Star-rated union")
    ADVANCED_COUNTY_UNION = "advanced_county_union", _("Advanced county federation")
    OPENNESS_MODEL = "openness_model", _("Model unit of open affairs and democratic management")
    CRAFTSMAN = "craftsman", _("Craftsman")
    SKILL_EXPERT = "skill_expert", _("Technical expert")
    OTHER = "other", _("Other honour")


class Level(models.TextChoices):
    """级别 of an honour, and the treatment level (享受待遇级别) it carries."""

    NATIONAL = "1", _("National")
    PROVINCIAL = "2", _("Provincial or ministerial")
    CITY = "3", _("Prefecture or city")
    COUNTY = "4", _("County")


class RecipientKind(models.TextChoices):
    """授予对象: who a type is conferred on."""

    PERSON = "person", _("Individual")
    UNIT = "unit", _("Unit")
    TEAM = "team", _("Team or workshop")
    UNION_ORG = "union_org", _("Union organisation")


class CollectiveKind(models.TextChoices):
    """先进集体 kinds: a whole unit, or a part of one (a 工人先锋号 goes to a part)."""

    UNIT = "unit", _("Unit")
    DEPARTMENT = "department", _("Department")
    WORKSHOP = "workshop", _("Workshop")
    TEAM = "team", _("Team")
    PROJECT = "project", _("Project team")


# Which collectives a type's recipient kind accepts.
COLLECTIVE_KINDS_FOR = {
    RecipientKind.UNIT: (CollectiveKind.UNIT,),
    RecipientKind.TEAM: (
        CollectiveKind.DEPARTMENT,
        CollectiveKind.WORKSHOP,
        CollectiveKind.TEAM,
        CollectiveKind.PROJECT,
    ),
}


class PersonCategory(models.TextChoices):
    """人员类别, as the nomination notices set their ratios (一线职工, 农民工, 企业负责人 …)."""

    FRONTLINE = "frontline", _("Front-line worker")
    MIGRANT = "migrant", _("Migrant worker")
    FARMER = "farmer", _("Farmer")
    SCIENCE_EDUCATION = "science_education", _("Scientist, teacher or doctor")
    TECHNICIAN = "technician", _("Professional or technical staff")
    MANAGER = "manager", _("Enterprise head")
    CADRE = "cadre", _("Government or Party official")
    OTHER = "other", _("Other person")


class Employment(models.TextChoices):
    """就业状况 of a model worker."""

    IN_POST = "in_post", _("In post")
    RETIRED = "retired", _("Retired")


class WorkerStatus(models.TextChoices):
    """劳模状态: on the register, or why not any more."""

    ON_RECORD = "on_record", _("On record")
    WITHDRAWN = "withdrawn", _("Title withdrawn")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred out")


class CollectiveStatus(models.TextChoices):
    """A collective's state on the register."""

    ON_RECORD = "on_record", _("On record")
    WITHDRAWN = "withdrawn", _("Title withdrawn")
    DISSOLVED = "dissolved", _("Dissolved")


def level_rank(level):
    """1 (national) … 4 (county); 9 for none, so the highest level is the smallest rank."""
    return int(level) if level else 9
