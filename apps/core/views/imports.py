"""Upload a ledger for import: the file is checked first (a preview), saved only on confirm."""

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import JobKind
from ..jobs import start_job
from ..ledgers import IMPORTERS
from ..listing import xlsx_response
from ..models import UnionOrg
from ..permissions import require_edit
from ..widgets import SearchSelect
from ..xlsx import SpreadsheetError


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )
    org = forms.ModelChoiceField(
        label=gettext_lazy("Into organisation"),
        queryset=UnionOrg.objects.none(),
        required=False,
        widget=SearchSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        if importer.needs_org:
            self.fields["org"].queryset = UnionOrg.objects.visible_to(user)
            self.fields["org"].required = True
        else:
            del self.fields["org"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.SPREADSHEET_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.SPREADSHEET_MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:
            # Refuses what cannot be imported (too large, too many rows, not a ledger) here,
            # in the request, from the zip directory and a bounded count.
            self.rows = self.importer.count_rows(upload.read(), filename=upload.name)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from error
        upload.seek(0)
        return upload


def _importer(kind):
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise Http404 from None


def import_template(request, kind):
    importer = _importer(kind)
    return xlsx_response(importer.template(), f"{importer.title}-模板.xlsx")


def import_upload(request, kind):
    require_edit(request.user)
    importer = _importer(kind)
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, importer=importer
    )
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data.get("org")
        job = start_job(
            kind=JobKind.IMPORT_CHECK,
            title=importer.title,
            user=request.user,
            params={"importer": importer.kind, "org": org.pk if org else None},
            input_file=form.cleaned_data["file"],
            inline=form.rows <= settings.BACKGROUND_JOB_ROWS,
        )
        return redirect(job)
    status = 400 if request.method == "POST" else 200  # a refused file: said on the form
    return render(
        request, "core/import_upload.html", {"form": form, "importer": importer}, status=status
    )
