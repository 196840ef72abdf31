from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.urls import reverse
from django.utils.translation import gettext as _

from pia_portal.core.forms import PlainForm
from pia_portal.organisations.access import get_membership, require_role
from pia_portal.organisations.models import Role
from pia_portal.planning.models import Affair
from pia_portal.reports import access
from pia_portal.reports import models as m
from pia_portal.core.text import AssessmentNumberError, normalise_assessment_number
from pia_portal.reports.models import Report
from pia_portal.reports.services import ReportError

from .jobs import start_import
from .models import ImportJob, ImportStatus
from .pdf import MAX_PAGES
from .services import MAX_BYTES, MAX_MEGABYTES, MOVABLE_SECTIONS, assign_fragment, files_of, move_block, text_slots

IMPORTERS = (Role.AUTHOR, Role.ADMIN)


class UploadForm(PlainForm):
    file = forms.FileField(
        label="ファイル",
        help_text=f"公表した評価書のPDF、PDFから抽出したテキスト(.txt)、PIA Portal の JSON のいずれか。{MAX_MEGABYTES}MBまで(PDFは{MAX_PAGES}ページまで)。",
    )

    target = forms.ChoiceField(
        label="取り込み先", widget=forms.RadioSelect, initial="auto", required=False,
        choices=[("auto", "評価書番号が同じ評価書の次の版にする(なければ新しい評価書にする)"),
                 ("new", "新しい評価書として取り込む")],
    )
    assessment_number = forms.CharField(
        label="評価書番号(新しい評価書にするとき)", required=False, max_length=40,
        help_text="空欄なら、ファイルに書かれた評価書番号を使います。全角の数字も使えます。",
    )
    # A new report asks which 事務 it belongs to: a new number (12-2) is often one more report of
    # an existing 事務, and guessing made a second 事務 in the 計画管理書.
    affair = forms.ChoiceField(
        label="この評価書が属する事務(新しい評価書にするとき)", required=False,
        help_text="計画管理書の事務から選びます。評価書番号が同じ事務、枝番(12-2 なら 12)の事務を先に表示します。",
        error_messages={"invalid_choice": "選んだ事務は見つかりません。一覧から選んでください。"},
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["affair"].choices = self._affair_choices()

    def _affair_choices(self) -> list:
        affairs = list(Affair.objects.filter(organisation=self.organisation, archived_at__isnull=True)) if self.organisation else []
        try:
            typed = normalise_assessment_number(self.data.get("assessment_number") or "")
        except AssessmentNumberError:
            typed = ""

        def of_typed(affair: Affair) -> bool:  # 12 for 12, 12-2, 12_2, 12.2
            return bool(typed) and (typed == affair.number or any(typed.startswith(affair.number + s) for s in "-_."))

        affairs.sort(key=lambda a: (not of_typed(a), -len(a.number) if of_typed(a) else 0))
        return [("", "選んでください"), *[(str(a.pk), str(a)) for a in affairs], ("new", "新しい事務として計画管理書に追加する")]

    def clean_affair(self):
        choice = self.cleaned_data["affair"]
        if choice in ("", "new"):
            return choice
        affair = Affair.objects.filter(pk=choice, organisation=self.organisation).first()
        if affair is None:  # removed since the page was shown
            raise forms.ValidationError(self.fields["affair"].error_messages["invalid_choice"])
        return affair

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"ファイルが大きすぎます({MAX_MEGABYTES}MBまで)。")
        return upload

    def clean_assessment_number(self):
        text = self.cleaned_data["assessment_number"].strip()
        if not text:
            return ""
        try:
            number = normalise_assessment_number(text)
        except AssessmentNumberError as error:
            raise forms.ValidationError(str(error)) from None
        if self.organisation is not None and Report.objects.filter(organisation=self.organisation, assessment_number=number).exists():
            raise forms.ValidationError(f"評価書番号「{number}」の評価書はすでにあります。別の番号にしてください。")
        return number

    def clean(self):
        data = super().clean()
        if data.get("assessment_number") and data.get("target") != "new":
            self.add_error("target", "評価書番号を指定するときは「新しい評価書として取り込む」を選んでください。")
        if data.get("target") == "new" and data.get("affair") == "":
            self.add_error("affair", self.fields["affair"].error_messages["required"])
        elif data.get("affair") and data.get("target") != "new":
            self.add_error("affair", "事務を選ぶのは「新しい評価書として取り込む」ときだけです。")
        return data


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    require_role(membership, *IMPORTERS, message=_("Only authors and organisation admins can import reports."))
    posted = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = UploadForm(*posted, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start_import(upload.read(), upload.name, membership.organisation, actor=request.user,
                               new_report=form.cleaned_data["target"] == "new", number=form.cleaned_data["assessment_number"],
                               affair=form.cleaned_data["affair"] or None)
        except ReportError as error:
            form.add_error("file", str(error))
        else:
            return redirect("importing:job", slug=slug, job_id=job.pk)
    return render(request, "importing/upload.html", {"organisation": membership.organisation, "form": form})


def _job(request: HttpRequest, slug: str, job_id: int) -> tuple:
    membership = get_membership(request, slug)
    require_role(membership, *IMPORTERS, message=_("Only authors and organisation admins can import reports."))
    job = ImportJob.objects.filter(pk=job_id, organisation=membership.organisation).select_related("record__version").first()
    if job is None:
        raise Http404
    return membership, job


def _next_url(slug: str, job: ImportJob) -> str:
    if job.status == ImportStatus.DONE and job.record is not None:
        version = job.record.version
        return reverse("importing:result", args=[slug, version.report_id, version.number])
    return ""


@login_required
def job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    membership, job = _job(request, slug, job_id)
    if job.status == ImportStatus.DONE and job.record is not None:
        messages.success(request, _("The report has been imported as a draft. Please check it."))
        return redirect(_next_url(slug, job))
    form = None
    if job.status == ImportStatus.FAILED:
        # The reason stands next to the upload field, where the next file is chosen.
        form = UploadForm(organisation=membership.organisation)
        form.cleaned_data = {}
        form.add_error("file", job.error)
    return render(request, "importing/job.html", {"organisation": membership.organisation, "job": job, "form": form})


@login_required
def job_status(request: HttpRequest, slug: str, job_id: int) -> JsonResponse:
    _membership, job = _job(request, slug, job_id)
    return JsonResponse({
        "status": job.status, "label": job.get_status_display(), "stage": job.stage, "progress": job.progress,
        "finished": job.is_finished, "next": reverse("importing:job", args=[slug, job.pk]),
    })


@login_required
def result(request: HttpRequest, slug: str, report_id: int, number: int) -> HttpResponse:
    membership, version = access.get_version(request, slug, report_id, number)
    record = getattr(version, "import_record", None)
    can_place = record is not None and version.is_editable and membership.has_role(*IMPORTERS)
    return render(
        request,
        "importing/result.html",
        {"organisation": membership.organisation, "version": version, "report": version.report, "record": record,
         "slots": text_slots(version) if can_place and record.unplaced.filter(assigned_to="").exists() else [],
         "files": [(n, str(f)) for n, f in enumerate(files_of(version), start=1)] if can_place and record.notes.filter(section__in=MOVABLE_SECTIONS, file_number__isnull=False).exists() else [],
         "can_place": can_place, "movable": list(MOVABLE_SECTIONS)},
    )


def _import_of(request: HttpRequest, slug: str, report_id: int, number: int) -> tuple:
    """The imported draft and its import record, for those who may place what the reader could not."""
    membership, version = access.get_version(request, slug, report_id, number)
    require_role(membership, *IMPORTERS, message=_("Only authors and organisation admins can import reports."))
    record = getattr(version, "import_record", None)
    if record is None:
        raise Http404
    return version, record


@require_POST
@login_required
def place_fragment(request: HttpRequest, slug: str, report_id: int, number: int, fragment_id: int) -> HttpResponse:
    """Put a fragment the reader could not place into the item staff chose."""
    version, record = _import_of(request, slug, report_id, number)
    fragment = record.unplaced.filter(pk=fragment_id).first()
    if fragment is None:
        raise Http404
    key = request.POST.get("item", "")[:300]
    typed = request.POST.get("item_path", "").strip()
    if typed and not key:
        # The page offers the items by their printed path (one shared list): the path names the item.
        key = next((slot_key for slot_key, path in text_slots(version) if path == typed), "")
    try:
        path = assign_fragment(fragment, key, actor=request.user)
    except (ReportError, m.VersionLocked) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The text was added to 「%(item)s」.") % {"item": path})
    response = redirect("importing:result", slug=slug, report_id=report_id, number=number)
    response["Location"] += f"#fragment-{fragment.pk}"
    return response


@require_POST
@login_required
def move_note_block(request: HttpRequest, slug: str, report_id: int, number: int, note_id: int) -> HttpResponse:
    """Move a II or III the reader placed without its heading to the file staff chose, in one step."""
    _version, record = _import_of(request, slug, report_id, number)
    note = record.notes.filter(pk=note_id).first()
    if note is None:
        raise Http404
    try:
        target = int(request.POST.get("file", "0")[:4] or 0)
    except ValueError:
        target = 0
    try:
        where = move_block(note, target, actor=request.user)
    except (ReportError, m.VersionLocked) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The text was moved to 「%(item)s」.") % {"item": where})
    response = redirect("importing:result", slug=slug, report_id=report_id, number=number)
    response["Location"] += f"#note-{note.pk}"
    return response
