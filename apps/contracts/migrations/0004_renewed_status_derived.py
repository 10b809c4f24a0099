"""已续订 is no longer stored: a contract reads 已续订 once its renewal has taken effect
(`queries.renewal_in_effect_q`) and stays in force until then. Contracts stored as renewed go
back to the status they had when the renewal was offered (a renewal needed one in force): in
force when the labour bureau let it pass, otherwise submitted (in force after its 15 days)."""

from django.db import migrations


def unstore_renewed(apps, schema_editor):
    CollectiveContract = apps.get_model("contracts", "CollectiveContract")
    renewed = CollectiveContract.objects.filter(status="renewed")
    renewed.filter(review_result="no_objection").update(status="effective")
    renewed.update(status="submitted")


class Migration(migrations.Migration):
    dependencies = [("contracts", "0003_code_not_blank_and_sane_dates")]

    operations = [migrations.RunPython(unstore_renewed, migrations.RunPython.noop)]
