
import django.db.models.deletion
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0001_initial'),
        ('reports', '0006_change_log_provenance'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='report',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='report',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='report',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='report',
            name='affair',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='planning.affair', verbose_name='事務'),
        ),
        migrations.AddField(
            model_name='reportevent',
            name='affair',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='planning.affair', verbose_name='事務'),
        ),
    ]
