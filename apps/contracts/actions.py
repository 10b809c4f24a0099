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


def _move(service):
    return lambda contract, actor, data: service(contract=contract, actor=actor, **data)


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
        Action("sign", _("Record the signing"), SignForm, _move(services.sign), NEGOTIATING),
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
        ),
        Action(
            "terminate",
            _("Terminate"),
            TerminateForm,
            _move(services.terminate),
            OPEN_STATUSES,  # the stored status: an expiring contract's is effective
            style="outline-danger",
        ),
    )
}


def offered(contract):
    """The actions offered for the contract's current (or stored) status, in order: a filed
    contract the bureau let pass without a word is in force but may still get its review."""
    statuses = {contract.current_status, contract.status}
    return [a for a in ACTIONS.values() if statuses & set(a.offered_in)]
