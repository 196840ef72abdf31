from django.urls import path

from . import views

app_name = "publishing"

version = "reports/<int:report_id>/versions/<int:number>/"

urlpatterns = [
    path(f"{version}workflow/<str:action>/", views.transition, name="transition"),
    path(f"{version}review/", views.review, name="review"),
    path(f"{version}review/<int:comment_id>/resolve/", views.resolve, name="resolve"),
    path("reports/<int:report_id>/compare/", views.compare_versions, name="compare"),
    path("reports/<int:report_id>/end/", views.end_report, name="end_report"),
]

public_urlpatterns = [
    path("", views.public_index, name="public_index"),
    path("<slug:org_slug>/<str:number>/", views.public_report, name="public_report"),
    path("<slug:org_slug>/<str:number>/v<int:version_number>.pdf", views.public_pdf, name="public_pdf"),
]
