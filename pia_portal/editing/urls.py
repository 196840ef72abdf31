from django.urls import path

from . import views

app_name = "editing"

version = "reports/<int:report_id>/versions/<int:number>/edit/"

urlpatterns = [
    path("reports/new/", views.new_report, name="new_report"),
    path("reports/<int:report_id>/versions/new/", views.new_version, name="new_version"),
    path(version, views.home, name="home"),
    path(f"{version}changes/<uuid:uid>/correct/", views.correct_row, name="correct_row"),
    path(f"{version}<str:page_key>/", views.edit_page, name="page"),
    path(f"{version}<str:page_key>/autosave/", views.autosave, name="autosave"),
    path(f"{version}<str:page_key>/autosave/discard/", views.discard_autosave, name="discard_autosave"),
    path(f"{version}<str:page_key>/entries/<str:entity>/add/", views.add_entry, name="add_entry"),
    path(f"{version}<str:page_key>/comments/<int:comment_id>/<str:verb>/", views.comment_action, name="comment_action"),
    path(f"{version}<str:page_key>/entries/<str:entity>/<uuid:uid>/delete/", views.delete_entry, name="delete_entry"),
    path(f"{version}<str:page_key>/entries/<str:entity>/<uuid:uid>/<str:direction>/", views.move_entry, name="move_entry"),
]
