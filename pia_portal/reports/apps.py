from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pia_portal.reports"
    verbose_name = "評価書"

    def ready(self):
        from pia_portal.audit.labels import STATE_LABELS

        from .models import VersionStatus

        STATE_LABELS.update({str(status.value): str(status.label) for status in VersionStatus})
