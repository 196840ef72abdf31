from django.urls import path

from . import views

app_name = "procedure"

version = "reports/<int:report_id>/versions/<int:number>/procedure/"

urlpatterns = [
    path("shishin/", views.rules, name="rules"),
    path(version, views.steps, name="steps"),
    path(f"{version}purpose/", views.declare_purpose, name="declare_purpose"),
    path(f"{version}outside/", views.record_outside, name="record_outside"),
    path(f"{version}comments/open/", views.open_comments, name="open_comments"),
    path(f"{version}comments/result/", views.record_comments, name="record_comments"),
    path(f"{version}inspection/", views.record_inspection, name="record_inspection"),
    path(f"{version}inspection/minutes.pdf", views.minutes, name="minutes"),
    path(f"{version}commission/", views.record_commission, name="record_commission"),
]

# Residents comment without an account; addresses are built from ids only.
public_urlpatterns = [
    path("", views.public_periods, name="periods"),
    path("<int:period_id>/", views.public_period, name="period"),
    path("<int:period_id>/thanks/", views.public_thanks, name="thanks"),
    path("<int:period_id>/draft.pdf", views.public_draft_pdf, name="draft_pdf"),
]
