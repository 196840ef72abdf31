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
            from pia_portal.core.demo_reports import load_juten, load_zenkomoku

            from pia_portal.publishing import services as workflow

            author = User.objects.get(username="sakusei")
            juten = load_juten(organisation, actor=author)
            # The 重点 report goes the whole way, so that the public portal has something to show:
            # the worker renders its PDF when it starts and then publishes it.
            workflow.submit_version(juten, actor=author)
            workflow.approve_version(juten, actor=User.objects.get(username="shonin"))
            workflow.publish_version(juten, actor=User.objects.get(username="kanri"))
            self.stdout.write(f"Demo report: {juten.report} (published once the worker has rendered its PDF)")
            zenkomoku = load_zenkomoku(organisation, actor=author)
            self.stdout.write(f"Demo report: {zenkomoku.report} (draft)")
        if not User.objects.filter(username="operator").exists():
            User.objects.create_superuser("operator", "operator@example.jp", DEMO_PASSWORD)
        rows.append(("operator", "site admin (/admin/)"))
        self.stdout.write(f"Demo organisation: {organisation.name}")
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, roles in rows:
            self.stdout.write(f"  {username:<10} {roles}")
