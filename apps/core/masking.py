"""Who sees personal numbers in full: members' ID and phone numbers, union chairs' phones.

The county administrator always; anyone else only with the Django permission
`membership.reveal_identity`, granted by the operators. Everyone else reads them masked
(110105********002X, 138****5678) in lists, pages, exports, the API and the change history.

One mechanism logs what a user with that right chose to see in full, for every app that keeps
sensitive personal information (members' numbers, hardship files' health, incomes, bank cards):

- `logged_reveal`: one record's values shown in full on its page, one row of the app's reveal
  log (who, when, which record, what);
- `logged_export` / `export_logged`: an export with the sensitive columns in full, a separate
  choice (a POST) from the default, masked export; one row of the app's export log per export
  (who, when, the organisation whose records went out, the filter, how many rows), written
  before the workbook is built so that a failed export is still on record.

Each app declares its own log models (a reveal log with a foreign key to its record, an export
log with `org`, `query` and `rows`) and registers them as history rows
(`history.register_access_log`), so the record's page and the audit page show them.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .validators import mask_id_number, mask_phone

REVEAL_PERMISSION = "membership.reveal_identity"


def can_reveal(user):
    """The county administrator always; others only with `membership.reveal_identity`."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_county_admin or user.has_perm(REVEAL_PERMISSION)


def shown_id_number(value, reveal):
    return value if reveal else mask_id_number(value)


def shown_phone(value, reveal):
    if not value:
        return ""
    return value if reveal else mask_phone(value)


def logged_reveal(log, *, actor, **fields):
    """Write the row of `log` (an app's reveal log) recording that `actor` saw `fields`'
    record in full; refused (PermissionDenied) to users who may not reveal."""
    if not can_reveal(actor):
        raise PermissionDenied
    return log.objects.create(user=actor, **fields)


@transaction.atomic
def logged_export(log, *, actor, org, query, rows, **fields):
    """Write the row of `log` (an app's export log) for an export of `rows` records of `org`
    with their sensitive columns in full; refused to users who may not reveal."""
    if not can_reveal(actor):
        raise PermissionDenied
    return log.objects.create(user=actor, org=org, query=query[:1000], rows=rows, **fields)


def export_logged(request, exporter, *, log, within=None, **fields):
    """The view of a full export: for users who may reveal, the export logged first (one row of
    `log` naming `within` or else the user's own organisation, the query string and the count),
    then the same download as the list's export (`listing.export_list`), inline or as a job."""
    from .listing import export_list

    if not can_reveal(request.user) or request.user.org is None:
        raise PermissionDenied
    rows = exporter.filtered(request.user, request.GET)
    logged_export(
        log,
        actor=request.user,
        org=within or request.user.org,
        query=request.GET.urlencode(),
        rows=rows.count(),
        **fields,
    )
    return export_list(request, exporter)
