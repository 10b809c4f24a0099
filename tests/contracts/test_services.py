"""Status moves: each allowed from the right status only, each checking its rules, each leaving
a history event with the actor; nothing half-saved when a rule refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pghistory.models import Events

from apps.contracts import queries, services
from apps.contracts.choices import ContractScope, ContractStatus, ContractType, ReviewResult
from apps.contracts.models import CollectiveContract, ContractCoverage
from apps.core.scoping import OutOfScope
from tests.contracts.helpers import DAY, WAGE_TERMS, draft, make_effective, offer

D = datetime.date
pytestmark = pytest.mark.django_db


def refused(call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return " ".join(caught.value.messages)


def reload(contract):
    return CollectiveContract.objects.get(pk=contract.pk)


def test_the_full_procedure_from_offer_to_effective(tree, personas):
    staff = personas["township_staff"]
    contract = offer(tree, actor=staff, offer_on=D(2024, 1, 10), term_start=D(2024, 3, 1))
    assert contract.status == ContractStatus.NEGOTIATING
    assert contract.code == "QH-01-001-2024-01"
    assert contract.title  # named from the employer, year and type
    assert list(contract.coverage.values_list("employer_id", "workers")) == [
        (tree.employer_a1.pk, 120)
    ]

    contract = services.record_reply(contract=contract, reply_on=D(2024, 1, 25), actor=staff)
    contract = services.record_congress_vote(
        contract=contract, congress_on=D(2024, 2, 5), total=30, present=20, yes=16, actor=staff
    )
    contract = services.sign(contract=contract, signed_on=D(2024, 2, 8), actor=staff)
    assert contract.status == ContractStatus.SIGNED
    contract = services.submit(contract=contract, submitted_on=D(2024, 2, 15), actor=staff)
    assert contract.status == ContractStatus.SUBMITTED
    assert contract.effective_on == D(2024, 3, 1)  # in force unless the bureau objects
    contract = services.record_review(
        contract=contract, result=ReviewResult.NO_OBJECTION, review_on=D(2024, 2, 26), actor=staff
    )
    stored = reload(contract)
    assert stored.status == ContractStatus.EFFECTIVE
    assert stored.effective_on == D(2024, 2, 26)  # the bureau confirmed before its 15 days


def test_each_move_is_recorded_with_who_did_it(tree, personas):
    staff = personas["township_staff"]
    contract = make_effective(tree, signed_on=D(2024, 2, 8), actor=staff)
    events = Events.objects.tracks(contract).order_by("pgh_created_at", "pgh_id")
    assert [e.pgh_context["user"] for e in events] == [staff.pk] * 6
    actions = [e.pgh_context.get("action") for e in events]
    assert actions == [
        "start_negotiation",
        "record_reply",
        "record_congress_vote",
        "sign",
        "submit",
        "record_review",
    ]
    statuses = [e.pgh_data["status"] for e in events]
    assert statuses == [
        "negotiating",
        "negotiating",
        "negotiating",
        "signed",
        "submitted",
        "effective",
    ]


def test_a_late_confirmation_does_not_delay_entry_into_force(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8), submit_after=5, review_after=25)
    assert contract.effective_on == D(2024, 2, 13) + 15 * DAY  # the 15th day after filing


def test_silence_for_fifteen_days_is_consent(tree):
    """Filed and no review recorded: in force from the 15th day, derived, not stored."""
    signed_on = timezone.localdate() - 40 * DAY
    contract = make_effective(tree, signed_on=signed_on, review=False, years=2)
    assert contract.status == ContractStatus.SUBMITTED
    assert contract.current_status == ContractStatus.EFFECTIVE
    annotated = queries.with_current_status(CollectiveContract.objects.all()).get()
    assert annotated.shown_status == ContractStatus.EFFECTIVE


def test_an_objection_within_fifteen_days_sends_it_back_to_negotiation(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8), review=False)
    contract = services.record_review(
        contract=contract,
        result=ReviewResult.OBJECTION,
        review_on=D(2024, 2, 20),
        note="工资条款不明确",
        actor=None,
    )
    stored = reload(contract)
    assert stored.status == ContractStatus.NEGOTIATING
    assert (stored.signed_on, stored.submitted_on, stored.effective_on) == (None, None, None)
    assert stored.review_result == ReviewResult.OBJECTION
    assert stored.review_note == "工资条款不明确"
    # Re-signed and filed again, then in force.
    services.sign(contract=stored, signed_on=D(2024, 3, 1), actor=None)
    services.submit(contract=stored, submitted_on=D(2024, 3, 4), actor=None)
    assert reload(stored).review_result == ""


def test_an_objection_after_fifteen_days_is_refused(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8), submit_after=2, review=False)
    message = refused(
        services.record_review,
        contract=contract,
        result=ReviewResult.OBJECTION,
        review_on=D(2024, 2, 26),
        note="x",
        actor=None,
    )
    assert "15 days" in message and "第47条" in message
    assert reload(contract).status == ContractStatus.SUBMITTED


def test_an_objection_needs_its_text(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8), review=False)
    message = refused(
        services.record_review,
        contract=contract,
        result=ReviewResult.OBJECTION,
        review_on=D(2024, 2, 15),
        actor=None,
    )
    assert "objection" in message


@pytest.mark.parametrize(
    ("move", "kwargs"),
    [
        (services.submit, {"submitted_on": D(2024, 2, 1)}),
        (services.record_review, {"result": "no_objection", "review_on": D(2024, 2, 1)}),
        (services.sign, {"signed_on": D(2024, 2, 1)}),  # no reply, no vote yet
    ],
)
def test_moves_out_of_order_are_refused(tree, move, kwargs):
    contract = offer(tree, offer_on=D(2024, 1, 10), term_start=D(2024, 3, 1))
    with pytest.raises(ValidationError):
        move(contract=contract, actor=None, **kwargs)
    assert reload(contract).status == ContractStatus.NEGOTIATING


def test_signing_needs_the_reply_and_a_passing_vote(tree):
    contract = offer(tree, offer_on=D(2024, 1, 10), term_start=D(2024, 3, 1))
    message = refused(services.sign, contract=contract, signed_on=D(2024, 2, 1), actor=None)
    assert "reply" in message and "workers' congress" in message


def test_moves_after_signing_are_refused_from_the_wrong_status(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8))
    for move, kwargs in (
        (services.record_reply, {"reply_on": D(2024, 3, 1)}),
        (services.sign, {"signed_on": D(2024, 3, 1)}),
        (services.submit, {"submitted_on": D(2024, 3, 1)}),
        (
            services.record_congress_vote,
            {"congress_on": D(2024, 3, 1), "total": 10, "present": 10, "yes": 10},
        ),
    ):
        assert "Cannot" in refused(move, contract=contract, actor=None, **kwargs)
    assert reload(contract).status == ContractStatus.EFFECTIVE


@pytest.mark.parametrize(
    ("total", "present", "yes", "rule"),
    [(30, 19, 19, "two thirds"), (30, 30, 15, "more than half")],
)
def test_a_vote_failing_the_thresholds_is_refused_and_not_recorded(tree, total, present, yes, rule):
    contract = offer(tree, offer_on=D(2024, 1, 10))
    services.record_reply(contract=contract, reply_on=D(2024, 1, 20), actor=None)
    message = refused(
        services.record_congress_vote,
        contract=contract,
        congress_on=D(2024, 2, 1),
        total=total,
        present=present,
        yes=yes,
        actor=None,
    )
    assert rule in message and "第36条" in message
    assert reload(contract).congress_total is None


def test_dates_cannot_run_backwards_or_into_the_future(tree):
    contract = offer(tree, offer_on=D(2024, 1, 10))
    assert "before" in refused(
        services.record_reply, contract=contract, reply_on=D(2024, 1, 9), actor=None
    )
    assert "future" in refused(
        services.record_reply,
        contract=contract,
        reply_on=timezone.localdate() + DAY,
        actor=None,
    )


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"union_reps": 2, "employer_reps": 2}, "union_reps", "3 to 10"),
        ({"union_reps": 11, "employer_reps": 11}, "employer_reps", "3 to 10"),
        ({"union_reps": 5, "employer_reps": 6}, "employer_reps", "same number"),
        (
            {"term_start": D(2024, 3, 1), "term_end": D(2028, 3, 1)},
            "term_end",
            "one to three years",
        ),
        (
            {"term_start": D(2024, 3, 1), "term_end": D(2024, 2, 1)},
            "term_end",
            "end after it starts",
        ),
        (
            {"scope": ContractScope.REGIONAL, "employer": None, "employer_side": "商会"},
            "covered_employers",
            "第53条",
        ),
        ({"union": "township_a"}, "union", "grassroots"),
        ({"employer": "employer_b1"}, "employer", "not organised by this union"),
    ],
)
def test_an_offer_breaking_a_rule_is_refused_naming_it(tree, fields, field, fragment):
    fields = {k: getattr(tree, v, v) if isinstance(v, str) else v for k, v in fields.items()}
    contract = draft(tree, **fields)
    with pytest.raises(ValidationError) as caught:
        services.start_negotiation(contract=contract, actor=None)
    errors = caught.value.message_dict
    assert field in errors, errors
    assert fragment in " ".join(errors[field])
    assert not CollectiveContract.objects.exists()
    assert not ContractCoverage.objects.exists()


def test_a_regional_contract_covers_its_employers_with_their_headcounts(extra):
    tree = extra
    contract = offer(
        tree,
        scope=ContractScope.REGIONAL,
        union=tree.township_a,
        employer=None,
        employer_side="城关镇商会",
        covered=[tree.employer_a1, tree.employer_a2],
    )
    assert contract.covered_employer_count == 2
    assert (contract.covered_workers, contract.covered_women) == (160, 95)
    rows = dict(contract.coverage.values_list("employer_id", "workers"))
    assert rows == {tree.employer_a1.pk: 120, tree.employer_a2.pk: 40}


def test_staff_cannot_cover_another_township_s_employers(extra, personas):
    tree = extra
    contract = draft(
        tree,
        scope=ContractScope.REGIONAL,
        union=tree.township_a,
        employer=None,
        employer_side="城关镇商会",
    )
    with pytest.raises(ValidationError):
        services.start_negotiation(
            contract=contract,
            actor=personas["township_staff"],
            covered=[tree.employer_a1, tree.employer_b1],
        )
    assert not CollectiveContract.objects.exists()


def test_staff_cannot_record_a_contract_outside_their_scope(tree, personas):
    contract = draft(tree, union=tree.union_b1, employer=tree.employer_b1)
    with pytest.raises(OutOfScope):
        services.start_negotiation(contract=contract, actor=personas["township_staff"])
    assert not CollectiveContract.objects.exists()


def test_a_wage_agreement_is_signed_only_with_its_wage_terms(tree):
    contract = offer(
        tree, contract_type=ContractType.WAGE, offer_on=D(2024, 1, 10), term_start=D(2024, 3, 1)
    )
    services.record_reply(contract=contract, reply_on=D(2024, 1, 20), actor=None)
    services.record_congress_vote(
        contract=contract, congress_on=D(2024, 2, 1), total=10, present=9, yes=8, actor=None
    )
    message = refused(services.sign, contract=contract, signed_on=D(2024, 2, 2), actor=None)
    assert "average wage" in message
    contract = reload(contract)
    contract.prev_avg_wage, contract.raise_pct, contract.wage_workers = (
        WAGE_TERMS["prev_avg_wage"],
        WAGE_TERMS["raise_pct"],
        100,
    )
    services.update_contract(contract=contract, actor=None)
    assert services.sign(contract=contract, signed_on=D(2024, 2, 2), actor=None).status == "signed"


def test_renewal_links_the_new_contract_and_keeps_the_old_in_force_until_it_takes_effect(tree):
    old = make_effective(tree, signed_on=D(2021, 2, 8), term_start=D(2021, 3, 1))
    new = services.renew(old=old, offer_on=D(2024, 1, 10), actor=None)
    # The running contract keeps its status while the renewal is negotiated.
    assert reload(old).status == ContractStatus.EFFECTIVE
    assert queries.status_on(reload(old), D(2024, 1, 20)) == ContractStatus.EXPIRING
    assert new.renewed_from_id == old.pk
    assert new.status == ContractStatus.NEGOTIATING
    assert (new.term_start, new.term_end) == (D(2024, 3, 1), D(2027, 2, 28))
    assert (new.union_id, new.employer_id, new.union_reps) == (old.union_id, old.employer_id, 5)
    # The old one stays in force to the end of its own term.
    assert CollectiveContract.objects.filter(queries.in_force_q(D(2024, 2, 1)), pk=old.pk).exists()
    # A contract is renewed once.
    assert "already been renewed" in refused(
        services.renew, old=reload(old), offer_on=D(2024, 1, 11), actor=None
    )
    # Signed, filed and passed: from the day the renewal's term begins the old one reads 已续订
    # and is no longer counted in force; the renewal is.
    services.record_reply(contract=new, reply_on=D(2024, 1, 15), actor=None)
    services.record_congress_vote(
        contract=new, congress_on=D(2024, 1, 25), total=30, present=25, yes=20, actor=None
    )
    services.sign(contract=new, signed_on=D(2024, 2, 1), actor=None)
    services.submit(contract=new, submitted_on=D(2024, 2, 3), actor=None)
    in_force = CollectiveContract.objects.filter(queries.in_force_q(D(2024, 2, 29)))
    assert set(in_force.values_list("pk", flat=True)) == {old.pk}
    assert queries.status_on(reload(old), D(2024, 2, 29)) == ContractStatus.EXPIRING
    assert queries.status_on(reload(old), D(2024, 3, 1)) == ContractStatus.RENEWED
    assert queries.filter_status(
        CollectiveContract.objects.all(), ContractStatus.RENEWED, D(2024, 3, 1)
    ).get() == reload(old)
    in_force = CollectiveContract.objects.filter(queries.in_force_q(D(2024, 3, 1)))
    assert set(in_force.values_list("pk", flat=True)) == {new.pk}
    assert reload(old).status == ContractStatus.EFFECTIVE  # stored as it was: 已续订 is derived


def test_an_early_renewal_replaces_the_old_contract_from_the_day_it_takes_effect(tree):
    """A renewal whose term starts before the old one ends: the old one stops counting in force
    (and reads 已续订) from that day, so one employer is not under two contracts at once."""
    old = make_effective(tree, signed_on=D(2021, 2, 8), term_start=D(2021, 3, 1))
    draft_ = services.renewal_draft(old, offer_on=D(2023, 6, 1))
    draft_.term_start, draft_.term_end = D(2023, 9, 1), D(2026, 8, 31)
    new = services.renew(old=old, offer_on=D(2023, 6, 1), actor=None, contract=draft_)
    services.record_reply(contract=new, reply_on=D(2023, 6, 5), actor=None)
    services.record_congress_vote(
        contract=new, congress_on=D(2023, 6, 20), total=30, present=25, yes=20, actor=None
    )
    services.sign(contract=new, signed_on=D(2023, 7, 1), actor=None)
    services.submit(contract=new, submitted_on=D(2023, 7, 3), actor=None)
    services.record_review(
        contract=new, result=ReviewResult.NO_OBJECTION, review_on=D(2023, 7, 10), actor=None
    )
    in_force = CollectiveContract.objects.filter(queries.in_force_q(D(2023, 8, 31)))
    assert set(in_force.values_list("pk", flat=True)) == {old.pk}
    in_force = CollectiveContract.objects.filter(queries.in_force_q(D(2023, 9, 1)))
    assert set(in_force.values_list("pk", flat=True)) == {new.pk}
    assert queries.status_on(reload(old), D(2023, 9, 1)) == ContractStatus.RENEWED
    # The superseded contract is not terminated; its renewal is the one to end.
    assert "renewal instead" in refused(
        services.terminate, contract=old, terminated_on=D(2023, 10, 1), reason="x", actor=None
    )


def test_an_abandoned_renewal_leaves_the_old_contract_in_force(tree):
    today = timezone.localdate()
    old = make_effective(tree, signed_on=today - 300 * DAY, term_start=today - 250 * DAY, years=1)
    new = services.renew(old=old, offer_on=today - 5 * DAY, actor=None)
    services.terminate(contract=new, terminated_on=today, reason="协商破裂", actor=None)
    assert reload(old).current_status in (ContractStatus.EFFECTIVE, ContractStatus.EXPIRING)
    assert CollectiveContract.objects.filter(queries.in_force_q(today), pk=old.pk).exists()
    # and it can still be ended itself
    services.terminate(contract=old, terminated_on=today, reason="企业关闭", actor=None)
    assert reload(old).status == ContractStatus.TERMINATED


def test_only_a_contract_in_force_can_be_renewed(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8), submit_after=None)
    message = refused(services.renew, old=contract, offer_on=D(2024, 3, 1), actor=None)
    assert "entered into force" in message
    assert reload(contract).status == ContractStatus.SIGNED


def test_terminate_needs_a_reason_and_ends_the_contract(tree):
    contract = make_effective(tree, signed_on=D(2024, 2, 8))
    assert "reason" in refused(
        services.terminate, contract=contract, terminated_on=D(2024, 6, 1), reason="", actor=None
    )
    services.terminate(
        contract=contract, terminated_on=D(2024, 6, 1), reason="企业破产", actor=None
    )
    stored = reload(contract)
    assert stored.status == ContractStatus.TERMINATED
    assert not CollectiveContract.objects.filter(queries.in_force_q(D(2024, 6, 1))).exists()
    assert CollectiveContract.objects.filter(queries.in_force_q(D(2024, 5, 31))).exists()
    assert "Cannot" in refused(
        services.terminate, contract=stored, terminated_on=D(2024, 7, 1), reason="x", actor=None
    )
    assert "terminated" in refused(services.renew, old=stored, offer_on=D(2024, 7, 1), actor=None)


def test_expiring_and_expired_follow_from_the_dates(tree):
    today = timezone.localdate()
    ends_soon = make_effective(
        tree,
        signed_on=today - 400 * DAY,
        term_start=today - 330 * DAY,
        term_end=today + 60 * DAY,
    )
    assert ends_soon.current_status == ContractStatus.EXPIRING
    assert list(queries.expiring(CollectiveContract.objects.all(), today)) == [ends_soon]
    # The same contract a year before is simply in force; after its end, expired.
    assert queries.status_on(ends_soon, today - 365 * DAY) == ContractStatus.EFFECTIVE
    assert queries.status_on(ends_soon, today + 61 * DAY) == ContractStatus.EXPIRED
    shown = queries.with_current_status(CollectiveContract.objects.all(), today + 61 * DAY).get()
    assert shown.shown_status == ContractStatus.EXPIRED


def test_overdue_replies_and_filings(tree):
    today = timezone.localdate()
    waiting = offer(tree, offer_on=today - 21 * DAY)
    answered_late = offer(tree, offer_on=today - 40 * DAY)
    services.record_reply(contract=answered_late, reply_on=today - 10 * DAY, actor=None)
    in_time = offer(tree, offer_on=today - 20 * DAY)
    assert list(queries.reply_overdue(CollectiveContract.objects.all(), today)) == [waiting]
    assert waiting.reply_late and not in_time.reply_late
    assert reload(answered_late).reply_late  # recorded, and flagged as late

    unfiled = make_effective(tree, signed_on=today - 11 * DAY, submit_after=None)
    make_effective(tree, signed_on=today - 10 * DAY, submit_after=None)  # due today: in time
    assert list(queries.submission_overdue(CollectiveContract.objects.all(), today)) == [unfiled]
    assert reload(unfiled).submission_late
