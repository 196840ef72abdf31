from django.urls import path

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
    path(f"{version}withheld/", views.withheld_parts, name="withheld_parts"),
    path(f"{version}withheld/<int:part_id>/release/", views.release_withheld, name="release_withheld"),
    path("reports/<int:report_id>/compare/", views.compare_versions, name="compare"),
    path("reports/<int:report_id>/end/", views.end_report, name="end_report"),
]
