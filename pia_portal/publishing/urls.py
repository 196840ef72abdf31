from django.urls import path, re_path

from . import views

app_name = "publishing"

version = "reports/<int:report_id>/versions/<int:number>/"

urlpatterns = [
    path(f"{version}workflow/<str:action>/", views.transition, name="transition"),
    path(f"{version}review/", views.review, name="review"),
    path(f"{version}publish/", views.publish, name="publish"),
    path(f"{version}submit/", views.confirm_submission, name="confirm_submission"),
    path(f"{version}review/<int:comment_id>/resolve/", views.resolve, name="resolve"),
    path(f"{version}review/<int:comment_id>/reply/", views.reply, name="reply"),
    path(f"{version}review/<int:comment_id>/answer/", views.answer, name="answer"),
    path(f"{version}review/item/", views.comment_on_item, name="comment_on_item"),
    path("reports/<int:report_id>/compare/", views.compare_versions, name="compare"),
    path("reports/<int:report_id>/end/", views.end_report, name="end_report"),
]

# Public addresses are built from ids only: a 評価書番号 or title never becomes part of a URL.
public_urlpatterns = [
    path("", views.public_index, name="public_index"),
    path("reports/<int:report_id>/", views.public_report, name="public_report"),
    path("reports/<int:report_id>/v<int:version_number>.pdf", views.public_pdf, name="public_pdf"),
    # The first release's addresses (organisation and 評価書番号) keep working as redirects.
    re_path(r"^(?P<org_slug>[-a-zA-Z0-9_]+)/(?P<number>[0-9]+(?:[-_.][0-9]+)*)/$", views.public_report_by_number),
]
