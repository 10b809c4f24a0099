"""Members' stored pinyin and initials read the first character as a surname (曾 "zeng", 单
"shan" …, `apps.core.pinyin.SURNAMES`): recomputed for the members whose name starts with one
of those surnames, the only ones whose readings change. Reversing leaves them as they are."""

from django.db import migrations
from django.db.models import Q

BATCH = 2_000


def recompute(apps, schema_editor):
    from apps.core.pinyin import SURNAMES, person_readings

    Member = apps.get_model("membership", "Member")
    starts = Q()
    for surname in SURNAMES:
        starts |= Q(name__startswith=surname)
    members = Member.objects.filter(starts).only("pk", "name", "name_pinyin", "name_initials")
    changed = []
    for member in members.order_by("pk").iterator(chunk_size=BATCH):
        full, short = person_readings(member.name)
        full, short = full[:400], short[:100]
        if (full, short) != (member.name_pinyin, member.name_initials):
            member.name_pinyin, member.name_initials = full, short
            changed.append(member)
        if len(changed) >= BATCH:
            Member.objects.bulk_update(changed, ["name_pinyin", "name_initials"])
            changed = []
    if changed:
        Member.objects.bulk_update(changed, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0004_history_changes"),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True),
    ]
