"""Benchmark: indicators, the leaders' dashboard and the annual review PDF on a large county.

    python bench/bench_reports.py             # alone (BENCH_MEMBERS=1000000 by default)
    from bench.bench_reports import run       # from bench/run.py: run(sys.stdout)

The county is the demo county (`seed_demo`) with BENCH_MEMBERS members, generated once into its
own database, `unionportal_bench_reports` on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/unionportal), and kept for the next run (`--rebuild` starts
again; BENCH_REPORTS_DB names another database, e.g. one bench/run.py prepared).

Figures, for the county and the calendar year YEAR:
- every registered indicator: time and number of SQL queries, with no member tallies yet (all
  built on the way) and with them built, and the slowest indicators;
- the dashboard page through the whole Django stack as the leader: figures computed
  on every request (the default; median of several), the first time (tallies built), just after
  a roster import dated in the year (its tallies rebuilt), and figures kept in the cache
  (REPORTS_CACHE_SECONDS set);
- the annual review PDF with all sections: the whole render (figures, charts, HTML, PDF) as a
  ratio to WeasyPrint rendering the same final HTML alone (target ≤ 1.3), medians of renders
  interleaved with WeasyPrint-alone runs; also just after a roster import; pages, peak memory;
- recording one member: with the tallies built (kept true by the ledger trigger) and without.

A roster import (a write of over a thousand ledger entries) is simulated by deleting the tallies
it would (the ledger trigger's rule), so the benchmark county's ledger stays as built. A small
write moves the counts in place (the last figure measures its cost).

`run(out)` runs this file in a subprocess, so its database settings never touch the caller's.
"""

import gc
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_REPORTS_DB", "unionportal_bench_reports")
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 1_000_000))
YEAR = 2025
REPEAT = 7
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
        raise RuntimeError(f"bench_reports failed with exit code {process.returncode}")
    return process.returncode


def setup_django():
    import psycopg2

    parts = urlparse(os.environ.get("DATABASE_URL") or DEFAULT_URL)
    admin = psycopg2.connect(urlunparse(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    admin.close()
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{BENCH_DB}"))
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
    from django.core.management import call_command
    from django.db import connection

    from apps.core.models import UnionOrg
    from apps.membership.models import Member

    have = Member.objects.count()
    if have >= MEMBERS and not rebuild:
        out.write(f"Reusing the benchmark county: {have} members.\n")
        return
    started = time.perf_counter()
    call_command("seed_demo", members=MEMBERS, reset=UnionOrg.objects.exists(), stdout=out)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write(f"Built the benchmark county in {time.perf_counter() - started:.0f} s.\n")


def timed(function, *args, **kwargs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        elapsed = time.perf_counter() - started
    return result, elapsed, len(queries)


def bench_indicators(out, county, period):
    import datetime

    from apps.reports.evaluation import compute
    from apps.reports.registry import REGISTRY

    outdate_tallies(datetime.date.min)
    _, cold, cold_count = timed(compute, county, period)
    runs = [timed(compute, county, period) for _ in range(REPEAT)]
    values, count = runs[0][0], runs[0][2]
    plain = sum(1 for item in REGISTRY.values() if not item.is_ratio)
    out.write(
        f"\nAll {len(REGISTRY)} indicators ({plain} non-ratio), county, {YEAR}:\n"
        f"  member tallies to build: {cold:.2f} s, {cold_count} queries\n"
        f"  tallies built: {statistics.median(r[1] for r in runs) * 1000:.0f} ms "
        f"(median of {REPEAT}), {count} queries\n"
    )
    slowest = []
    for code in REGISTRY:
        _, seconds, _ = timed(compute, county, period, [code])
        slowest.append((seconds, code))
    for seconds, code in sorted(slowest, reverse=True)[:6]:
        out.write(f"  {code:<42}{seconds * 1000:>9.0f} ms  value {values[code]}\n")


def bench_dashboard(out, county):
    import datetime

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from apps.core.models import User

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    url = f"/reports/?org={county.pk}&kind=year&year={YEAR}"
    started = time.perf_counter()
    client.get(url + "&refresh=1")  # the trend's tallies, built once
    first = time.perf_counter() - started
    outdate_tallies(datetime.date(YEAR, 6, 1))
    started = time.perf_counter()
    assert client.get(url + "&refresh=1").status_code == 200
    outdated = time.perf_counter() - started

    def median_request(query=""):
        times = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url + query)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        return statistics.median(times), len(queries)

    computed, computed_queries = median_request()
    with override_settings(REPORTS_CACHE_SECONDS=600):
        client.get(url + "&refresh=1")
        kept, kept_queries = median_request()
    out.write(
        f"\nDashboard, county, {YEAR}, median of {REPEAT} requests: figures computed (the "
        f"default) {computed * 1000:.0f} ms, {computed_queries} queries; figures kept "
        f"(REPORTS_CACHE_SECONDS=600) {kept * 1000:.0f} ms, {kept_queries} queries\n"
        f"  first request (five years' member tallies built): {first:.2f} s; "
        f"just after a roster import dated {YEAR}-06-01 (the year's tallies rebuilt): "
        f"{outdated:.2f} s\n"
    )


def bench_drilldown(out, county):
    from django.test import Client

    from apps.core.models import User

    client = Client()
    client.force_login(User.objects.get(username="leader"))
    out.write("\nDrill-down lists, county (count, figure and one page of 50):\n")
    for code in ("membership.members", "membership.new_members", "contracts.signed_count"):
        url = f"/reports/drilldown/{code}/?org={county.pk}&kind=year&year={YEAR}"
        client.get(url)  # warm-up
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(url + "&page=2")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200
        rows = int(re.search(r'data-testid="total">\D*(\d+)', response.content.decode())[1])
        out.write(f"  {code:<32}{rows:>9} rows  median {statistics.median(times):.2f} s\n")


def render_all(review, county, period, *, kept=False):
    """The whole render: figures (computed now, as issuing and by default the preview do, or
    `kept` ones, as the preview uses with REPORTS_CACHE_SECONDS set), charts, final HTML, PDF."""
    from django.test import override_settings
    from django.utils import timezone

    from apps.core.pdf import html_to_pdf
    from apps.reports.render import review_html, section_dicts
    from apps.reports.store import cached_figures, review_charts, review_figures

    started = time.perf_counter()
    if kept:
        with override_settings(REPORTS_CACHE_SECONDS=600):
            data = cached_figures(county, period)[0]
    else:
        data = review_figures(county, period)
    charts = review_charts(data, county, period)
    data_seconds = time.perf_counter() - started
    html = review_html(
        title=review.title,
        org=county,
        period=period,
        sections=section_dicts(review),
        entries=data["entries"],
        charts=charts,
        issued_on=timezone.localdate(),
    )
    pdf, pages = html_to_pdf(html)
    return html, pdf, pages, data_seconds, time.perf_counter() - started


def outdate_tallies(day):
    """Delete the member tallies a ledger entry dated `day` would (the ledger trigger's rule),
    without writing to the benchmark county's ledger."""
    from apps.membership.models import MembershipTally

    MembershipTally.objects.filter(last_day__gte=day).delete()


def bench_review(out, county, period):
    import datetime

    from django.conf import settings
    from django.db import connection
    from weasyprint import HTML

    from apps.reports import evaluation, services

    review, _ = services.get_or_create_review(org=county, period=period, actor=None)
    html, pdf, pages, *_ = render_all(review, county, period)  # warm-up: fonts, templates, tallies
    alone, fresh, fresh_data, kept = [], [], [], []

    def quiet(function, *args, **kwargs):
        """One run from a collected heap with the collector paused, as timeit does: a PDF
        render allocates enough to set off a full collection every other run (+0.15 s), which
        would otherwise fall on one side or the other of the comparison."""
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            result = function(*args, **kwargs)
            return result, time.perf_counter() - started
        finally:
            gc.enable()

    for _ in range(REPEAT):  # interleaved, so that the machine's load weighs on all alike
        alone.append(quiet(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf)[1])
        *_, data_seconds, total = quiet(render_all, review, county, period)[0]
        fresh.append(total)
        fresh_data.append(data_seconds)
        kept.append(quiet(render_all, review, county, period, kept=True)[0][-1])
    weasy = statistics.median(alone)
    firsts = []
    for _ in range(3):  # as in a new worker process: statement compiled, connection new
        evaluation._statement.cache_clear()
        connection.close()
        firsts.append(quiet(render_all, review, county, period)[0][-1])
    first = statistics.median(firsts)
    outdate_tallies(datetime.date(YEAR, 6, 1))
    *_, outdated_data, outdated = quiet(render_all, review, county, period)[0]
    tracemalloc.start()  # a separate run: tracing slows the render down several times
    render_all(review, county, period)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median
    out.write(
        f"\nAnnual review PDF, county, {YEAR}: {pages} pages, {len(pdf) // 1024} KiB "
        f"(medians of {REPEAT}, interleaved)\n"
        f"  WeasyPrint alone on the final HTML: {weasy:.2f} s\n"
        f"  render with figures computed now (issue, command line, preview): {median(fresh):.2f} s "
        f"(figures {median(fresh_data):.2f} s), ratio {median(fresh) / weasy:.2f} "
        f"(target ≤ 1.3)\n"
        f"  the first render of a new process (figures' SQL compiled and prepared): "
        f"{first:.2f} s, ratio {first / weasy:.2f}\n"
        f"  render with kept figures (preview with REPORTS_CACHE_SECONDS set): "
        f"{median(kept):.2f} s, ratio {median(kept) / weasy:.2f}\n"
        f"  render just after a roster import dated {YEAR}-06-01 (the year's member tallies "
        f"rebuilt): {outdated:.2f} s (figures {outdated_data:.2f} s), "
        f"ratio {outdated / weasy:.2f}\n"
        f"  peak Python memory during the render {peak / 2**20:.0f} MiB; process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB\n"
    )
    return median(fresh) / weasy


def bench_writes(out, county, period):
    """What keeping the member tallies true costs a clerk: recording one member (入会 dated in
    the year) with the tallies of the dashboard's periods built, and with none built. In a
    transaction that is rolled back."""
    import datetime

    from django.db import transaction

    from apps.core.choices import OrgLevel
    from apps.core.models import UnionOrg
    from apps.core.validators import id_check_char
    from apps.membership import services
    from apps.membership.models import Member, MembershipTally
    from apps.reports.store import figures

    figures(county, period)  # builds this period's, last period's and the trend's tallies
    built = MembershipTally.objects.filter(union__isnull=True).count()
    union = UnionOrg.objects.filter(level=OrgLevel.GRASSROOTS).order_by("pk").first()

    def add(serial):
        first17 = f"659999{datetime.date(1990, 1, 1):%Y%m%d}{serial:03d}"
        member = Member(
            union=union,
            name="测试",
            id_number=first17 + id_check_char(first17),
            birth_date=datetime.date(1990, 1, 1),
            sex="1" if serial % 2 else "2",
            joined_on=datetime.date(YEAR, 6, 1),
        )
        started = time.perf_counter()
        services.add_member(member=member, actor=None)
        return time.perf_counter() - started

    with transaction.atomic():
        with_tallies = [add(n) for n in range(1, REPEAT + 1)]
        MembershipTally.objects.all().delete()
        without = [add(n) for n in range(101, 101 + REPEAT)]
        transaction.set_rollback(True)
    median = statistics.median
    out.write(
        f"\nRecording a member (入会 dated {YEAR}-06-01), median of {REPEAT}: "
        f"{median(with_tallies) * 1000:.1f} ms with {built} periods' tallies kept true, "
        f"{median(without) * 1000:.1f} ms with none built "
        f"(ratio {median(with_tallies) / median(without):.2f})\n"
    )


def main(argv):
    setup_django()
    out = sys.stdout
    build_county(out, rebuild="--rebuild" in argv)
    from apps.core.models import UnionOrg
    from apps.membership.models import Member
    from apps.reports.periods import Period

    county = UnionOrg.objects.filter(parent__isnull=True).order_by("path").first()
    period = Period.year(YEAR)
    out.write(
        f"County: {UnionOrg.objects.count()} organisations, {Member.objects.count()} members.\n"
    )
    bench_indicators(out, county, period)
    bench_dashboard(out, county)
    bench_drilldown(out, county)
    bench_review(out, county, period)
    bench_writes(out, county, period)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
