"""Site admin pages to inspect every record of a report. Editing happens in the portal's editor
and state changes in the workflow: here, reports, versions and their content are read-only, so
that an operator cannot set a published version back to draft or change what was approved (the
models and the database refuse it too)."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = models.Version
    extra = 0
    fields = ("number", "status", "form_revision", "created_by", "created_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("assessment_number", "title", "kind", "organisation", "updated_at")
    list_filter = ("kind", "organisation")
    search_fields = ("assessment_number", "title", "affair_name")
    inlines = (VersionInline,)


@admin.register(models.Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "form_revision", "created_by", "updated_at")
    list_filter = ("status", "report__kind", "report__organisation")
    search_fields = ("report__title", "report__assessment_number")


class ContentAdmin(ReadOnlyAdmin):
    list_select_related = ("version__report",)
    search_fields = ("version__report__title",)

    def get_list_display(self, request):
        return ("__str__", "version")

    def get_list_filter(self, request):
        return ("version__report__organisation", "version__status")


for model in models.CONTENT_MODELS:
    admin.site.register(model, ContentAdmin)
