from django.urls import path

from . import views

app_name = "importing"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:job_id>/", views.job, name="job"),
    path("import/<int:job_id>/status/", views.job_status, name="job_status"),
    path("reports/<int:report_id>/versions/<int:number>/import/", views.result, name="result"),
    path("reports/<int:report_id>/versions/<int:number>/import/fragments/<int:fragment_id>/place/", views.place_fragment,
         name="place_fragment"),
    path("reports/<int:report_id>/versions/<int:number>/import/notes/<int:note_id>/move/", views.move_note_block,
         name="move_block"),
]
