from django.apps import AppConfig


class RenderingConfig(AppConfig):
    name = "pia_portal.rendering"
    verbose_name = "PDF作成"

    def ready(self):
        from django.db.models.signals import post_save

        from pia_portal.audit.models import ActionLog

        from .warm import on_action_logged

        # Every save of a draft writes the action log in its transaction: the parts are warmed after it.
        post_save.connect(on_action_logged, sender=ActionLog, dispatch_uid="rendering.warm_after_save")
