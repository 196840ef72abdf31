"""Site admin pages to inspect every record of a version. Editing happens in the portal's editor;
the admin is for operators, and still cannot change a published version (the models refuse)."""

from django.contrib import admin

from . import models


class VersionInline(admin.TabularInline):
    model = models.Version
    extra = 0
    fields = ("number", "status", "form_revision", "created_by", "created_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("assessment_number", "title", "kind", "organisation", "updated_at")
    list_filter = ("kind", "organisation")
    search_fields = ("assessment_number", "title", "affair_name")
    inlines = (VersionInline,)


@admin.register(models.Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "form_revision", "created_by", "updated_at")
    list_filter = ("status", "report__kind", "report__organisation")
    search_fields = ("report__title", "report__assessment_number")
    readonly_fields = ("based_on", "created_by", "created_at", "updated_at", "published_at")


class ContentAdmin(admin.ModelAdmin):
    list_select_related = ("version__report",)
    search_fields = ("version__report__title",)
    readonly_fields = ("uid",)

    def get_list_display(self, request):
        return ("__str__", "version")

    def get_list_filter(self, request):
        return ("version__report__organisation", "version__status")


for model in models.CONTENT_MODELS:
    admin.site.register(model, ContentAdmin)
