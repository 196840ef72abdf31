from django.urls import path

from . import views

app_name = "changelog"

version = "reports/<int:report_id>/versions/<int:number>/edit/change-log/"

urlpatterns = [
    path(version, views.proposal, name="proposal"),
    path(f"{version}decide/", views.decide, name="decide"),
    path(f"{version}reconsider/", views.reconsider, name="reconsider"),
    path(f"{version}date/", views.set_date, name="set_date"),
    path(f"{version}rows/<str:key>/", views.edit, name="edit_row"),
    path("change-log-style/", views.house_style, name="house_style"),
]
