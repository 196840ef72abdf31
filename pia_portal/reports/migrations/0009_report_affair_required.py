
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0008_affairs_from_reports'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='report',
            name='ended_on',
        ),
        migrations.RemoveField(
            model_name='reportevent',
            name='ended_on',
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='affair',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='planning.affair', verbose_name='事務'),
        ),
        migrations.AlterField(
            model_name='report',
            name='affair',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='planning.affair', verbose_name='事務'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='report',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_reportevent" ("affair_id", "affair_name", "assessment_number", "created_at", "id", "kind", "organisation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "title", "updated_at") VALUES (NEW."affair_id", NEW."affair_name", NEW."assessment_number", NEW."created_at", NEW."id", NEW."kind", NEW."organisation_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."title", NEW."updated_at"); RETURN NULL;', hash='37745760f5d796e0fe6cd20df67c5feb58c123c6', operation='INSERT', pgid='pgtrigger_insert_insert_84ceb', table='reports_report', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='report',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "reports_reportevent" ("affair_id", "affair_name", "assessment_number", "created_at", "id", "kind", "organisation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "title", "updated_at") VALUES (NEW."affair_id", NEW."affair_name", NEW."assessment_number", NEW."created_at", NEW."id", NEW."kind", NEW."organisation_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."title", NEW."updated_at"); RETURN NULL;', hash='0863bef3ebc116b748a6ffae01e6410f390bd659', operation='UPDATE', pgid='pgtrigger_update_update_234a9', table='reports_report', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='report',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "reports_reportevent" ("affair_id", "affair_name", "assessment_number", "created_at", "id", "kind", "organisation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "title", "updated_at") VALUES (OLD."affair_id", OLD."affair_name", OLD."assessment_number", OLD."created_at", OLD."id", OLD."kind", OLD."organisation_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."title", OLD."updated_at"); RETURN NULL;', hash='3a1fa52cf5b6e05e3e1bf1ea449056b27ea54ba4', operation='DELETE', pgid='pgtrigger_delete_delete_6acd6', table='reports_report', when='AFTER')),
        ),
    ]
