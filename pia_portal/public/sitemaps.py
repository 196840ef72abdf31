from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import search


class PortalSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["public:public_index", "public_comments:periods"]

    def location(self, name):
        return reverse(name)


class PublishedReportSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return search.published().order_by("report_id").only("report_id", "published_on")

    def location(self, document):
        return reverse("public:public_report", args=[document.report_id])

    def lastmod(self, document):
        return document.published_on


SITEMAPS = {"portal": PortalSitemap, "reports": PublishedReportSitemap}
