"""Benchmark: the contract list and the attention page on a county with 20 000 contracts.

    python bench/bench_contracts.py            # alone
    from bench.bench_contracts import run      # from bench/run.py: run(sys.stdout)

The county is generated once into its own database, `unionportal_bench_contracts` on the server
of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/unionportal), with the demo's
generators at a larger scale, and kept for the next run (`--rebuild` starts again). Pages are
requested through the whole Django stack (middleware, session, templates) as the county
administrator, who sees everything; each figure is the median of several requests after a
warm-up, with the number of SQL queries, which must not change with the page size.

`run(out)` runs this file in a subprocess, so its database settings never touch the caller's.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "unionportal_bench_contracts"
TARGET = 20_000
REPEAT = 7
SIZES = (20, 50, 100)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/unionportal"


def run(out):
    """Run the benchmark in its own process and copy its report to `out`."""
    process = subprocess.run(
        [sys.executable, str(Path(__file__).resolve())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    out.write(process.stdout)
    if process.returncode:
        out.write(process.stderr)
        raise RuntimeError(f"bench_contracts failed with exit code {process.returncode}")
    return process.returncode


def bench_url():
    parts = urlparse(os.environ.get("DATABASE_URL") or DEFAULT_URL)
    return parts, urlunparse(parts._replace(path=f"/{BENCH_DB}"))


def ensure_database(parts):
    import psycopg2

    admin = urlunparse(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    connection.close()


def setup_django():
    parts, url = bench_url()
    ensure_database(parts)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionportal.settings")
    os.environ.setdefault("PLAIN_STATIC", "1")
    os.environ.setdefault("TASKS_IMMEDIATE", "1")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_county(out, rebuild=False):
    """A county of about 3 400 unions with the demo's contract history, topped up to TARGET."""
    import random

    from django.db import connection, transaction

    from apps.contracts import demo as contracts_demo
    from apps.contracts.models import CollectiveContract
    from apps.core import demo as core_demo
    from apps.core.management.commands.seed_demo import Command
    from apps.core.models import UnionOrg

    have = CollectiveContract.objects.count()
    if have >= TARGET and not rebuild:
        out.write(f"Reusing the benchmark county: {have} contracts.\n")
        return
    started = time.perf_counter()
    if UnionOrg.objects.exists():  # a partial or older county: start again
        Command()._reset()
    rng = random.Random(2026)
    with transaction.atomic():
        core_demo.seed(rng=rng, options={"unions_per_township": 300})
        contracts_demo.build(rng)
        round_no = 1
        while (have := CollectiveContract.objects.count()) < TARGET:
            contracts_demo.build(rng, suffix=f"R{round_no}", limit=TARGET - have)
            round_no += 1
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write(
        f"Built the benchmark county: {UnionOrg.objects.count()} organisations, "
        f"{CollectiveContract.objects.count()} contracts in "
        f"{time.perf_counter() - started:.0f} s.\n"
    )


def measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    times, counts = [], set()
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        times.append(elapsed * 1000)
        counts.add(len(queries))
    return statistics.median(times), max(counts)


def report(out):
    from django.test import Client
    from django.utils import timezone

    from apps.contracts import queries
    from apps.contracts.models import CollectiveContract
    from apps.core.models import Employer, User

    contracts = CollectiveContract.objects.all()
    today = timezone.localdate()
    out.write(
        f"County: {contracts.count()} contracts, {Employer.objects.count()} employers; as of "
        f"{today}: {queries.expiring(contracts).count()} expiring, "
        f"{queries.submission_overdue(contracts).count()} filings overdue, "
        f"{queries.reply_overdue(contracts).count()} replies overdue, "
        f"{queries.organised_without_contract(Employer.objects.all()).count()} organised "
        "employers without a contract.\n"
    )
    client = Client()
    client.force_login(User.objects.get(username="county_admin"))
    pages = {
        "contract list": "/contracts/?",
        "contract list, status=expiring": "/contracts/?status=expiring&",
        "contract list, wage, signed 2024": (
            "/contracts/?contract_type=wage&signed_from=2024-01-01&signed_to=2024-12-31&"
        ),
        "attention: expiring": "/contracts/attention/?tab=expiring&",
        "attention: filings overdue": "/contracts/attention/?tab=submission_overdue&",
        "attention: replies overdue": "/contracts/attention/?tab=reply_overdue&",
        "attention: no contract": "/contracts/attention/?tab=no_contract&",
    }
    out.write(f"\n{'page':<36}{'size':>6}{'median ms':>12}{'queries':>9}\n")
    constant = True
    for name, url in pages.items():
        counts = set()
        for size in SIZES:
            median, count = measure(client, f"{url}size={size}")
            counts.add(count)
            out.write(f"{name:<36}{size:>6}{median:>12.1f}{count:>9}\n")
        if len(counts) > 1:
            constant = False
            out.write(f"  ! {name}: the query count changes with the page size: {sorted(counts)}\n")
    median, count = measure(client, "/api/contracts/?page=2")
    out.write(f"{'API list (page of 50)':<36}{50:>6}{median:>12.1f}{count:>9}\n")
    out.write(
        "\nQuery counts are constant in the page size.\n"
        if constant
        else "\nSome query counts change with the page size.\n"
    )
    return constant


def main(argv):
    setup_django()
    out = sys.stdout
    build_county(out, rebuild="--rebuild" in argv)
    return 0 if report(out) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
