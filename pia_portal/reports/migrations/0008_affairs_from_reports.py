"""In a migration of its own: PostgreSQL refuses to alter a table with pending trigger events
(the foreign keys this data migration writes), so the schema changes follow in the next one."""

from django.db import migrations


def affairs_from_reports(apps, schema_editor):
    """Each report's 事務, from its number and name; the end of the 事務 moves there."""
    Report = apps.get_model("reports", "Report")
    Affair = apps.get_model("planning", "Affair")
    for report in Report.objects.order_by("id"):
        affair, _ = Affair.objects.get_or_create(
            organisation_id=report.organisation_id, number=report.assessment_number,
            defaults={"name": report.affair_name or report.title, "ended_on": report.ended_on},
        )
        Report.objects.filter(pk=report.pk).update(affair=affair)
    # The history rows name the 事務 too (the history table keeps the report's columns).
    ReportEvent = apps.get_model("reports", "ReportEvent")
    for event in ReportEvent.objects.filter(affair__isnull=True).only("id", "pgh_obj_id"):
        affair_id = Report.objects.filter(pk=event.pgh_obj_id).values_list("affair_id", flat=True).first()
        if affair_id is None:  # the history of a report since deleted: its 事務 by its number
            affair_id = Affair.objects.filter(
                organisation_id=event.organisation_id, number=event.assessment_number
            ).values_list("id", flat=True).first() or Affair.objects.create(
                organisation_id=event.organisation_id, number=event.assessment_number, name=event.affair_name or event.title
            ).id
        ReportEvent.objects.filter(pk=event.pk).update(affair_id=affair_id)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0007_report_affair'),
    ]

    operations = [
        migrations.RunPython(affairs_from_reports, migrations.RunPython.noop),
    ]
