"""python manage.py changelog OLD_VERSION_ID NEW_VERSION_ID [--style …] [--format tsv|json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from pia_portal.reports.models import Version

from ...generate import ChangeLogError, HouseStyle, Matching, generate
from ...models import house_style_for
from ...paths import PathStyle


class Command(BaseCommand):
    help = "二つの版の差分から変更箇所の案を出力します(同じ種類の評価書なら、別の評価書の版どうしでも可)。"

    def add_arguments(self, parser):
        parser.add_argument("old", help="変更前の版のID")
        parser.add_argument("new", help="変更後の版のID")
        parser.add_argument("--style", choices=[s.value for s in PathStyle], help="項目の書き方(既定: 新しい版の機関の設定)")
        parser.add_argument("--format", choices=("tsv", "json"), default="tsv")
        parser.add_argument("--matching", choices=[m.value for m in Matching], help="記録の対応付け(既定: 自動)")

    def handle(self, *args, old, new, style, format, matching, **options):
        old_version, new_version = _version(old, "変更前"), _version(new, "変更後")
        house = house_style_for(new_version.report.organisation)
        if style:
            house = HouseStyle(**{**house.__dict__, "path_style": PathStyle(style)})
        try:
            proposal = generate(old_version, new_version, style=house, matching=Matching(matching) if matching else None)
        except ChangeLogError as error:
            raise CommandError(str(error)) from None
        if format == "json":
            self.stdout.write(json.dumps([row.as_json() for row in proposal.rows], ensure_ascii=False, indent=2))
            return
        self.stderr.write(f"{len(proposal.rows)}行 ({proposal.matching.label})")
        for row in proposal.rows:
            cells = (row.item, row.before, row.after, row.timing.label, row.explanation)
            self.stdout.write("\t".join(_cell(c) for c in cells))


def _version(value: str, which: str) -> Version:
    if not value.isdigit():
        raise CommandError(f"{which}の版のIDは数字で指定してください(指定: {value[:40]})。")
    version = Version.objects.select_related("report").filter(pk=int(value)).first()
    if version is None:
        raise CommandError(f"{which}の版(ID {value})は見つかりません。")
    return version


def _cell(text: str) -> str:
    """One TSV cell: line breaks kept visible as ⏎ so that a row stays one line."""
    return text.replace("\t", " ").replace("\r\n", "\n").replace("\n", "⏎")
