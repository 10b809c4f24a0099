"""The logged reveal and the logged full export of a household's sensitive personal information,
through the portal's one mechanism (`apps.core.masking.logged_reveal` / `logged_export`, as
members' numbers are revealed).

What is sensitive and how it is masked is declared in `masking.py`. The rule, in every response:

- lists mask for every role, the county administrator included: the file list, the payment
  list, the API's lists, and the default exports (a list is read over shoulders and printed);
- a file's page always opens masked; a user with the reveal right (`can_reveal`) presses
  "Reveal", which shows that household's values in full (the worker's and the family
  members') and writes one `FileReveal` row (who, which file, when, from the page);
- reading one file through the API (`GET /api/aid-files/<id>/`) gives the values in full to a
  user with the reveal right, and that read is a `FileReveal` row too (from the API);
- an export with the sensitive columns in full is a separate choice (a POST, confirmed on the
  list) for users with the reveal right, one `SensitiveExport` row per export (the ledger, the
  organisation, the filter, how many rows), written before the workbook is built;
- the change history masks for everyone (`history_masks`).

Each reveal is a row of the file's history, each full export a row of the organisation's, and
both are on the audit page.
"""

from django.utils.translation import gettext_lazy as _

from apps.core.history import Change, register_access_log
from apps.core.masking import can_reveal, logged_export, logged_reveal

from .choices import RevealChannel
from .models import FileReveal, SensitiveExport


def reveal_file(*, file, actor, via=RevealChannel.PAGE):
    """Log that `actor` reads the file's (and its family members') sensitive information in
    full; refused (PermissionDenied) to users without the reveal right. The caller has found
    the file through `visible_to(actor)`."""
    return logged_reveal(FileReveal, actor=actor, file=file, via=via)


def record_full_export(*, ledger, org, actor, query, rows):
    """Log an export of `rows` rows of the `ledger` ("aid_files", "aid_payments") of `org`
    with the sensitive columns in full; refused to users without the reveal right."""
    return logged_export(
        SensitiveExport, actor=actor, org=org, query=query, rows=rows, ledger=ledger
    )


def _revealed(row):
    """A reveal as a history row: what was shown (never the values)."""
    label = _("Sensitive information shown in full")
    return [Change(field=str(label), old="", new=str(row.get_via_display()))]


def _exported(row):
    label = _("Aid ledger exported with sensitive information")
    return [Change(field=f"{label} ({row.ledger})", old="", new=str(row.rows))]


register_access_log(
    FileReveal, record="file", user="user", at="at", label="reveal", describe=_revealed
)
register_access_log(
    SensitiveExport, record="org", user="user", at="at", label="reveal", describe=_exported
)

__all__ = ["can_reveal", "record_full_export", "reveal_file"]
