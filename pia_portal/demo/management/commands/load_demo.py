"""Demo organisation and one user per role, for `./portal run`. Safe to run again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from pia_portal.organisations.models import Membership, Organisation, Role

DEMO_ORGANISATION = ("みどり市長", "midori")
DEMO_PASSWORD = "pia-demo-2026"
DEMO_USERS = (
    ("sakusei", "作成", "花子", [Role.AUTHOR]),
    ("shinsa", "審査", "一郎", [Role.REVIEWER]),
    ("shonin", "承認", "次郎", [Role.APPROVER]),
    ("kanri", "管理", "三郎", [Role.ADMIN]),
)


class Command(BaseCommand):
    help = "Create the demo organisation, its users (one per role) and demo reports."

    @transaction.atomic
    def handle(self, *args, **options):
        name, slug = DEMO_ORGANISATION
        organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        User = get_user_model()
        rows = []
        for username, last, first, roles in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"last_name": last, "first_name": first, "email": f"{username}@example.jp"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.update_or_create(user=user, organisation=organisation, defaults={"roles": list(roles)})
            rows.append((username, ", ".join(str(Role(r).label) for r in roles)))
        if not organisation.reports.exists():
            from pia_portal.demo.reports import load_juten, load_zenkomoku

            from pia_portal.publishing import services as workflow

            author = User.objects.get(username="sakusei")
            juten = load_juten(organisation, actor=author)
            # The 重点 report goes the whole way, so that the public portal has something to show:
            # the worker renders its PDF when it starts and then publishes it.
            workflow.submit_version(juten, actor=author)
            # The approver reads the PDF of what was submitted before approving; with no worker
            # running yet, the demo makes it here.
            from pia_portal.rendering.services import current_render
            from pia_portal.rendering.tasks import render_version_pdf

            render_version_pdf(current_render(juten).pk)
            workflow.approve_version(juten, actor=User.objects.get(username="shonin"))
            workflow.publish_version(juten, actor=User.objects.get(username="kanri"))
            self.stdout.write(f"Demo report: {juten.report} (published once the worker has rendered its PDF)")
            zenkomoku = load_zenkomoku(organisation, actor=author)
            self.stdout.write(f"Demo report: {zenkomoku.report} (draft)")
            _demo_plan(organisation, author, juten, zenkomoku)
        if not User.objects.filter(username="operator").exists():
            User.objects.create_superuser("operator", "operator@example.jp", DEMO_PASSWORD)
        rows.append(("operator", "site admin (/admin/)"))
        self.stdout.write(f"Demo organisation: {organisation.name}")
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, roles in rows:
            self.stdout.write(f"  {username:<10} {roles}")


def _demo_plan(organisation, author, juten, zenkomoku) -> None:
    """The 計画管理書 of the demo city: 事務 in different states, so that a newcomer sees the duties."""
    import datetime as dt

    from django.utils import timezone

    from pia_portal.planning import services as planning

    today = timezone.localdate()

    def judge(affair, band, handlers, incident=False, days_ago=0):
        day = today - dt.timedelta(days=days_ago)
        planning.record_threshold(affair, subject_band=band, subject_counted_on=day, handlers=handlers,
                                  handlers_counted_on=day, serious_incident=incident, decided_on=day, actor=author)

    judge(juten.report.affair, "FROM_10K_TO_100K", "OVER_500", days_ago=240)
    judge(zenkomoku.report.affair, "OVER_300K", "OVER_500", days_ago=30)  # the 全項目評価 is still to be published
    _demo_comment_period(zenkomoku, author, today)
    # A 事務 whose report was published before the city used the portal, and not reviewed since.
    overdue = planning.create_affair(organisation, number="5", name="国民健康保険に関する事務", actor=author,
                                     published_outside_on=today - dt.timedelta(days=400))
    judge(overdue, "FROM_10K_TO_100K", "UNDER_500", days_ago=400)
    # A 事務 that only needs the 基礎項目評価.
    basic = planning.create_affair(organisation, number="8", name="児童手当に関する事務", actor=author,
                                   published_outside_on=today - dt.timedelta(days=100))
    judge(basic, "FROM_1K_TO_10K", "UNDER_500", days_ago=100)
    from pia_portal.reports.services import create_report

    # Its 基礎項目評価書, begun: II and III come from the しきい値判断 above.
    create_report(organisation, kind="kiso", assessment_number="8", title="児童手当に関する事務 基礎項目評価書",
                  affair_name="児童手当に関する事務", actor=author)


def _demo_comment_period(zenkomoku, author, today) -> None:
    """The 全項目評価書 is in its comment period: its draft is on the public portal (the worker
    renders the 「案」 PDF when it starts) and a resident has commented."""
    import datetime as dt

    from pia_portal.procedure import services as procedure
    from pia_portal.reports.models import Procedure

    # What only the comments and the inspection can say is left for them, as drafts put it.
    later = {"comment_summary": "意見聴取後に記載", "comment_reflection": "意見聴取後に記載", "third_party_date": None,
             "third_party_date_note": "第三者点検後に記載", "third_party_method": "第三者点検後に記載",
             "third_party_result": "第三者点検後に記載"}
    Procedure.objects.filter(version=zenkomoku).update(**later)
    period = procedure.open_comment_period(
        zenkomoku, actor=author, method="市ホームページ及び市民課窓口での閲覧による意見募集",
        starts_on=today, ends_on=today + dt.timedelta(days=29),
    )
    procedure.receive_comment(period, name="", body="本人確認情報の提供先ごとに、提供の方法を具体的に書いてください。")
