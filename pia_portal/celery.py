import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")

app = Celery("pia_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def _forget_content_types(**kwargs):
    # A worker lives across deployments and migrations; content type ids are read afresh per task.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
