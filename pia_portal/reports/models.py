"""Reports (評価書), their versions (版) and the content of each version, record by record.

The items of every record come from the catalogue (reports/structure): `fields_of(Entity.X)`
generates the fields, so labels, option lists and ※ marks are declared only there. What is
declared here is what the catalogue cannot say: identity, order, nesting and immutability.
"""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pia_portal.core.text import clean_text

from .structure import Entity, FormKind, FormRevision, Kind, items, items_of
from .structure.fields import fields_of
from .structure.nodes import CURRENT_REVISION, resolve


class ReportKind(models.TextChoices):
    JUTEN = FormKind.JUTEN.value, FormKind.JUTEN.label
    ZENKOMOKU = FormKind.ZENKOMOKU.value, FormKind.ZENKOMOKU.label
    KISO = FormKind.KISO.value, FormKind.KISO.label


class Report(models.Model):
    """評価書: one assessment of one 事務, with its history of versions."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="reports", verbose_name="評価実施機関"
    )
    kind = models.CharField("評価書の種類", max_length=20, choices=ReportKind.choices)
    # The names of the form's items, read from the catalogue (one spelling of each label).
    assessment_number = models.CharField(resolve(items.ASSESSMENT_NUMBER.label), max_length=20)
    title = models.CharField(resolve(items.TITLE.label), max_length=300)
    affair_name = models.CharField(resolve(items.AFFAIR_NAME.label), max_length=300, blank=True)
    # Every report assesses a 事務 of the organisation's 計画管理書; made from the report's own number
    # and name when the report is created without one (imports, the demo).
    affair = models.ForeignKey("planning.Affair", on_delete=models.PROTECT, related_name="reports", verbose_name="事務")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = "評価書"
        verbose_name_plural = "評価書"
        ordering = ("organisation", "assessment_number")
        constraints = [
            # A 事務's 基礎項目評価書 and its 重点 or 全項目評価書 share the 計画管理書's number.
            models.UniqueConstraint(fields=("organisation", "assessment_number", "kind"), name="unique_number_per_org_and_kind"),
            # The same rule as core.text.normalise_assessment_number, kept by the database too.
            models.CheckConstraint(
                condition=models.Q(assessment_number__regex=r"^[0-9]+([-_.][0-9]+)*$"), name="assessment_number_is_a_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_number} {self.title}"

    @property
    def form_kind(self) -> FormKind:
        return FormKind(self.kind)

    @property
    def ended_on(self):
        return self.affair.ended_on

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title, multiline=False)
        self.affair_name = clean_text(self.affair_name, multiline=False)
        if self.affair_id is None:
            from pia_portal.planning.models import Affair

            self.affair, created = Affair.objects.get_or_create(
                organisation_id=self.organisation_id, number=self.assessment_number,
                defaults={"name": self.affair_name or self.title},
            )
            if created:
                from pia_portal.audit.log import log_action

                log_action("affair.created", actor=None, target=self.affair, organisation=self.affair.organisation,
                           data={"number": self.affair.number, "name": self.affair.name, "from_report": True})
        super().save(*args, **kwargs)

    def latest_version(self) -> Version | None:
        return self.versions.order_by("-number").first()


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "作成中"
    IN_REVIEW = "in_review", "審査中"
    RETURNED = "returned", "差戻し"
    APPROVED = "approved", "承認済"
    PUBLISHED = "published", "公表"
    SUPERSEDED = "superseded", "旧版"


EDITABLE_STATUSES = (VersionStatus.DRAFT, VersionStatus.RETURNED)
PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)


class VersionLocked(Exception):
    """Raised on any attempt to change the content of a version that is not being drafted."""

    def __init__(self, version_id, status: str):
        self.version_id = version_id
        self.status = status
        label = VersionStatus(status).label
        if status in PUBLIC_STATUSES:
            message = f"この版は公表済み({label})のため変更できません。変更するには新しい版を作成してください。"
        else:
            message = f"この版は{label}のため変更できません。"
        super().__init__(message)


class VersionQuerySet(models.QuerySet):
    def delete(self):
        if self.filter(status__in=PUBLIC_STATUSES).exists():
            raise VersionLocked(None, VersionStatus.PUBLISHED)
        return super().delete()

    def update(self, **kwargs):
        if "status" not in kwargs:
            return super().update(**kwargs)
        # A status set in bulk (a shell, a data fix) is logged like any other change of state.
        before = dict(self.values_list("pk", "status"))
        count = super().update(**kwargs)
        for version in Version.objects.filter(pk__in=before).select_related("report__organisation"):
            if before[version.pk] != version.status:
                version.log_status_change(before[version.pk])
        return count


class Version(models.Model):
    """版: the whole content of the form at one point of the report's history."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions", verbose_name="評価書")
    number = models.PositiveIntegerField("版")
    status = models.CharField("状態", max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    form_revision = models.CharField(
        "様式", max_length=10, choices=[(r.value, r.label) for r in FormRevision], default=CURRENT_REVISION.value
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="元の版"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="作成者"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    published_at = models.DateTimeField("公表日時", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="提出者"
    )
    submitted_at = models.DateTimeField("提出日時", null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = "版"
        verbose_name_plural = "版"
        ordering = ("report", "number")
        constraints = [models.UniqueConstraint(fields=("report", "number"), name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def form_kind(self) -> FormKind:
        return FormKind(self.report.kind)

    @property
    def revision(self) -> FormRevision:
        return FormRevision(self.form_revision)

    def save(self, *args, **kwargs):
        stored = Version.objects.filter(pk=self.pk).values("status", "form_revision").first() if self.pk else None
        if stored and stored["status"] not in EDITABLE_STATUSES and stored["form_revision"] != self.form_revision:
            raise VersionLocked(self.pk, stored["status"])
        if stored and stored["status"] in PUBLIC_STATUSES and not (
            stored["status"] == self.status
            or (stored["status"] == VersionStatus.PUBLISHED and self.status == VersionStatus.SUPERSEDED)
        ):
            raise VersionLocked(self.pk, stored["status"])
        super().save(*args, **kwargs)
        if stored and stored["status"] != self.status:
            self.log_status_change(stored["status"])

    def change_status(self, status: str, action: str, *, actor, data: dict | None = None, **fields) -> None:
        """The one way the workflow changes a version's state: saved and logged as `action`."""
        self._logged_as = (action, actor, data or {})
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)
        try:
            self.save()
        finally:
            self._logged_as = None

    def log_status_change(self, before: str) -> None:
        """Every change of state is in the action log, whichever path made it."""
        from pia_portal.audit.log import log_action

        action, actor, data = getattr(self, "_logged_as", None) or ("version.status_changed", None, {"path": "direct"})
        log_action(action, actor=actor, target=self, organisation=self.report.organisation,
                   data={"before": before, "after": self.status, **data})

    def delete(self, *args, **kwargs):
        if self.status in PUBLIC_STATUSES:
            raise VersionLocked(self.pk, self.status)
        return super().delete(*args, **kwargs)


def assert_editable(version_ids) -> None:
    """The one check behind every write to version content (save, delete, bulk and queryset writes)."""
    locked = Version.objects.filter(pk__in=set(version_ids)).exclude(status__in=EDITABLE_STATUSES).first()
    if locked is not None:
        raise VersionLocked(locked.pk, locked.status)


class VersionContentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        assert_editable(self.values_list("version_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        assert_editable(self.values_list("version_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        assert_editable(obj.version_id for obj in objs)
        for obj in objs:
            obj.clean_texts()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        assert_editable(obj.version_id for obj in objs)
        for obj in objs:
            obj.clean_texts()
        return super().bulk_update(objs, *args, **kwargs)


class VersionContent(models.Model):
    """A record of a version's content. `uid` stays the same in every version the record is
    copied into, so a diff can tell that 委託事項3 was removed rather than renumbered."""

    entity: Entity
    parent_field: str | None = None  # the record this one belongs to, within the same version

    uid = models.UUIDField("識別子", default=uuid.uuid4, editable=False)

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        assert_editable([self.version_id])
        self.clean_texts()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        assert_editable([self.version_id])
        return super().delete(*args, **kwargs)

    def clean_texts(self) -> None:
        """Whatever path a text comes by (editor, imports, copies), control and bidi characters
        never reach the database."""
        for attr, item in items_of(self.entity).items():
            if item.kind in (Kind.TEXT, Kind.LINE):
                value = getattr(self, attr)
                if value:
                    setattr(self, attr, clean_text(value))


class VersionSection(VersionContent):
    """A part of the form that occurs once per version (表紙, I 基本情報 …)."""

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="+", verbose_name="版")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.version})"


class VersionEntry(VersionContent):
    """One entry of a repeating group (システム2, 委託事項3 …), ordered by `position`."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+", verbose_name="版")
    position = models.PositiveIntegerField("順序", default=0)

    class Meta:
        abstract = True
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}{self.position + 1}"


def _entry_meta(verbose_name: str, **extra):
    """Meta for entry models: ordered, and one uid per version."""
    return type(
        "Meta",
        (),
        {
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name,
            "ordering": ("position", "id"),
            **extra,
        },
    )


def _unique_uid(name: str):
    return [models.UniqueConstraint(fields=("version", "uid"), name=f"{name}_unique_uid")]


class Cover(fields_of(Entity.COVER), VersionSection):
    entity = Entity.COVER
    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="cover", verbose_name="版")

    class Meta:
        verbose_name = verbose_name_plural = "表紙"


class BasicInfo(fields_of(Entity.BASIC_INFO), VersionSection):
    entity = Entity.BASIC_INFO
    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="basic_info", verbose_name="版")

    class Meta:
        verbose_name = verbose_name_plural = "I 基本情報"


class OtherRiskMeasures(fields_of(Entity.OTHER_RISK), VersionSection):
    """IV その他のリスク対策 (全項目評価書 only; the 重点 form has these per file in III)."""

    entity = Entity.OTHER_RISK
    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="other_risk", verbose_name="版")

    class Meta:
        verbose_name = verbose_name_plural = "その他のリスク対策"


class Disclosure(fields_of(Entity.DISCLOSURE), VersionSection):
    entity = Entity.DISCLOSURE
    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="disclosure", verbose_name="版")

    class Meta:
        verbose_name = verbose_name_plural = "開示請求、問合せ"


class Procedure(fields_of(Entity.PROCEDURE), VersionSection):
    entity = Entity.PROCEDURE
    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="procedure", verbose_name="版")

    class Meta:
        verbose_name = verbose_name_plural = "評価実施手続"


class System(fields_of(Entity.SYSTEM), VersionEntry):
    entity = Entity.SYSTEM
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="systems", verbose_name="版")

    Meta = _entry_meta("システム", constraints=_unique_uid("system"))


class BusinessFigure(fields_of(Entity.BUSINESS_FIGURE), VersionEntry):
    """(別添1) 事務の内容: a figure of the business flow with its legend and notes (全項目)."""

    entity = Entity.BUSINESS_FIGURE
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="figures", verbose_name="版")

    Meta = _entry_meta("事務の内容の図", constraints=_unique_uid("figure"))


class PersonalInfoFile(fields_of(Entity.FILE), VersionEntry):
    """特定個人情報ファイル (1)…(n): its II 概要 lives here, its III リスク対策 in RiskMeasures."""

    entity = Entity.FILE
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="files", verbose_name="版")

    Meta = _entry_meta("特定個人情報ファイル", constraints=_unique_uid("file"))

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """「(1)介護保険情報ファイル」 as the form prints it."""
        return f"({self.position + 1}){self.name}"


class RiskMeasures(fields_of(Entity.RISK), VersionContent):
    """III リスク対策 of one 特定個人情報ファイル."""

    entity = Entity.RISK
    parent_field = "file"
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+", verbose_name="版")
    file = models.OneToOneField(
        PersonalInfoFile, on_delete=models.CASCADE, related_name="risk", verbose_name="特定個人情報ファイル"
    )

    class Meta:
        verbose_name = verbose_name_plural = "III リスク対策"
        constraints = _unique_uid("risk")

    def __str__(self) -> str:
        return f"III リスク対策 {self.file}"


class Outsourcing(fields_of(Entity.OUTSOURCING), VersionEntry):
    """委託事項 with its 再委託 block."""

    entity = Entity.OUTSOURCING
    parent_field = "file"
    file = models.ForeignKey(PersonalInfoFile, on_delete=models.CASCADE, related_name="outsourcings")

    Meta = _entry_meta("委託事項", constraints=_unique_uid("outsourcing"))


class ProvisionDestination(fields_of(Entity.PROVISION), VersionEntry):
    """提供先: another body the file's information is provided to."""

    entity = Entity.PROVISION
    parent_field = "file"
    file = models.ForeignKey(PersonalInfoFile, on_delete=models.CASCADE, related_name="provision_destinations")

    Meta = _entry_meta("提供先", constraints=_unique_uid("provision"))


class TransferDestination(fields_of(Entity.TRANSFER), VersionEntry):
    """移転先: another department of the same body."""

    entity = Entity.TRANSFER
    parent_field = "file"
    file = models.ForeignKey(PersonalInfoFile, on_delete=models.CASCADE, related_name="transfer_destinations")

    Meta = _entry_meta("移転先", constraints=_unique_uid("transfer"))


class Annex(fields_of(Entity.ANNEX), VersionEntry):
    """別紙: a table of further 提供先 or 移転先 attached to a file."""

    entity = Entity.ANNEX
    parent_field = "file"
    file = models.ForeignKey(PersonalInfoFile, on_delete=models.CASCADE, related_name="annexes")

    Meta = _entry_meta("別紙", constraints=_unique_uid("annex"))


class AnnexRow(fields_of(Entity.ANNEX_ROW), VersionEntry):
    entity = Entity.ANNEX_ROW
    parent_field = "annex"
    annex = models.ForeignKey(Annex, on_delete=models.CASCADE, related_name="rows")

    Meta = _entry_meta("別紙の行", constraints=_unique_uid("annex_row"))


class RecordItemGroup(fields_of(Entity.RECORD_GROUP), VersionEntry):
    """A heading of 特定個人情報ファイル記録項目 (「1. 被保険者情報」, or a sub-file) with its items."""

    entity = Entity.RECORD_GROUP
    parent_field = "file"
    file = models.ForeignKey(PersonalInfoFile, on_delete=models.CASCADE, related_name="record_groups")

    Meta = _entry_meta("記録項目の区分", constraints=_unique_uid("record_group"))


class RecordItem(fields_of(Entity.RECORD_ITEM), VersionEntry):
    entity = Entity.RECORD_ITEM
    parent_field = "group"
    group = models.ForeignKey(RecordItemGroup, on_delete=models.CASCADE, related_name="items")

    Meta = _entry_meta("記録項目", constraints=_unique_uid("record_item"))

    def __str__(self) -> str:
        return self.label


class GlossaryEntry(fields_of(Entity.GLOSSARY), VersionEntry):
    entity = Entity.GLOSSARY
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="glossary", verbose_name="版")

    Meta = _entry_meta("用語集", constraints=_unique_uid("glossary"))


class ChangeLogEntry(fields_of(Entity.CHANGE_LOG), VersionEntry):
    """A row of the cumulative 変更箇所 (別添2 / 別添3).

    Rows the portal proposed remember the pair of versions they came from and their key in the
    proposal; copied into later versions with the rest of the log, they keep both. `item_ref`
    names the catalogue item the 項目 text refers to, when it could be told (imported rows
    included), so that an item's history can be shown next to it."""

    entity = Entity.CHANGE_LOG
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="change_log", verbose_name="版")
    from_version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="比較元の版"
    )
    to_version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="比較先の版"
    )
    proposal_key = models.CharField("案の識別子", max_length=200, blank=True)
    important = models.BooleanField("重要な変更", default=False)
    item_ref = models.CharField("対応する項目", max_length=200, blank=True, db_index=True)

    Meta = _entry_meta("変更箇所", constraints=_unique_uid("change_log"))


# Every insert, update and delete of a report, a version and their content is kept as a row-level
# event by PostgreSQL triggers (django-pghistory), bulk and raw writes included; the action log
# (audit app) says what happened in people's terms, these events keep the exact data.
def _history():
    """Fresh trackers for each model: trackers bind to the model they track."""
    return pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()


# In dependency order: a record comes after the record it belongs to (copying relies on it).
CONTENT_MODELS: tuple[type[VersionContent], ...] = (
    Cover,
    BasicInfo,
    OtherRiskMeasures,
    Disclosure,
    Procedure,
    System,
    BusinessFigure,
    PersonalInfoFile,
    RiskMeasures,
    Outsourcing,
    ProvisionDestination,
    TransferDestination,
    Annex,
    AnnexRow,
    RecordItemGroup,
    RecordItem,
    GlossaryEntry,
    ChangeLogEntry,
)
MODEL_FOR_ENTITY: dict[Entity, type[VersionContent]] = {model.entity: model for model in CONTENT_MODELS}
for _model in (Report, Version, *CONTENT_MODELS):
    pghistory.track(*_history())(_model)


# The database keeps the rules too, so that no path (the site admin, a shell, raw SQL, a bug) can
# change what has been submitted or published: content changes only while its version is a draft,
# and a published version changes in one way only, to 旧版 when the next one is published.
_EDITABLE = ", ".join(f"'{status}'" for status in EDITABLE_STATUSES)
_PUBLIC = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
_VERSION_TABLE = "reports_version"

CONTENT_OF_DRAFTS_ONLY = pgtrigger.Trigger(
    name="content_of_drafts_only",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
    func=f"""
        IF TG_OP <> 'INSERT' THEN
            IF EXISTS (SELECT 1 FROM {_VERSION_TABLE} WHERE id = OLD.version_id AND status NOT IN ({_EDITABLE})) THEN
                RAISE EXCEPTION 'PIA: version % is not a draft: its content cannot change', OLD.version_id USING ERRCODE = 'P0001';
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF EXISTS (SELECT 1 FROM {_VERSION_TABLE} WHERE id = NEW.version_id AND status NOT IN ({_EDITABLE})) THEN
                RAISE EXCEPTION 'PIA: version % is not a draft: its content cannot change', NEW.version_id USING ERRCODE = 'P0001';
            END IF;
            RETURN NEW;
        END IF;
        RETURN OLD;
    """,
)
PUBLISHED_IS_FINAL = pgtrigger.Trigger(
    name="published_is_final",
    when=pgtrigger.Before,
    operation=pgtrigger.Update | pgtrigger.Delete,
    func=f"""
        IF OLD.status IN ({_PUBLIC}) THEN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'PIA: version % is published and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
            END IF;
            IF (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = '{VersionStatus.PUBLISHED}' AND NEW.status = '{VersionStatus.SUPERSEDED}'))
               OR NEW.form_revision IS DISTINCT FROM OLD.form_revision OR NEW.number IS DISTINCT FROM OLD.number
               OR NEW.report_id IS DISTINCT FROM OLD.report_id OR NEW.published_at IS DISTINCT FROM OLD.published_at THEN
                RAISE EXCEPTION 'PIA: version % is published and cannot change', OLD.id USING ERRCODE = 'P0001';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    """,
)
for _model in CONTENT_MODELS:
    pgtrigger.register(CONTENT_OF_DRAFTS_ONLY)(_model)
pgtrigger.register(PUBLISHED_IS_FINAL)(Version)
SECTION_MODELS = tuple(m for m in CONTENT_MODELS if issubclass(m, VersionSection))
