"""Forms for competitions, their projects, participants, awards and skills contests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm
from apps.core.models import Employer, UnionOrg
from apps.core.widgets import SearchSelect

from ..choices import CompetitionStatus
from ..models import (
    Competition,
    CompetitionAward,
    CompetitionProject,
    Contestant,
    ContestResult,
    Participant,
    Participation,
    SkillsContest,
)
from ..rules import award_errors, period_errors, workers_errors


def _employers(user):
    return Employer.objects.visible_to(user).select_related("township")


class CompetitionForm(ScopedModelForm):
    """Add or edit a competition's particulars; its status moves by steps (`AdvanceForm`)."""

    class Meta:
        model = Competition
        fields = [
            "name",
            "competition_type",
            "scheme",
            "level",
            "theme",
            "organiser",
            "co_organisers",
            "starts_on",
            "ends_on",
            "budget",
            "note",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "organiser": SearchSelect(),
        }

    def scoped_querysets(self):
        return {"organiser": UnionOrg.objects.visible_to(self.user).open()}

    def clean(self):
        cleaned = super().clean()
        for field, messages in period_errors(
            cleaned.get("starts_on"), cleaned.get("ends_on")
        ).items():
            for message in messages:
                self.add_error(field, message)
        return cleaned


class AdvanceForm(ActionForm):
    """The next step of a competition (the page offers only the next one)."""

    to = forms.ChoiceField(label=_("Next step"), choices=CompetitionStatus.choices)


class ProjectForm(ScopedModelForm):
    class Meta:
        model = CompetitionProject
        fields = ["name", "builder", "investment", "note"]


class ParticipationForm(ScopedModelForm):
    """An employer taking part, with its workers (人次) and teams."""

    class Meta:
        model = Participation
        fields = ["employer", "project", "workers", "teams", "score", "rank", "note"]
        widgets = {"employer": SearchSelect()}

    def scoped_querysets(self):
        competition_id = self.instance.competition_id  # none for the API schema's stand-in
        return {
            "employer": _employers(self.user),
            "project": CompetitionProject.objects.filter(competition_id=competition_id),
        }

    def clean(self):
        cleaned = super().clean()
        named = self.instance.participants.count() if self.instance.pk else 0
        for field, messages in workers_errors(cleaned.get("workers"), named).items():
            for message in messages:
                self.add_error(field, message)
        return cleaned


class ParticipantForm(ScopedModelForm):
    """A worker entered by name, for one of the competition's participating employers."""

    class Meta:
        model = Participant
        fields = ["participation", "name", "sex", "trade", "team", "phone"]
        labels = {"participation": _("Employer")}

    def __init__(self, *args, competition, **kwargs):
        self.competition = competition
        super().__init__(*args, **kwargs)

    def scoped_querysets(self):
        return {
            "participation": Participation.objects.filter(
                competition_id=getattr(self.competition, "pk", None)
            ).select_related("employer", "competition")
        }


class AwardForm(ScopedModelForm):
    """A commendation: one of the competition's own awards, or an honour of the model-worker
    registry (recorded there once, linked here)."""

    class Meta:
        model = CompetitionAward
        fields = [
            "awardee_kind",
            "title",
            "honour_type",
            "employer",
            "team_name",
            "person_name",
            "model_worker",
            "collective",
            "awarded_on",
            "document_no",
            "prize_money",
            "deeds",
        ]
        widgets = {
            "awarded_on": DateInput(),
            "employer": SearchSelect(),
            "model_worker": SearchSelect(),
            "collective": SearchSelect(),
        }
        labels = {"title": _("Competition award")}
        help_texts = {
            "honour_type": _("工人先锋号, 五一劳动奖章 …: recorded once, in the registry too."),
            "model_worker": _("For an honour to a person: the person on the register."),
            "collective": _("For an honour to a unit or team: left blank, it is registered."),
        }

    def scoped_querysets(self):
        from apps.modelworkers.models import Collective, HonourType, ModelWorker

        return {
            "employer": _employers(self.user),
            "honour_type": HonourType.objects.filter(active=True),
            "model_worker": ModelWorker.objects.visible_to(self.user),
            "collective": Collective.objects.visible_to(self.user),
        }

    def clean(self):
        cleaned = super().clean()
        award = self.instance
        for name in self.Meta.fields:
            if name in cleaned:
                setattr(award, name, cleaned[name])
        if award.competition_id:
            for field, messages in award_errors(award).items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        return cleaned


class ContestForm(ScopedModelForm):
    class Meta:
        model = SkillsContest
        fields = ["trade", "rounds", "held_on", "venue"]
        widgets = {"held_on": DateInput()}


class ContestantForm(ScopedModelForm):
    class Meta:
        model = Contestant
        fields = ["name", "sex", "employer", "number", "entered_on"]
        widgets = {"employer": SearchSelect(), "entered_on": DateInput()}

    def scoped_querysets(self):
        return {"employer": _employers(self.user)}


class ResultForm(ScopedModelForm):
    """A round's result for a contestant entered in the contest."""

    class Meta:
        model = ContestResult
        fields = [
            "contestant",
            "round",
            "score",
            "rank",
            "prize",
            "prize_money",
            "title_granted",
            "promotion",
        ]

    def __init__(self, *args, contest, **kwargs):
        self.contest = contest
        super().__init__(*args, **kwargs)

    def scoped_querysets(self):
        # Those entered in this contest; the service's rule refuses anyone else.
        if self.contest is None:  # the API schema's stand-in form
            return {"contestant": Contestant.objects.none()}
        return {"contestant": self.contest.contestants.select_related("employer", "contest")}
