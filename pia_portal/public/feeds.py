"""An Atom feed of new publications: what the search shows, newest first."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import search
from .models import SearchDocument

FEED_SIZE = 50


class NewPublications(Feed):
    feed_type = Atom1Feed
    title = "PIA Portal: 新しく公表された特定個人情報保護評価書"
    subtitle = "評価実施機関が公表した特定個人情報保護評価書の新着"
    language = "ja"

    def get_object(self, request):
        # The feed takes the search's conditions: a feed of one organisation or one kind of report.
        self.host = request.get_host().split(":")[0]
        return search.SearchForm({**request.GET.dict(), "sort": "newest"})

    def link(self, form):
        return reverse("public:public_index")

    def items(self, form):
        return search.run(form)[0:FEED_SIZE]

    def item_title(self, document: SearchDocument) -> str:
        return f"{document.title} 第{document.version.number}版({document.report.organisation.name})"

    def item_description(self, document: SearchDocument) -> str:
        report = document.report
        return f"{report.organisation.name}が{report.get_kind_display()}(評価書番号 {report.assessment_number})を公表しました。"

    def item_link(self, document: SearchDocument) -> str:
        return reverse("public:public_report", args=[document.report_id])

    def item_guid(self, document: SearchDocument) -> str:
        """An edition is one entry, for ever (RFC 4151 tag URI)."""
        return f"tag:{self.host},2026:report-{document.report_id}-edition-{document.version.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, document: SearchDocument):
        return dt.datetime.combine(document.published_on, dt.time(), tzinfo=dt.timezone(dt.timedelta(hours=9)))

    def item_updateddate(self, document: SearchDocument):
        return self.item_pubdate(document)

    def item_author_name(self, document: SearchDocument) -> str:
        return document.report.organisation.name
