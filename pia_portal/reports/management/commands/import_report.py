from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from pia_portal.importing.services import import_file
from pia_portal.organisations.models import Organisation
from pia_portal.reports.services import ReportError
from pia_portal.reports.validation import validate


class Command(BaseCommand):
    help = "Create a draft version from a file: a new report, or the next version of the report with the same 評価書番号."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--org", required=True, help="the organisation's name (e.g. 山口市長) or slug; created if missing")
        parser.add_argument("--format", choices=("auto", "json", "text"), default="auto")

    def handle(self, *args, path, org, format, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"ファイル {path} がありません。")
        organisation = _organisation(org)
        try:
            record = import_file(source.read_bytes(), source.name, organisation, actor=None, format=format)
        except ReportError as error:
            raise CommandError(str(error)) from None
        version = record.version
        findings = validate(version)
        report = version.report
        self.stdout.write(f"評価実施機関: {organisation.name}")
        self.stdout.write(f"評価書: {report.assessment_number} {report.title} ({report.get_kind_display()})")
        self.stdout.write(f"版: 第{version.number}版 (作成中)")
        self.stdout.write(f"特定個人情報ファイル: {version.files.count()}  変更箇所: {version.change_log.count()} 行")
        if record.source_format == "text":
            self.stdout.write(
                f"本文 {record.total_chars:,} 文字のうち {record.placed_chars:,} 文字を項目に配置 ({record.coverage:.1%})"
            )
            self.stdout.write(f"未配置の記載: {record.unplaced.count()} 件  推定した値: {record.inferred.count()} 件")
        self.stdout.write(
            f"確認事項: エラー {sum(f.is_error for f in findings)} 件、警告 {sum(not f.is_error for f in findings)} 件"
        )
        self.stdout.write(f"version {version.pk}")


def _organisation(name_or_slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=name_or_slug).first() or Organisation.objects.filter(name=name_or_slug).first()
    if found:
        return found
    slug = slugify(name_or_slug) or f"org-{Organisation.objects.count() + 1}"
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{slug}-{Organisation.objects.count() + 1}"
    return Organisation.objects.create(name=name_or_slug, slug=slug)
