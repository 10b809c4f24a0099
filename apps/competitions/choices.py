"""Categories of labour and skills competitions (劳动和技能竞赛). Labels are English source
strings; the Chinese catalogue gives the names counties use (全总《重大工程建设劳动和技能竞赛工作
指南》, the 福建 taxonomy of domain research §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionType(models.TextChoices):
    """The kind of competition; a key-project competition names its scheme (五比五看 …)."""

    KEY_PROJECT = "key_project", _("Key project merit competition")
    MAJOR_STRATEGY = "major_strategy", _("Major development strategy competition")
    SKILLS_DRILL = "skills_drill", _("On-the-job training and technical contest")
    SKILLS_CONTEST = "skills_contest", _("Vocational skills contest")
    ANKANG = "ankang", _("Ankang Cup competition")
    FIVE_SMALL = "five_small", _("Five-small innovation competition")
    SERVICE_WINDOW = "service_window", _("Service window competition")
    INDUSTRY = "industry", _("Industry competition")
    MAJOR_EVENT = "major_event", _("Major event competition")
    NEW_FORMS = "new_forms", _("New forms of employment competition")
    OTHER = "other", _("Other competition")


# Types whose participants compete person by person in trades (工种), with rounds and results.
CONTEST_TYPES = (CompetitionType.SKILLS_CONTEST, CompetitionType.SKILLS_DRILL)


class CompetitionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    ENTERPRISE = "enterprise", _("Enterprise")


class CompetitionStatus(models.TextChoices):
    """策划 → 启动 → 进行中 → 考核评比 → 表彰 → 结束, one step at a time (services)."""

    PLANNING = "planning", _("Planning")
    LAUNCHED = "launched", _("Launched")
    RUNNING = "running", _("Under way")
    ASSESSING = "assessing", _("Assessment")
    COMMENDING = "commending", _("Commendation")
    CLOSED = "closed", _("Closed")


STATUS_ORDER = list(CompetitionStatus)
STATUS_BADGES = {
    CompetitionStatus.PLANNING: "text-bg-secondary",
    CompetitionStatus.LAUNCHED: "text-bg-info",
    CompetitionStatus.RUNNING: "text-bg-primary",
    CompetitionStatus.ASSESSING: "text-bg-warning",
    CompetitionStatus.COMMENDING: "text-bg-success",
    CompetitionStatus.CLOSED: "text-bg-dark",
}
# Participants may be entered until the assessment ends; awards only at the commendation.
ENTRY_STATUSES = (
    CompetitionStatus.PLANNING,
    CompetitionStatus.LAUNCHED,
    CompetitionStatus.RUNNING,
    CompetitionStatus.ASSESSING,
)


class AwardeeKind(models.TextChoices):
    UNIT = "unit", _("Unit")
    TEAM = "team", _("Team")
    PERSON = "person", _("Person")


class AwardTitle(models.TextChoices):
    """A competition's own commendations (not honours of the model-worker registry)."""

    WINNING_UNIT = "winning_unit", _("Winning unit")
    ADVANCED_COLLECTIVE = "advanced_collective", _("Advanced collective")
    ADVANCED_TEAM = "advanced_team", _("Advanced team")
    ADVANCED_PERSON = "advanced_person", _("Advanced individual")
    PACESETTER = "pacesetter", _("Pacesetter")
    ORGANISING_UNIT = "organising_unit", _("Excellent organising unit")
    MERIT_COLLECTIVE = "merit_collective", _("Merit collective")
    MERIT_PERSON = "merit_person", _("Merit individual")
    EXCELLENT_ACHIEVEMENT = "excellent_achievement", _("Excellent achievement")


class ContestRound(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary round")
    SEMIFINAL = "semifinal", _("Semi-final")
    FINAL = "final", _("Final")


class Prize(models.TextChoices):
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    EXCELLENCE = "excellence", _("Award of excellence")


class TitleGranted(models.TextChoices):
    """The title a contest grants its winners (技术状元, 技术能手 …)."""

    CHAMPION = "champion", _("Technical champion")
    EXPERT = "expert", _("Technical expert")
    GOLD_WORKER = "gold_worker", _("Gold-medal worker")
    POST_EXPERT = "post_expert", _("Post expert")


class GradePromotion(models.TextChoices):
    """The vocational grade a contest promotes its winners to (晋升技师 …)."""

    INTERMEDIATE = "intermediate", _("Promoted to intermediate worker")
    SENIOR_WORKER = "senior_worker", _("Promoted to senior worker")
    TECHNICIAN = "technician", _("Promoted to technician")
    SENIOR_TECHNICIAN = "senior_technician", _("Promoted to senior technician")
