"""A real county's first run: its federation and first administrator on an empty database.

Without it the root of the tree and the first user could only be made in `manage.py shell`:
the organisation import needs a parent, and every page and the API need a user who belongs to
an organisation. After it, the county imports its ledgers in order (organisations, employers,
members, contracts; `fixtures/examples/` holds one filled workbook of each).

The national code tables (单位性质类别, GB/T 4754, GB 3304 …) are code (`choices.py`), so there is
no table to load for them (see fixtures/README.md). Data a county starts from and then edits
(the standard honour types) is each app's `reference.py` `load()`, called here.
"""

from getpass import getpass

import pghistory
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core.choices import CommitteeType, OrgKind, OrgLevel, OrgStatus, Role
from apps.core.choices import OrgForm as UnionForm
from apps.core.discovery import app_modules
from apps.core.forms import OrgForm
from apps.core.models import UnionOrg, User
from apps.core.services import save_org

NEXT_STEPS = """Next, import the county's ledgers in this order (or use the import page):
  python manage.py import_xlsx orgs FILE.xlsx
  python manage.py import_xlsx employers FILE.xlsx
  python manage.py import_xlsx members FILE.xlsx --org {code}
  python manage.py import_xlsx contracts FILE.xlsx
fixtures/examples/ holds a filled example of each workbook."""


class Command(BaseCommand):
    help = (
        "Create the county federation and its first county administrator on an empty "
        "database (no demo data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="full name, e.g. 绛县总工会")
        parser.add_argument("--code", required=True, help="the county's code, e.g. JX")
        parser.add_argument("--short-name", default="县总工会", help="short name (县总工会)")
        parser.add_argument("--credit-code", default="", help="the union's credit code")
        parser.add_argument("--admin", required=True, help="user name of the administrator")
        parser.add_argument(
            "--password", help="the administrator's password (asked for when not given)"
        )

    def handle(self, *args, name, code, short_name, credit_code, admin, password, **options):
        self._refuse_if_set_up()
        user = User(username=admin, role=Role.COUNTY_ADMIN)
        self._check_username(user)
        county = self._county(name=name, code=code, short_name=short_name, credit=credit_code)
        form = OrgForm(data=county, instance=UnionOrg(), user=user)
        if not form.is_valid():
            raise CommandError(_form_message(form))
        password = self._password(user, password)
        with transaction.atomic(), pghistory.context(source="setup_county"):
            self._refuse_if_set_up(lock=True)
            org = save_org(org=form.save(commit=False), actor=None)
            user.org = org
            user.set_password(password)
            user.save()
            # Each app's reference data a county starts from (the standard honour types …).
            for _config, module in app_modules("reference"):
                module.load(actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"{org.name} ({org.code}) created; {user.username} is its county administrator."
            )
        )
        self.stdout.write(NEXT_STEPS.format(code=org.code))

    def _refuse_if_set_up(self, lock=False):
        """Refuse a database that already has a county (naming it) or any organisation: the
        command starts a county, it never adds a second one beside the first."""
        if lock:
            # Two set-ups started at the same moment: the second waits, then finds the first.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('setup_county'))")
        county = UnionOrg.objects.filter(level=OrgLevel.COUNTY).order_by("pk").first()
        if county is not None:
            raise CommandError(
                f"A county is already set up: {county.name} ({county.code}). "
                "setup_county only starts an empty database."
            )
        if UnionOrg.objects.exists():
            raise CommandError(
                f"The database already has {UnionOrg.objects.count()} organisations; "
                "setup_county only starts an empty database."
            )

    def _check_username(self, user):
        try:
            user.clean_fields(exclude=["password"])
        except ValidationError as error:
            raise CommandError(f"--admin: {' '.join(error.messages)}") from error
        if User.objects.filter(username=user.username).exists():
            raise CommandError(f"--admin: the user {user.username} already exists.")

    def _county(self, *, name, code, short_name, credit):
        if "-" in code or not code.strip():
            # Children are numbered "<code>-01", "<code>-01-001": the root's own code has no "-".
            raise CommandError("--code: letters and digits, without '-' (e.g. JX).")
        return {
            "name": name,
            "short_name": short_name,
            "code": code.strip(),
            "credit_code": credit,
            "level": OrgLevel.COUNTY,
            "kind": OrgKind.COUNTY_FEDERATION,
            "form": UnionForm.SINGLE,
            "committee_type": CommitteeType.COMMITTEE,
            "status": OrgStatus.ACTIVE,
        }

    def _password(self, user, password):
        """The given password, or one asked for twice; refused unless Django's password
        validators (settings.AUTH_PASSWORD_VALIDATORS) accept it."""
        if password is None:
            try:
                password = getpass(f"Password for {user.username}: ")
                again = getpass("Password (again): ")
            except (EOFError, KeyboardInterrupt) as error:
                raise CommandError("No password given (use --password).") from error
            if password != again:
                raise CommandError("The two passwords differ; nothing was created.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        return password


OPTIONS = {
    "name": "--name",
    "short_name": "--short-name",
    "code": "--code",
    "credit_code": "--credit-code",
}


def _form_message(form):
    """The form's errors, each under the option that gave the value."""
    return "; ".join(
        f"{OPTIONS[field]}: {' '.join(errors)}" if field in OPTIONS else " ".join(errors)
        for field, errors in form.errors.items()
    )
