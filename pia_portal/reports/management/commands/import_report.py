import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from pia_portal.organisations.models import Organisation
from pia_portal.reports.serialization import import_version
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
        raw = source.read_bytes()
        if format == "auto":
            format = "json" if raw.lstrip()[:1] == b"{" else "text"
        organisation = _organisation(org)
        try:
            if format == "json":
                try:
                    document = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as error:
                    raise CommandError(f"JSON として読めません: {error}") from None
                version = import_version(document, organisation, actor=None)
            else:
                raise CommandError("テキスト形式の取込みはまだ使えません(JSON 形式を指定してください)。")
        except ReportError as error:
            raise CommandError(str(error)) from None
        findings = validate(version)
        report = version.report
        self.stdout.write(f"評価実施機関: {organisation.name}")
        self.stdout.write(f"評価書: {report.assessment_number} {report.title} ({report.get_kind_display()})")
        self.stdout.write(f"版: 第{version.number}版 (作成中)")
        self.stdout.write(f"特定個人情報ファイル: {version.files.count()}  変更箇所: {version.change_log.count()} 行")
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
