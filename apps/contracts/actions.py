"""The moves a person can make on a contract, shared by the web page and the API: each is a form
that types the input and the service that checks the rules and writes."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import services
from .choices import OPEN_STATUSES, ContractStatus
from .forms import (
    RenewForm,
    ReplyForm,
    ReviewForm,
    SignForm,
    SubmitForm,
    TerminateForm,
    VoteForm,
)


@dataclass(frozen=True)
class Action:
    name: str
    title: object
    form_class: type
    run: object  # (contract, actor, cleaned_data) -> contract
    offered_in: tuple  # current statuses in which the page offers the button
    style: str = "primary"
    # (contract) -> why the move cannot be made yet ("" when it can), beyond the status: the
    # page neither offers nor opens it then. The service checks the same rule again.
    not_yet: object = None


def _move(service):
    return lambda contract, actor, data: service(contract=contract, actor=actor, **data)


def _until_the_vote_passes(contract):
    """登记签订 only after a passing workers' congress vote (第36条; `rules.signing_errors`)."""
    if contract.vote_passed:
        return ""
    return _("Record the workers' congress vote that passes the draft first (第36条).")


def _once_renewed(contract):
    """A contract whose renewal is in effect has ended: the renewal is the one to terminate."""
    if contract.current_status == ContractStatus.RENEWED:
        return _("This contract has been renewed: terminate its renewal instead.")
    return ""


def _until_not_renewed(contract):
    """A contract is renewed once: its renewal is then the one to carry on."""
    from .models import CollectiveContract

    if CollectiveContract.objects.filter(renewed_from=contract).exists():
        return _("This contract has already been renewed.")
    return ""


NEGOTIATING = (ContractStatus.NEGOTIATING,)
LIVE = (ContractStatus.EFFECTIVE, ContractStatus.EXPIRING, ContractStatus.EXPIRED)

ACTIONS = {
    action.name: action
    for action in (
        Action(
            "reply", _("Record the reply"), ReplyForm, _move(services.record_reply), NEGOTIATING
        ),
        Action(
            "vote",
            _("Record the workers' congress vote"),
            VoteForm,
            _move(services.record_congress_vote),
            NEGOTIATING,
        ),
        Action(
            "sign",
            _("Record the signing"),
            SignForm,
            _move(services.sign),
            NEGOTIATING,
            not_yet=_until_the_vote_passes,
        ),
        Action(
            "submit",
            _("Record the submission for review"),
            SubmitForm,
            _move(services.submit),
            (ContractStatus.SIGNED,),
        ),
        Action(
            "review",
            _("Record the labour bureau's review"),
            ReviewForm,
            _move(services.record_review),
            (ContractStatus.SUBMITTED,),
        ),
        Action(
            "renew",
            _("Renew"),
            RenewForm,
            lambda contract, actor, data: services.renew(old=contract, actor=actor, **data),
            LIVE,
            style="success",
            not_yet=_until_not_renewed,
        ),
        Action(
            "terminate",
            _("Terminate"),
            TerminateForm,
            _move(services.terminate),
            OPEN_STATUSES,  # the stored status: an expiring contract's is effective
            style="outline-danger",
            not_yet=_once_renewed,
        ),
    )
}


def why_not(action, contract):
    """Why `action` cannot be taken on `contract` now ("" when it can): its status, or a step
    that must come first."""
    statuses = {contract.current_status, contract.status}
    if not statuses & set(action.offered_in):
        return _("Not possible for a contract that is %(status)s.") % {
            "status": contract.current_status_label
        }
    return action.not_yet(contract) if action.not_yet else ""


def offered(contract):
    """The actions offered for the contract's current (or stored) status, in order: a filed
    contract the bureau let pass without a word is in force but may still get its review."""
    return [a for a in ACTIONS.values() if not why_not(a, contract)]
