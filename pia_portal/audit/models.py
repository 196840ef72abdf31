from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionLogQuerySet(models.QuerySet):
    def delete(self):
        raise TypeError("Audit log entries cannot be deleted.")

    def update(self, **kwargs):
        raise TypeError("Audit log entries cannot be changed.")


class ActionLog(models.Model):
    """One change of state: who did what to which object, when, with before/after data."""

    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    # Kept as text too: the log must still say who acted after the account is gone.
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("organisation")
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("action log entry")
        verbose_name_plural = _("action log")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("content_type", "object_id"))]
        # Append-only in the database too. Deleting a person sets `actor` to NULL (the name stays in
        # actor_name), the one change allowed.
        triggers = [
            pgtrigger.Protect(name="log_not_deleted", operation=pgtrigger.Delete),
            pgtrigger.Protect(name="log_not_changed", operation=pgtrigger.Update, condition=pgtrigger.AnyChange(exclude=["actor"])),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    @property
    def state_change(self) -> str:
        """「作成中 → 審査中」 for transitions of a version."""
        from .labels import state_change_of

        return state_change_of(self.data)

    @property
    def label(self) -> str:
        from .labels import label_of

        return label_of(self.action)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit log entries cannot be deleted.")
