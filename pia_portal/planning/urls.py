from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("plan/計画管理書.csv", views.plan_csv, name="plan_csv"),
    path("plan/計画管理書.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("plan/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("plan/calendar/reset/", views.reset_calendar_feed, name="reset_calendar_feed"),
    path("plan/affairs/new/", views.new_affair, name="new_affair"),
    path("plan/incidents/new/", views.incident, name="incident"),
    path("plan/submissions/new/", views.plan_submission, name="submission"),
    path("plan/affairs/<int:affair_id>/end/", views.affair_end, name="affair_end"),
    path("plan/affairs/<int:affair_id>/", views.affair_detail, name="affair"),
    path("plan/affairs/<int:affair_id>/threshold/", views.threshold, name="threshold"),
    path("plan/affairs/<int:affair_id>/review/", views.review, name="review"),
]
