from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve

from . import fold


class SearchDocument(models.Model):
    """What the public search reads of a report: its current edition's public text, once.

    `text` is shown in snippets; `key` is the same text folded for matching (one character for
    one character, so a position in one is a position in the other); `grams` are the distinct
    pieces of one, two and three characters of `key` (fold.grams), under a GIN index. Japanese has no spaces
    between words, so a word index cannot find 「介護」 in 「介護保険」; n-grams can, in any
    database locale (pg_trgm ignores kanji under the C locale)."""

    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, related_name="search_document", verbose_name="評価書")
    version = models.ForeignKey("reports.Version", on_delete=models.CASCADE, related_name="+", verbose_name="公表中の版")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+",
                                     verbose_name="評価実施機関")
    prefecture = models.CharField("都道府県", max_length=4, blank=True)
    kind = models.CharField("評価書の種類", max_length=20)
    published_on = models.DateField(resolve(i.PUBLICATION_DATE.label))
    # The names as the edition prints them (index.edition_names), not as a later draft renames them.
    title = models.CharField(resolve(i.TITLE.label), max_length=300, default="")
    affair_name = models.CharField(resolve(i.AFFAIR_NAME.label), max_length=300, default="", blank=True)
    heading_key = models.TextField("名称(照合用)", help_text="評価書名・事務の名称・評価実施機関・評価書番号")
    affair_key = models.TextField(f"{resolve(i.AFFAIR_NAME.label)}(照合用)")
    text = models.TextField("公表する本文")
    key = models.TextField("本文(照合用)")
    grams = ArrayField(models.CharField(max_length=fold.GRAM), verbose_name="文字の組")
    # The same for the name, so that 「名称に語を含む評価書を先に」 is an index lookup too.
    heading_grams = ArrayField(models.CharField(max_length=fold.GRAM), default=list, verbose_name="名称の文字の組")

    class Meta:
        verbose_name = verbose_name_plural = "検索用の文書"
        indexes = [
            GinIndex(fields=["grams"], name="search_grams_gin"),
            GinIndex(fields=["heading_grams"], name="search_heading_grams_gin"),
            # Newest first and oldest first, with a tie-break that keeps pages stable, from the index.
            models.Index(fields=["published_on", "id"], name="search_published_on"),
        ]

    def __str__(self) -> str:
        return str(self.report)
