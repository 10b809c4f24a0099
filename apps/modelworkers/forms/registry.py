"""Forms of the registry: honour types, model-worker and collective files, an award, a change
of status and a revocation. The rules live in `rules.py` and the services; a form only types
the input and shows the rules' messages next to the fields they concern."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ActionForm, DateInput, ScopedModelForm
from apps.core.models import Employer, UnionOrg
from apps.core.validators import validate_id_number
from apps.core.widgets import SearchSelect

from .. import rules
from ..choices import CollectiveStatus, WorkerStatus
from ..models import Collective, HonourAward, HonourType, ModelWorker


class HonourTypeForm(ScopedModelForm):
    """An honour type of the county's list (county administrator)."""

    class Meta:
        model = HonourType
        fields = [
            "name",
            "category",
            "level",
            "conferring_body",
            "recipient_kind",
            "treatment_level",
            "is_merit",
            "active",
            "order",
        ]


class ModelWorkerForm(ScopedModelForm):
    """A model worker's file: identity, category, employer and post, employment, hardship."""

    class Meta:
        model = ModelWorker
        fields = [
            "name",
            "id_number",
            "phone",
            "org",
            "person_category",
            "employer",
            "work_unit",
            "post",
            "employment",
            "hardship",
            "note",
        ]
        widgets = {"org": SearchSelect(), "employer": SearchSelect()}

    def scoped_querysets(self):
        return {
            "org": UnionOrg.objects.visible_to(self.user).open(),
            "employer": Employer.objects.visible_to(self.user),
        }

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number")
        return validate_id_number(value) if value else value


class CollectiveForm(ScopedModelForm):
    """A collective honouree's record."""

    class Meta:
        model = Collective
        fields = ["name", "kind", "org", "employer", "parent_unit", "leader", "phone", "note"]
        widgets = {"org": SearchSelect(), "employer": SearchSelect()}

    def scoped_querysets(self):
        return {
            "org": UnionOrg.objects.visible_to(self.user).open(),
            "employer": Employer.objects.visible_to(self.user),
        }


class AwardForm(ScopedModelForm):
    """An award: the honour, exactly one recipient of the kind the honour goes to, the year, the
    day, the 表彰文号, the certificate and the deeds (`services.record_award`)."""

    class Meta:
        model = HonourAward
        fields = [
            "honour_type",
            "model_worker",
            "collective",
            "union_org",
            "year",
            "conferred_on",
            "document_no",
            "certificate_no",
            "recommended_by",
            "deeds",
        ]
        widgets = {
            "honour_type": SearchSelect(),
            "model_worker": SearchSelect(),
            "collective": SearchSelect(),
            "union_org": SearchSelect(),
            "conferred_on": DateInput(),
        }

    def scoped_querysets(self):
        return {
            "honour_type": HonourType.objects.active(),
            "model_worker": ModelWorker.objects.visible_to(self.user),
            "collective": Collective.objects.visible_to(self.user),
            "union_org": UnionOrg.objects.visible_to(self.user),
        }

    def clean(self):
        cleaned = super().clean()
        honour_type = cleaned.get("honour_type")
        if honour_type is not None:
            errors = rules.award_errors(
                honour_type=honour_type,
                model_worker=cleaned.get("model_worker"),
                collective=cleaned.get("collective"),
                union_org=cleaned.get("union_org"),
            )
            if errors:
                raise ValidationError(errors)
        return cleaned

    def _post_clean(self):
        # The service makes the award (level, checks); the model's own checks run there.
        pass

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "honour_type": data["honour_type"],
            "year": data["year"],
            "conferred_on": data["conferred_on"],
            "document_no": data.get("document_no") or "",
            "model_worker": data.get("model_worker"),
            "collective": data.get("collective"),
            "union_org": data.get("union_org"),
            "deeds": data.get("deeds") or "",
            "certificate_no": data.get("certificate_no") or "",
            "recommended_by": data.get("recommended_by") or "",
        }


class WorkerStatusForm(ActionForm):
    """A change of a model worker's status: withdrawn (a reason), deceased, transferred (where)."""

    status = forms.ChoiceField(label=_("status"), choices=WorkerStatus.choices)
    on = forms.DateField(label=_("status since"))
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
    transferred_to = forms.CharField(label=_("transferred to"), max_length=200, required=False)


class CollectiveStatusForm(ActionForm):
    status = forms.ChoiceField(label=_("status"), choices=CollectiveStatus.choices)
    on = forms.DateField(label=_("status since"))
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class RevokeForm(ActionForm):
    on = forms.DateField(label=_("revoked on"))
    reason = forms.CharField(label=_("reason for revocation"), max_length=300)
