from django.contrib import admin

from .models import PdfRender


@admin.register(PdfRender)
class PdfRenderAdmin(admin.ModelAdmin):
    list_display = ("version", "status", "pages", "size", "seconds", "attempts", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in PdfRender._meta.fields]
