from django.urls import path

from . import views

app_name = "importing"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("reports/<int:report_id>/versions/<int:number>/import/", views.result, name="result"),
]
