from django.core.management.base import BaseCommand, CommandError

from apps.core.examples import ExampleError, build_all


class Command(BaseCommand):
    help = (
        "Regenerate fixtures/examples/*.xlsx (one filled workbook per ledger, from the JSON "
        "rows beside them and the ledgers' own templates) and fixtures/code-tables.md."
    )

    def handle(self, *args, **options):
        try:
            written = build_all()
        except ExampleError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write(f"written {path}")
