from django.urls import path

from pia_portal.rendering import views as rendering_views

from . import views

app_name = "reports"

version = "reports/<int:report_id>/versions/<int:number>/"

urlpatterns = [
    path("", views.organisation_home, name="organisation_home"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("pdf-batches/<int:batch_id>/status/", rendering_views.bulk_render_status, name="bulk_render_status"),
    path("reports/<int:report_id>/history/", views.report_history, name="report_history"),
    path("reports/<int:report_id>/delete/", views.delete_report, name="delete_report"),
    path(f"{version}discard/", views.discard_version, name="discard_version"),
    path(f"{version}preview/", rendering_views.preview, name="version_preview"),
    path(f"{version}preview/<str:page_key>/", rendering_views.section_preview, name="version_section_preview"),
    path(f"{version}figures/<uuid:uid>/", rendering_views.figure, name="version_figure"),
    path(f"{version}pdf/", rendering_views.request_pdf, name="version_request_pdf"),
    path(f"{version}pdf/<int:render_id>/status/", rendering_views.render_status, name="render_status"),
    path(f"{version}pdf/<int:render_id>/download/", rendering_views.download, name="render_download"),
    path(f"{version}pdf/<int:render_id>/retry/", rendering_views.retry, name="render_retry"),
]
