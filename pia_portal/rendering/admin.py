from django.contrib import admin

from .models import CachedPart, PdfRender


@admin.register(PdfRender)
class PdfRenderAdmin(admin.ModelAdmin):
    list_display = ("version", "status", "pages", "size", "seconds", "attempts", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in PdfRender._meta.fields]


@admin.register(CachedPart)
class CachedPartAdmin(admin.ModelAdmin):
    list_display = ("key", "pages", "size", "seconds", "hits", "used_at")
    readonly_fields = [f.name for f in CachedPart._meta.fields]
