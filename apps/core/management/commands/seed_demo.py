import random

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core import demo
from apps.core.discovery import app_modules, portal_apps
from apps.core.models import UnionOrg


class Command(BaseCommand):
    help = "Fill an empty database with the deterministic demo county and its personas."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=40_000, help="members to create")
        parser.add_argument("--unions", type=int, default=300, help="union organisations, about")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument("--reset", action="store_true", help="delete all records first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when records exist")

    def handle(self, *args, **options):
        if UnionOrg.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has records; demo county not loaded.")
                return
            if not options["reset"]:
                raise CommandError("The database already has records. Use --reset to replace them.")
            self._reset()
        rng = random.Random(options["seed"])
        per_township = max(
            1, round((options["unions"] - 13) / (len(demo.TOWNSHIPS) + len(demo.INDUSTRY_UNIONS)))
        )
        options = {**options, "unions_per_township": per_township}
        with transaction.atomic():
            demo.seed(rng=rng, options=options, out=self.stdout)
            # Every other app's demo.py, in INSTALLED_APPS order (an app builds on those before).
            for config, module in app_modules("demo"):
                if config.name != "apps.core":
                    module.seed(rng=rng, options=options, out=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo county loaded: {UnionOrg.objects.count()} union organisations."
            )
        )

    def _reset(self):
        tables = [
            model._meta.db_table
            for config in [
                *portal_apps(),
                apps.get_app_config("pghistory"),
                apps.get_app_config("authtoken"),
            ]
            for model in config.get_models()
            if not model._meta.proxy and model._meta.managed
        ]
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
