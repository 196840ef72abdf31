from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AUTHOR = "author", _("Author")
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver")
    ADMIN = "admin", _("Organisation admin")


# 都道府県, in the order of the national local government code; 「国」 for the 行政機関等.
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県",
    "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県", "国",
)


class Organisation(models.Model):
    """評価実施機関: the body that assesses and publishes (e.g. 山口市長)."""

    name = models.CharField(_("name of the assessing body"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # 行政機関等 get the 個人情報保護委員会 承認 items on the 全項目評価書; local governments do not.
    is_national_agency = models.BooleanField(_("national administrative organ"), default=False)
    # The categories of the 指針's definition (procedure/shishin.py, government_body); blank: the flag above.
    body_category = models.CharField("評価実施機関の区分", max_length=30, blank=True, choices=[
        ("local", "地方公共団体(都道府県・市区町村・一部事務組合等)"), ("local_incorporated", "地方独立行政法人"),
        ("ministry", "行政機関の長"), ("incorporated", "独立行政法人等"), ("jlis", "地方公共団体情報システム機構"),
        ("information_holder", "番号法第19条第7号に規定する情報照会者・情報提供者(健康保険組合等。地方公共団体等を除く)"),
    ], help_text="行政機関の長、独立行政法人等、地方公共団体情報システム機構、情報照会者・情報提供者は、全項目評価書について"
                 "個人情報保護委員会の承認を受けます。")
    # Citizens look for their own area's reports first (the public search filters by it).
    prefecture = models.CharField("都道府県", max_length=4, blank=True, choices=[(p, p) for p in PREFECTURES])
    require_two_factor_for_admins = models.BooleanField(
        "管理者に二段階認証を求める", default=False,
        help_text="オンにすると、この評価実施機関の管理者は認証アプリの確認コードがなければ操作できません。",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's roles in one organisation. A person may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    roles = ArrayField(models.CharField(max_length=20, choices=Role.choices), verbose_name=_("roles"), default=list)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=("user", "organisation"), name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]
