from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.choices import Role
from apps.core.ledgers import IMPORTERS
from apps.core.models import UnionOrg, User
from apps.core.xlsx import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Import a ledger (.xlsx) exactly as the web page does: every row checked, nothing saved "
        "if any row fails; the workbook with an error column is written beside the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="what the sheet holds: " + ", ".join(sorted(IMPORTERS)))
        parser.add_argument("file", nargs="?", help="the .xlsx to import")
        parser.add_argument("--org", help="code of the organisation to import into")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
        parser.add_argument("--template", metavar="OUT", help="write the blank template to OUT")
        parser.add_argument(
            "--user", default=None, help="act as this user (default: a county administrator)"
        )

    def handle(self, *args, kind, file, org, dry_run, template, user, **options):
        importer = IMPORTERS.get(kind)
        if importer is None:
            raise CommandError(f"Unknown kind '{kind}'. Known: {', '.join(sorted(IMPORTERS))}")
        if template:
            Path(template).write_bytes(importer.template())
            self.stdout.write(f"Template written to {template}")
            return
        if not file:
            raise CommandError("Name the .xlsx file to import (or --template OUT).")
        actor = self._actor(user)
        target = None
        if org:
            target = UnionOrg.objects.visible_to(actor).filter(code=org).first()
            if target is None:
                raise CommandError(f"No organisation with code {org} in {actor.username}'s scope.")
        elif importer.needs_org:
            raise CommandError("This import needs --org CODE.")
        path = Path(file)
        try:
            data = path.read_bytes()
            outcome = importer.run(data, user=actor, org=target, commit=not dry_run)
        except (OSError, SpreadsheetError) as error:
            raise CommandError(str(error)) from error
        if not outcome.ok:
            error_path = path.with_name(f"{path.stem}-错误原因.xlsx")
            error_path.write_bytes(importer.error_workbook(data, outcome))
            for row, messages in sorted(outcome.errors.items())[:50]:
                self.stderr.write(f"row {row}: {'; '.join(messages)}")
            raise CommandError(
                f"{len(outcome.errors)} of {outcome.total} rows failed; nothing was saved. "
                f"Errors written to {error_path}"
            )
        if dry_run:
            self.stdout.write(f"All {outcome.total} rows pass; nothing saved (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{outcome.saved} rows imported."))

    def _actor(self, username):
        users = User.objects.filter(is_active=True, org__isnull=False)
        if username:
            actor = users.filter(username=username).first()
        else:
            actor = users.filter(role=Role.COUNTY_ADMIN).order_by("org__depth", "pk").first()
        if actor is None:
            raise CommandError("No active user to act as; create a county administrator first.")
        return actor
