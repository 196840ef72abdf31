from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pia_portal.core import views as core_views
from pia_portal.organisations import views as organisation_views
from pia_portal.public.api import api as public_api
from pia_portal.procedure.urls import public_urlpatterns as procedure_public_urlpatterns

admin.site.site_header = "PIA Portal 管理サイト"
admin.site.site_title = "PIA Portal"

urlpatterns = [
    path("staff/", organisation_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("pia_portal.accounts.urls")),
    path("organisations/switch/", organisation_views.switch_organisation, name="switch_organisation"),
    path("o/<slug:slug>/", include("pia_portal.reports.urls")),
    # Before the editor's: its <page_key> would take 「change-log」 for a page.
    path("o/<slug:slug>/", include("pia_portal.changelog.urls")),
    path("o/<slug:slug>/", include("pia_portal.editing.urls")),
    path("o/<slug:slug>/", include("pia_portal.importing.urls")),
    path("o/<slug:slug>/", include("pia_portal.publishing.urls")),
    path("o/<slug:slug>/", include("pia_portal.planning.urls")),
    path("o/<slug:slug>/", include("pia_portal.procedure.urls")),
    path("public/comments/", include((procedure_public_urlpatterns, "public_comments"))),
    path("", include("pia_portal.public.urls")),
    path("api/v1/", public_api.urls),
    path("admin/", admin.site.urls),
    path("healthz/", core_views.healthz, name="healthz"),
]
