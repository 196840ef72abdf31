import django.contrib.postgres.fields
from django.db import migrations, models


def regram(apps, schema_editor):
    # The pieces are the search's own (pia_portal.public.fold), so documents indexed before and
    # after this migration are found alike; the command index_public_reports does the same.
    from pia_portal.public import fold

    SearchDocument = apps.get_model("public", "SearchDocument")
    for document in SearchDocument.objects.only("pk", "key", "heading_key").iterator(chunk_size=200):
        SearchDocument.objects.filter(pk=document.pk).update(
            grams=fold.grams(document.key), heading_grams=fold.grams(document.heading_key))


class Migration(migrations.Migration):

    dependencies = [
        ('public', '0002_heading_grams'),
    ]

    operations = [
        migrations.AlterField(
            model_name='searchdocument',
            name='grams',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), size=None, verbose_name='文字の組'),
        ),
        migrations.AlterField(
            model_name='searchdocument',
            name='heading_grams',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), default=list, size=None, verbose_name='名称の文字の組'),
        ),
        migrations.RunPython(regram, migrations.RunPython.noop),
    ]
