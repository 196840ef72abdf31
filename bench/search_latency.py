"""Benchmark: the public search's latency over many published versions.

    createdb -h 127.0.0.1 -U postgres pia_bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pia_bench_search .venv/bin/python bench/search_latency.py \\
        --versions 50000 --chars 4000

Fills a dedicated database (migrated here) with `--versions` published reports, each with a public
text of about `--chars` characters drawn from the vocabulary of the forms (kanji compounds,
katakana system names, hiragana particles, numbers), spread over 60 organisations in every
prefecture and all three kinds. Filling is resumable: run again and it tops up. Then it times
what the portal's page does for a search (search.run, the count, the first page and its
snippets) for a mix of queries, each `--repeat` times, and prints p50/p95 per query and overall.
See bench/README.md for the figures last measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pia_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")

# Characters the forms are written in; words are made of them and drawn by a Zipf law, so that
# a few words occur in every report and most in few, as in real ones (not any report's text).
KANJI_CHARS = ("特定個人情報保護評価書事務住民基本台帳介護険国健康地方税児童手当生活障害者福祉委託先再提供移転"
               "番号記録存消去廃棄管理措置権限職員端末操作履歴確認目的外入手使用照会本所氏名年月日性別世帯課収納"
               "滞給付申請審査決定通知機関市町村県庁部署係長利用範囲対象期間安全漏洩滅失毀損防止監視教育研修規程"
               "保管施錠暗号化認証登録変更更新削除抽出連携接続外部媒体送信受信庁舎室入退館設備災害復旧計画点検")
KATAKANA_CHARS = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴザジズゼゾダデドバビブベボパピプペポー"
KANA = ("は", "を", "に", "の", "で", "と", "について", "により", "を行う", "している", "とする", "がある", "されている")
PUNCT = ("、", "。", "・", "\n")
VOCABULARY_SIZE = 20_000


def vocabulary(rng: random.Random) -> list[str]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < VOCABULARY_SIZE:
        if rng.random() < .8:
            word = "".join(rng.choice(KANJI_CHARS) for _ in range(rng.choice((2, 2, 2, 3, 4))))
        else:
            word = "".join(rng.choice(KATAKANA_CHARS) for _ in range(rng.randint(3, 7)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


WORDS = vocabulary(random.Random(2026))
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(WORDS))))


def document_text(rng: random.Random, chars: int) -> str:
    pieces, size = [], 0
    while size < chars:
        for word in rng.choices(WORDS, cum_weights=CUMULATIVE, k=8):
            pieces.append(word + rng.choice(KANA))
            size += len(pieces[-1])
        pieces.append(rng.choice(PUNCT))
    return "".join(pieces)


def fill(target: int, chars: int) -> None:
    from django.db import transaction

    from pia_portal.organisations.models import PREFECTURES, Organisation
    from pia_portal.planning.models import Affair
    from pia_portal.public import fold
    from pia_portal.public.models import SearchDocument
    from pia_portal.reports.models import Report, ReportKind, Version, VersionStatus

    organisations = []
    for n in range(60):
        organisation, _ = Organisation.objects.get_or_create(
            slug=f"bench-{n}", defaults={"name": f"ベンチ{n}市長", "prefecture": PREFECTURES[n % len(PREFECTURES)]})
        organisations.append(organisation)
    have = SearchDocument.objects.count()
    rng = random.Random(have)
    kinds = list(ReportKind.values)
    started = time.monotonic()
    batch = 1000
    while have < target:
        size = min(batch, target - have)
        with transaction.atomic():
            affairs, reports = [], []
            for i in range(have, have + size):
                organisation = organisations[i % len(organisations)]
                affairs.append(Affair(organisation=organisation, number=str(1000 + i), name=f"{rng.choice(WORDS[:200])}に関する事務{i}"))
            Affair.objects.bulk_create(affairs)
            for i, affair in zip(range(have, have + size), affairs):
                reports.append(Report(organisation=affair.organisation, kind=kinds[i % 3], assessment_number=affair.number,
                                      title=f"{affair.name} {ReportKind(kinds[i % 3]).label}", affair_name=affair.name,
                                      affair=affair))
            Report.objects.bulk_create(reports)
            versions = Version.objects.bulk_create(
                [Version(report=report, number=1, status=VersionStatus.PUBLISHED) for report in reports])
            documents = []
            for report, version in zip(reports, versions):
                text = fold.display(document_text(rng, chars))
                key = fold.fold(text)
                documents.append(SearchDocument(
                    report=report, version=version, organisation=report.organisation,
                    prefecture=report.organisation.prefecture, kind=report.kind,
                    published_on=dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 3800)),
                    heading_key=(heading := fold.key_of(f"{report.title} {report.affair_name} {report.organisation.name}")),
                    heading_grams=fold.grams(heading),
                    affair_key=fold.key_of(report.affair_name), text=text, key=key, grams=fold.grams(key)))
            SearchDocument.objects.bulk_create(documents)
        have += size
        rate = have / max(time.monotonic() - started, 1e-9)
        print(f"\r{have}/{target} documents ({rate:.0f}/s)", end="", flush=True)
    print()


def queries() -> dict[str, dict]:
    """Words by how often they occur (rank 1 is in nearly every report), and the forms' other uses."""
    two = [w for w in WORDS if len(w) == 2]
    four = [w for w in WORDS if len(w) == 4]
    kana = [w for w in WORDS if len(w) >= 4 and "ア" <= w[0] <= "ー"]
    half_width = unicodedata.normalize("NFKC", kana[5])  # stored full width; asked for half width below
    half_width = "".join(chr(HALF.get(c, ord(c))) for c in half_width)
    return {
        f"2字・最頻 ({two[0]})": {"q": two[0]},
        f"2字・100位 ({two[100]})": {"q": two[100]},
        f"2字・まれ ({two[5000]})": {"q": two[5000]},
        f"1字 ({two[0][0]})": {"q": two[0][0]},
        f"4字・頻出 ({four[3]})": {"q": four[3]},
        f"4字・まれ ({four[2000]})": {"q": four[2000]},
        f"半角カナ ({half_width})": {"q": half_width},
        f"ひらがなで ({to_hiragana(kana[20])})": {"q": to_hiragana(kana[20])},
        f"2語 ({two[3]} {two[40]})": {"q": f"{two[3]} {two[40]}"},
        "ない語 (宇宙開発)": {"q": "宇宙開発"},
        f"語+種類+都道府県 ({two[10]})": {"q": two[10], "kind": "zenkomoku", "prefecture": "山口県"},
        f"語+公表日・新しい順 ({two[30]})": {"q": two[30], "published_from": "2020-04-01", "published_to": "2021-03-31",
                                            "sort": "newest"},
        "条件なし (新着)": {},
        f"語・20ページ目 ({two[2]})": {"q": two[2], "page": "20"},
    }


# Full-width katakana to half-width, for the half-width query (NFKC does the reverse).
HALF = {ord(full): ord(half) for full, half in zip("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンー",
                                                  "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｰ")}


def to_hiragana(word: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in word)


def measure(repeat: int) -> None:
    from django.core.paginator import Paginator
    from django.db import connection

    from pia_portal.public import search
    from pia_portal.public.models import SearchDocument
    from pia_portal.public.views import PER_PAGE

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('public_searchdocument')),"
                       " pg_size_pretty(pg_relation_size('search_grams_gin'))")
        table, index = cursor.fetchone()
    print(f"{SearchDocument.objects.count()} documents; table with indexes {table}, n-gram index {index}")

    def once(params: dict) -> tuple[float, int]:
        started = time.perf_counter()
        form = search.SearchForm({k: v for k, v in params.items() if k != "page"} or None)
        documents = search.run(form) if form.is_bound else search.Results(
            search.published().prefetch_related("report__organisation", "version").order_by("-published_on", "-id"))
        page = Paginator(documents, PER_PAGE).get_page(params.get("page"))
        words = form.words if form.is_bound else []
        for document in page:
            search.snippet(document, words)
        return (time.perf_counter() - started) * 1000, page.paginator.count

    everything = []
    print(f"{'query':<34} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, params in queries().items():
        once(params)  # warm the cache as a live server would be
        times = []
        for _ in range(repeat):
            elapsed, hits = once(params)
            times.append(elapsed)
        everything += times
        print(f"{name:<34} {hits:>7} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f}")
    print(f"{'all queries':<34} {'':>7} {statistics.median(everything):>8.1f} {percentile(everything, 95):>8.1f}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--versions", type=int, default=50_000)
    parser.add_argument("--chars", type=int, default=4000, help="characters of public text per version")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if "bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Point DATABASE_URL at a database of its own (its name containing 'bench'): this fills it.")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fill(args.versions, args.chars)
    measure(args.repeat)


if __name__ == "__main__":
    main()
