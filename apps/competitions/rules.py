"""The rules a competition's records must meet, shared by the web forms, the API, the ledger
imports and the services (which check them again inside their transaction). Each function
returns {field: [messages]}; empty means the record passes. Each message names its rule.

- a competition moves one step at a time: 策划 → 启动 → 进行中 → 考核评比 → 表彰 → 结束;
- participants are entered until the assessment ends (not at the commendation or after);
- awards are given at the commendation (表彰), dated within the competition's period;
- results are recorded only for contestants entered in that trade's contest;
- an employer's workers (人次) are at least the people entered by name for it.
"""

from django.utils.translation import gettext as _

from .choices import ENTRY_STATUSES, STATUS_ORDER, AwardeeKind, CompetitionStatus


class Errors(dict):
    def add(self, field, message):
        self.setdefault(field, []).append(str(message))


def next_status(status):
    """The step after `status`, or None once the competition is closed."""
    index = STATUS_ORDER.index(CompetitionStatus(status))
    return STATUS_ORDER[index + 1] if index + 1 < len(STATUS_ORDER) else None


def period_errors(starts_on, ends_on):
    errors = Errors()
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", _("The competition must end on or after its start."))
    return errors


def move_errors(competition, to):
    """Rule "one step at a time": only the next status may follow the current one."""
    errors = Errors()
    expected = next_status(competition.status)
    if expected is None:
        errors.add("status", _("The competition is closed: it has no further step."))
    elif to != expected:
        errors.add(
            "status",
            _("A competition moves one step at a time: after “%(current)s” comes “%(next)s”.")
            % {"current": competition.get_status_display(), "next": expected.label},
        )
    return errors


def entry_errors(competition):
    """Rule "entries until the assessment ends"."""
    errors = Errors()
    if competition.status not in ENTRY_STATUSES:
        errors.add(
            None,
            _(
                "Participants are entered until the assessment ends; this competition is at "
                "“%(status)s”."
            )
            % {"status": competition.get_status_display()},
        )
    return errors


def award_errors(award):
    """Rules "awards at the commendation" and "awards within the competition's period", and
    the awardee named for its kind; an award is either a competition title or an honour."""
    errors = Errors()
    competition = award.competition
    if competition.status != CompetitionStatus.COMMENDING:
        errors.add(
            None,
            _("Awards are given at the commendation (表彰); this competition is at “%(status)s”.")
            % {"status": competition.get_status_display()},
        )
    day = award.awarded_on
    if day and not (competition.starts_on <= day <= competition.ends_on):
        errors.add(
            "awarded_on",
            _(
                "An award is dated within the competition's period (%(start)s – %(end)s): "
                "%(day)s is outside it."
            )
            % {"start": competition.starts_on, "end": competition.ends_on, "day": day},
        )
    has_title = bool(award.title)
    has_honour = award.honour_type_id is not None
    if has_title == has_honour:
        errors.add("title", _("Choose either one of the competition's awards or an honour."))
    kind = award.awardee_kind
    if has_honour:
        errors.update(honour_errors(award))
        if kind == AwardeeKind.PERSON:
            return errors
    if kind == AwardeeKind.PERSON and not award.person_name:
        errors.add("person_name", _("Name the person commended."))
    if kind == AwardeeKind.UNIT and not award.employer_id:
        errors.add("employer", _("Choose the unit commended."))
    if kind == AwardeeKind.TEAM and not award.team_name:
        errors.add("team_name", _("Name the team commended."))
    return errors


def honour_errors(award):
    """Rule "an honour goes to whom its type is conferred on": a person's honour to a person on
    the model-worker register, a unit's or a team's to a unit or a team."""
    errors = Errors()
    recipient = award.honour_type.recipient_kind
    if recipient != award.awardee_kind:
        errors.add(
            "honour_type",
            _("%(honour)s is conferred on: %(kind)s.")
            % {"honour": award.honour_type, "kind": award.honour_type.get_recipient_kind_display()},
        )
    elif award.awardee_kind == AwardeeKind.PERSON and not award.model_worker_id:
        errors.add(
            "model_worker",
            _("An honour to a person is recorded on the model-worker register: choose the person."),
        )
    return errors


def result_errors(result, contest):
    """Rule "results only for entered contestants": the contestant is entered in `contest`."""
    errors = Errors()
    contestant = result.contestant if result.contestant_id else None
    if contestant is None or contestant.contest_id != contest.pk:
        errors.add(
            "contestant",
            _("Results are recorded only for contestants entered in this contest (%(trade)s).")
            % {"trade": contest.trade},
        )
    elif contest.rounds == 1 and result.round != "final":
        errors.add("round", _("This contest has one round: record the final."))
    return errors


def workers_errors(workers, named):
    """Rule "人次 cover the people named": an employer's workers are at least those named."""
    errors = Errors()
    if workers is not None and workers < named:
        errors.add(
            "workers",
            _("%(named)d people are entered by name for this employer: workers cannot be fewer.")
            % {"named": named},
        )
    return errors
