from django.contrib import admin

from .models import ChangeLogStyle


@admin.register(ChangeLogStyle)
class ChangeLogStyleAdmin(admin.ModelAdmin):
    list_display = ("organisation", "path_style", "wording")
