"""The public search: one form that the portal page, the feed and the API all read.

A keyword matches a report when every word of it occurs in the report's public text, compared
folded (全角/半角, カタカナ/ひらがな, upper/lower case alike). The GIN index on the n-grams
answers alone, without reading any text: exactly for words of up to three characters, and for a
longer word by its pieces of three, which a report rarely has all of without the word itself
(fold.needed_grams)."""

from __future__ import annotations

import calendar

from django import forms
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pia_portal.core.params import text_param
from pia_portal.organisations.models import PREFECTURES, Organisation
from pia_portal.reports.models import ReportKind

from pia_portal.core.wareki import MONTH, WarekiError, parse_date
from pia_portal.reports.structure import items as i
from pia_portal.reports.structure.nodes import resolve

from . import fold
from .index import SEPARATOR

from .models import SearchDocument

SORTS = (("relevance", "関連度順"), ("newest", f"{resolve(i.PUBLICATION_DATE.label)}の新しい順"),
         ("oldest", f"{resolve(i.PUBLICATION_DATE.label)}の古い順"))
SNIPPET_WIDTH = 40
CAP = 500  # results counted and shown at most; more asks for narrower conditions
MAX_WORDS = 8


class PublicationDayField(forms.CharField):
    """A bound of the 公表日 typed as dates are typed everywhere in the portal: 令和6年4月1日,
    R6.4.1, 2024-04-01, or a month (令和6年4月), which as an upper bound means its last day."""

    def __init__(self, *, end: bool = False, **kwargs):
        super().__init__(required=False, max_length=40, **kwargs)
        self.end = end
        self.widget.attrs.update({"placeholder": "令和6年4月1日", "inputmode": "text", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            day, precision = parse_date(value)
        except WarekiError as error:
            raise forms.ValidationError(str(error)) from None
        if precision == MONTH and self.end:
            day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return day


class SearchForm(forms.Form):
    q = forms.CharField(label="キーワード", required=False, max_length=200)
    organisation = forms.ModelChoiceField(label="評価実施機関", required=False, queryset=Organisation.objects.none(),
                                          to_field_name="slug", empty_label="すべて")
    prefecture = forms.ChoiceField(label="都道府県", required=False, choices=[("", "すべて"), *((p, p) for p in PREFECTURES)])
    kind = forms.ChoiceField(label="評価書の種類", required=False, choices=[("", "すべて"), *ReportKind.choices])
    affair = forms.CharField(label=resolve(i.AFFAIR_NAME.label), required=False, max_length=200)
    published_from = PublicationDayField(label=f"{resolve(i.PUBLICATION_DATE.label)}(から)")
    published_to = PublicationDayField(label=f"{resolve(i.PUBLICATION_DATE.label)}(まで)", end=True)
    sort = forms.ChoiceField(label="並び順", required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=SearchDocument.objects.values("organisation")).order_by("name")
        self.fields["organisation"].error_messages["invalid_choice"] = "一覧にある評価実施機関を選んでください。"
        for name in ("prefecture", "kind", "sort"):
            self.fields[name].error_messages["invalid_choice"] = "一覧から選んでください。"

    def clean_q(self) -> str:
        return text_param(self.cleaned_data.get("q"))

    def clean_affair(self) -> str:
        return text_param(self.cleaned_data.get("affair"))

    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", f"{self['published_to'].label}には、{self['published_from'].label}と同じかそれより後の日付を入力してください。")
        return data

    @property
    def words(self) -> list[str]:
        return words_of(self.cleaned_data.get("q", "") if self.is_valid() else "")


def words_of(query: str) -> list[str]:
    """The folded words of a query (「介護　保険」 is two words), at most MAX_WORDS."""
    return fold.key_of(query).split()[:MAX_WORDS]


def published() -> QuerySet[SearchDocument]:
    """Every report the public may see: a search document exists only for those (archiving a
    事務 deletes its reports' documents), so the search never joins other tables."""
    return SearchDocument.objects.all()


class Results:
    """The matches of a search with no words, or with a common one (fewer matches are
    KnownResults), pageable by Django's Paginator. Counting stops at CAP: a word found in nearly
    every report would otherwise make the count read every report's text. By relevance, reports
    whose name has the words come first, each group newest first."""

    def __init__(self, first: QuerySet[SearchDocument], rest: QuerySet[SearchDocument] | None = None, *,
                 common_word: bool = False):
        self.first, self.rest = first, rest
        # Counting reads the GIN index; a page of a common word walks the date index instead,
        # stopping at the 20th match, where sorting every candidate would cost more.
        self.count_plan = BITMAP if common_word else None
        self.page_plan = WALK if common_word else None
        self._count: int | None = None
        self._first_count: int | None = None

    def _counted(self) -> int:
        """The number of matches, or CAP + 1 when there are more than CAP."""
        if self._count is None:
            with planned(self.count_plan):
                if self.rest is None:
                    self._count = capped_count(self.first)
                else:
                    self._count = min(self.first_count + capped_count(self.rest), CAP + 1)
        return self._count

    def count(self) -> int:
        return min(self._counted(), CAP)

    @property
    def capped(self) -> bool:
        """The count is a lower bound: there are more matches than it says."""
        return self._counted() > CAP

    @property
    def first_count(self) -> int:
        if self._first_count is None:
            with planned(self.count_plan):
                self._first_count = capped_count(self.first)
        return self._first_count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchDocument]:
        start, stop = window.start or 0, min(window.stop, CAP)
        if start >= stop:
            return []
        split = self.first_count if self.rest is not None else 0
        with planned(self.page_plan):
            if self.rest is None:
                return list(self.first[start:stop])
            found = list(self.first[start:min(stop, split)]) if start < split else []
            if stop > split:
                found += list(self.rest[max(start - split, 0):stop - split])
            return found


def capped_count(documents: QuerySet, cap: int = CAP) -> int:
    return documents.order_by()[:cap + 1].count()


BITMAP, WALK = "bitmap", "walk"
COMMON = 2000  # a word with more candidates than this is common: its pages walk the date index


@contextmanager
def planned(plan: str | None):
    """The planner cannot see that testing a row's n-grams or text means decompressing tens of
    KB: left alone it reads rows one by one where the GIN index answers without reading them, or
    sorts every candidate of a common word where walking the date index finds the newest 20 at
    once (10–100× apart, bench/README.md). The search says which it wants, for its transaction."""
    if plan is None:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off" if plan == BITMAP else "SET LOCAL enable_bitmapscan = off")
        yield


def run(form: SearchForm) -> Results:
    """The documents matching a valid form, in its order; an invalid form matches nothing."""
    if not form.is_valid():
        return Results(SearchDocument.objects.none())
    data = form.cleaned_data
    words = form.words
    in_heading = Q()
    for word in words:
        in_heading &= Q(heading_grams__contains=fold.needed_grams(word), heading_key__contains=word)
    sort = data.get("sort") or "relevance"
    by_relevance = sort == "relevance" and words
    # The conditions in the order PostgreSQL should test them, cheapest first: the name (short,
    # stored in the row) before the n-grams.
    documents = published().defer("grams", "heading_grams").prefetch_related(
        "report__organisation", "version__publication__render")
    # The name is part of the text: a report whose name has the words has them in its text.
    first = documents.filter(in_heading)
    for word in words:
        documents = documents.filter(grams__contains=fold.needed_grams(word))
    conditions = Q()
    if data.get("organisation"):
        conditions &= Q(organisation=data["organisation"])
    if data.get("prefecture"):
        conditions &= Q(prefecture=data["prefecture"])
    if data.get("kind"):
        conditions &= Q(kind=data["kind"])
    for word in words_of(data.get("affair", "")):
        conditions &= Q(affair_key__contains=word)
    if data.get("published_from"):
        conditions &= Q(published_on__gte=data["published_from"])
    if data.get("published_to"):
        conditions &= Q(published_on__lte=data["published_to"])
    first, documents = first.filter(conditions), documents.filter(conditions)
    order = ("published_on", "id") if sort == "oldest" else ("-published_on", "-id")
    if words:
        # Every match's id and date, up to COMMON, from the GIN index and one pass over the rows:
        # unless the word is common, that is all the search needs (the count, the order, which
        # ids a page shows), and a page then reads its 20 rows by id instead of sorting every match.
        with planned(BITMAP):
            matches = list(documents.order_by().values_list("published_on", "pk")[:COMMON + 1])
            if len(matches) <= COMMON:
                heading = set(first.order_by().values_list("pk", flat=True)) if by_relevance else set()
        if len(matches) <= COMMON:
            newest_first = sort != "oldest"
            ordered = sorted(matches, key=lambda match: (match[1] not in heading, *_date_order(match, newest_first)))
            return KnownResults([pk for _date, pk in ordered], documents)
    if not by_relevance:
        return Results(documents.order_by(*order), common_word=bool(words))
    return Results(first.order_by(*order), documents.exclude(in_heading).order_by(*order), common_word=True)


def _date_order(match: tuple, newest_first: bool) -> tuple:
    published_on, pk = match
    return (-published_on.toordinal(), -pk) if newest_first else (published_on.toordinal(), pk)


class KnownResults:
    """The matches of a search whose every match is known by id (not a common word): counted,
    ordered and paged without asking the database again but for each page's rows."""

    def __init__(self, ids: list[int], documents: QuerySet[SearchDocument]):
        self.ids, self.documents = ids, documents

    def count(self) -> int:
        return min(len(self.ids), CAP)

    def __len__(self) -> int:
        return self.count()

    @property
    def capped(self) -> bool:
        return len(self.ids) > CAP

    def __getitem__(self, window: slice) -> list[SearchDocument]:
        wanted = self.ids[window.start or 0:min(window.stop, CAP)]
        rows = {document.pk: document for document in self.documents.filter(pk__in=wanted)}
        return [rows[pk] for pk in wanted if pk in rows]


def snippet(document: SearchDocument, words: list[str]) -> SafeString:
    """Where the first word occurs, with every word marked; the beginning when none does. A long
    word that the report has only in pieces (「介護保険」と「保険料」 for 介護保険料) is shown by
    its pieces."""
    text, key = document.text, document.key
    words = [piece for word in words for piece in ([word] if word in key else fold.needed_grams(word))]
    # The result already shows the report's name: where the words occur in what the report says
    # tells the citizen more than the name repeated, so the first such place is preferred.
    report = document.report
    names = {fold.fold(fold.display(name)) for name in
             (document.title, document.affair_name, report.organisation.name, report.assessment_number) if name}
    found = [_first_outside(names, key, w) for w in words if w]
    found = [at for at in found if at >= 0]
    if not found:
        return escape(text[:SNIPPET_WIDTH * 2] + ("…" if len(text) > SNIPPET_WIDTH * 2 else ""))
    start = max(0, min(found) - SNIPPET_WIDTH)
    end = min(len(text), min(found) + SNIPPET_WIDTH * 2)
    piece, piece_key = text[start:end], key[start:end]
    marks = [False] * len(piece)
    for word in words:
        at = piece_key.find(word)
        while at >= 0:
            for position in range(at, min(at + len(word), len(piece))):
                marks[position] = True
            at = piece_key.find(word, at + len(word))
    html, inside = [], False
    for char, marked in zip(piece, marks):
        if marked != inside:
            html.append("<mark>" if marked else "</mark>")
            inside = marked
        html.append(escape(char))
    if inside:
        html.append("</mark>")
    return mark_safe(("…" if start else "") + "".join(html) + ("…" if end < len(text) else ""))


def _first_outside(names: set[str], key: str, word: str) -> int:
    """Where `word` first occurs in the folded text outside the pieces that are only one of
    `names` (the report's or organisation's name or number); else where it first occurs at all
    (-1: nowhere)."""
    first = at = key.find(word)
    while at >= 0:
        start = key.rfind(SEPARATOR, 0, at)
        start = 0 if start < 0 else start + len(SEPARATOR)
        end = key.find(SEPARATOR, at)
        if key[start:len(key) if end < 0 else end] not in names:
            return at
        at = key.find(word, at + 1)
    return first
