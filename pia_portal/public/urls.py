from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from django.views.generic import RedirectView

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "public"

# Public addresses are built from ids only: a 評価書番号 or title never becomes part of a URL.
urlpatterns = [
    path("", views.index, name="public_index"),
    path("public/", RedirectView.as_view(pattern_name="public:public_index", query_string=True, permanent=True)),
    path("public/reports/<int:report_id>/", views.report, name="public_report"),
    path("public/reports/<int:report_id>/v<int:version_number>.pdf", views.pdf, name="public_pdf"),
    path("public/reports/<int:report_id>/v<int:version_number>/", views.edition, name="edition"),
    path("public/reports/<int:report_id>/v<int:version_number>/<str:size>-<int:number>.png", views.page_image,
         name="page_image"),
    # The first release's addresses (organisation and 評価書番号) keep working as redirects.
    re_path(r"^public/(?P<org_slug>[-a-zA-Z0-9_]+)/(?P<number>[0-9]+(?:[-_.][0-9]+)*)/$", views.report_by_number),
]

urlpatterns += [
    path("public/feed.atom", feeds.NewPublications(), name="feed"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
]
