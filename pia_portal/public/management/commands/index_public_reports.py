"""Rebuild the public search from the published editions, e.g. after an upgrade or a change of
what counts as public text. Safe to run again; reports no longer published drop out."""

from django.core.management.base import BaseCommand
from django.db import transaction

from pia_portal.public.index import index_version
from pia_portal.public.models import SearchDocument
from pia_portal.reports.models import Version, VersionStatus


class Command(BaseCommand):
    help = "Rebuild the public search documents from the published versions."

    def handle(self, *args, **options):
        published = Version.objects.filter(status=VersionStatus.PUBLISHED, publication__published_at__isnull=False)
        with transaction.atomic():
            SearchDocument.objects.exclude(version__in=published).delete()
            count = 0
            for version in published.select_related("report__organisation", "publication").iterator():
                index_version(version)
                count += 1
        self.stdout.write(f"{count} published report(s) indexed.")
