"""Choices of the innovation side of competitions (经济技术创新): 合理化建议, 五小 and technical
innovations, 创新工作室 and 安康杯 entries. Labels are English source strings; the Chinese
catalogue gives the names county ledgers use (domain-research §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalCategory(models.TextChoices):
    """What a 合理化建议 is about."""

    TECHNOLOGY = "technology", _("Production technology")
    MANAGEMENT = "management", _("Business management")
    SAFETY = "safety", _("Work safety")
    ENERGY = "energy", _("Energy and cost saving")
    QUALITY = "quality", _("Quality")
    SERVICE = "service", _("Service")
    OTHER = "other", _("Other")


class ProposalReview(models.TextChoices):
    """评审结果: 采纳 / 部分采纳 / 不采纳 (the reason stated) / 存档待用."""

    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    REJECTED = "rejected", _("Not adopted")
    ARCHIVED = "archived", _("Archived for later use")


ADOPTED_RESULTS = (ProposalReview.ADOPTED, ProposalReview.PARTLY)


class InnovationKind(models.TextChoices):
    """五小 (小发明 小创造 小革新 小设计 小建议) and the larger kinds of technical innovation."""

    INVENTION = "invention", _("Small invention")
    CREATION = "creation", _("Small creation")
    RENOVATION = "renovation", _("Small renovation")
    DESIGN = "design", _("Small design")
    SUGGESTION = "suggestion", _("Small suggestion")
    TECH_INNOVATION = "tech_innovation", _("Technical innovation")
    METHOD = "method", _("Advanced operating method")
    BREAKTHROUGH = "breakthrough", _("Technical breakthrough")


FIVE_SMALL = (
    InnovationKind.INVENTION,
    InnovationKind.CREATION,
    InnovationKind.RENOVATION,
    InnovationKind.DESIGN,
    InnovationKind.SUGGESTION,
)


class PatentKind(models.TextChoices):
    """专利类型 (专利法第2条)."""

    INVENTION = "invention", _("Invention patent")
    UTILITY = "utility", _("Utility model patent")
    DESIGN = "design", _("Design patent")


class AwardLevel(models.TextChoices):
    """The level of the body that commended an innovation or named a studio."""

    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    ENTERPRISE = "enterprise", _("Enterprise")


# Higher first: a studio's level asks for an honour at that level or above.
LEVEL_RANK = {
    AwardLevel.NATIONAL: 5,
    AwardLevel.PROVINCIAL: 4,
    AwardLevel.CITY: 3,
    AwardLevel.COUNTY: 2,
    AwardLevel.ENTERPRISE: 1,
}


class StudioType(models.TextChoices):
    """创新工作室的类型 (domain-research §6.1)."""

    MODEL_WORKER = "model_worker", _("Model worker innovation studio")
    MODEL_CRAFTSMAN = "model_craftsman", _("Model worker and craftsman innovation studio")
    WORKER = "worker", _("Workers' innovation studio")
    CRAFTSMAN = "craftsman", _("Craftsman studio")
    MASTER = "master", _("Traditional craft master studio")


class StudioLevel(models.TextChoices):
    """The level that named the studio."""

    NATIONAL = "national", _("National model")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class StudioStatus(models.TextChoices):
    """申报 → 已命名 → 复核通过 (each re-check) / 撤销."""

    APPLIED = "applied", _("Applied")
    NAMED = "named", _("Named")
    RECHECKED = "rechecked", _("Re-checked")
    REVOKED = "revoked", _("Revoked")


STANDING_STUDIO = (StudioStatus.NAMED, StudioStatus.RECHECKED)


class AnkangAward(models.TextChoices):
    """安康杯 commendations (domain-research §6.1)."""

    WINNER = "winner", _("Winning unit")
    TEAM = "team", _("Winning team")
    ORGANISER = "organiser", _("Excellent organising unit")
    MODEL = "model", _("Model enterprise")
