"""Benchmark: the competitions' participant import and lists at a city's scale.

    python bench/bench_competitions.py            # alone
    from bench.bench_competitions import run      # from bench/run.py: run(sys.stdout)

- importing 50 000 participants by name (a city-scale competition, `competition_participants`)
  as a ratio to openpyxl's bare read of the same file (target ≤ 1.0), each measured in a fresh
  process;
- the competition list and the participant list against the Django admin's changelist of the
  same records (target ≤ 1.0), medians of several requests after a warm-up, with query counts
  that must not change with the page size.

The county is generated once into its own database, `unionportal_bench_competitions` on the
server of DATABASE_URL, and kept for the next run (`--rebuild` starts again).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_contracts as base

ROOT = base.ROOT
BENCH_DB = "unionportal_bench_competitions"
ROWS = int(os.environ.get("BENCH_COMPETITION_ROWS", "50000"))
PARTICIPATIONS = 20_000
REPEAT = 5
SIZES = (20, 50, 100)


def run(out):
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
        raise RuntimeError(f"bench_competitions failed with exit code {process.returncode}")
    return process.returncode


def setup_django():
    base.BENCH_DB = BENCH_DB
    base.setup_django()


def build_county(out, rebuild=False):
    import datetime
    import random

    from django.db import connection, transaction

    from apps.competitions import demo
    from apps.competitions.choices import CompetitionStatus, CompetitionType
    from apps.competitions.models import Competition, Participation
    from apps.core import demo as core_demo
    from apps.core.management.commands.seed_demo import Command
    from apps.core.models import Employer, UnionOrg, User

    if Participation.objects.count() >= PARTICIPATIONS and not rebuild:
        out.write(f"Reusing the benchmark county: {Participation.objects.count()} entries.\n")
        return
    started = time.perf_counter()
    if UnionOrg.objects.exists():
        Command()._reset()
    rng = random.Random(2026)
    with transaction.atomic():
        core_demo.seed(rng=rng, options={"unions_per_township": 300})
        demo.build(rng)
        county = UnionOrg.objects.filter(level="county").first()
        employers = list(Employer.objects.values_list("pk", flat=True))
        n = 0
        while Participation.objects.count() < PARTICIPATIONS:
            n += 1
            competition = Competition.objects.create(
                name=f"基准竞赛{n}",
                competition_type=CompetitionType.INDUSTRY,
                organiser=county,
                starts_on=datetime.date(2025, 1, 1),
                ends_on=datetime.date(2025, 12, 31),
                status=CompetitionStatus.RUNNING,
            )
            Participation.objects.bulk_create(
                Participation(competition=competition, employer_id=pk, workers=rng.randint(5, 90))
                for pk in rng.sample(employers, min(len(employers), 1000))
            )
        if not User.objects.filter(username="bench_admin").exists():
            User.objects.create_superuser("bench_admin", "", "x", org=county)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write(
        f"Built the benchmark county: {Employer.objects.count()} employers, "
        f"{Competition.objects.count()} competitions, {Participation.objects.count()} entries in "
        f"{time.perf_counter() - started:.0f} s.\n"
    )


def participant_file(path, competition, rows):
    import openpyxl

    from apps.core.models import Employer

    names = list(Employer.objects.order_by("pk").values_list("name", flat=True)[:2000])
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("参赛人员")
    sheet.append(["竞赛编号", "单位名称", "姓名", "性别", "工种", "班组"])
    surnames, given = "王李张刘陈杨赵黄周吴", "建国志强秀英桂兰海燕伟明晓东丽华"
    for i in range(rows):
        sheet.append(
            [
                competition.pk,
                names[i % len(names)],
                surnames[i % 10] + given[(i // 10) % 14] + given[(i // 140) % 14],
                "男" if i % 3 else "女",
                "焊工",
                f"{i % 40 + 1}班",
            ]
        )
    book.save(path)


def child(mode, path, competition_id=None):
    """Measured in a fresh process: the bare openpyxl read, or the whole import."""
    if mode == "parse":
        import openpyxl

        started = time.perf_counter()
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()
        return {"seconds": time.perf_counter() - started}
    setup_django()
    from apps.core.ledgers import IMPORTERS
    from apps.core.models import User

    user = User.objects.get(username="county_admin")
    data = Path(path).read_bytes()
    started = time.perf_counter()
    outcome = IMPORTERS["competition_participants"].run(data, user=user, commit=True)
    return {
        "seconds": time.perf_counter() - started,
        "saved": outcome.saved,
        "errors": dict(list(outcome.errors.items())[:3]),
    }


def run_child(mode, path):
    process = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]},
    )
    return json.loads(process.stdout.strip().splitlines()[-1])


def bench_import(out):
    import datetime
    import tempfile

    from apps.competitions.choices import CompetitionStatus, CompetitionType
    from apps.competitions.models import Competition
    from apps.core.models import UnionOrg

    county = UnionOrg.objects.filter(level="county").first()
    competition = Competition.objects.create(
        name=f"全市职工技能大赛（导入基准 {time.time():.0f}）",
        competition_type=CompetitionType.SKILLS_CONTEST,
        organiser=county,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        status=CompetitionStatus.RUNNING,
    )
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "participants.xlsx"
        participant_file(path, competition, ROWS)
        parse = run_child("parse", path)
        result = run_child("import", path)
    if result["saved"] != ROWS:
        raise RuntimeError(f"the participant import failed: {result}")
    ratio = result["seconds"] / parse["seconds"]
    out.write(
        f"participant import, {ROWS:,} rows, commit: {result['seconds']:.1f} s vs openpyxl read "
        f"{parse['seconds']:.1f} s = {ratio:.2f} (target ≤ 1.0: "
        f"{'met' if ratio <= 1.0 else 'NOT met'})\n"
    )
    return ratio


def pages(out):
    from django.test import Client

    from apps.core.models import User

    ours = Client()
    ours.force_login(User.objects.get(username="county_admin"))
    admin = Client()
    admin.force_login(User.objects.get(username="bench_admin"))
    pairs = {
        "competition list": ("/competitions/?", "/admin/competitions/competition/?"),
        "participant list": ("/competitions/participants/?", "/admin/competitions/participation/?"),
    }
    out.write(
        f"\n{'page':<22}{'size':>6}{'ours ms':>10}{'admin ms':>10}{'ratio':>7}{'queries':>9}\n"
    )
    constant, worst = True, 0.0
    for name, (url, admin_url) in pairs.items():
        counts = set()
        admin_ms, _ = base.measure(admin, admin_url)
        for size in SIZES:
            ms, count = base.measure(ours, f"{url}size={size}")
            counts.add(count)
            ratio = ms / admin_ms
            worst = max(worst, ratio)
            out.write(f"{name:<22}{size:>6}{ms:>10.1f}{admin_ms:>10.1f}{ratio:>7.2f}{count:>9}\n")
        constant &= len(counts) == 1
    out.write(
        f"\nWorst ratio to the admin changelist {worst:.2f} (target ≤ 1.0); query counts "
        f"{'constant' if constant else 'NOT constant'} in the page size.\n"
    )
    return constant


def main(argv):
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1], argv[2]), default=str))
        return 0
    setup_django()
    out = sys.stdout
    build_county(out, rebuild="--rebuild" in argv)
    bench_import(out)
    return 0 if pages(out) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
