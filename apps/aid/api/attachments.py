"""A hardship file's attachments through the API: the list (per file with `?file=`), an upload
(multipart: the file's id, the category, the document) checked like the web's, and the download,
served as the web serves it. Scoped like their file."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from apps.core.apiwrites import ApiWrites, StrictBody, guarded
from apps.core.filters import PortalFilterSet
from apps.core.serializers import as_drf_error

from .. import choices, services
from ..forms import AttachmentForm
from ..models import FileAttachment, HardshipFile
from ..serializers.batches import AttachmentSerializer
from ..views.attachments import serve


def visible_files(request):
    if request is None:
        return HardshipFile.objects.none()
    return HardshipFile.objects.visible_to(request.user)


class AttachmentFilter(PortalFilterSet):
    file = django_filters.ModelChoiceFilter(label=_("hardship file"), queryset=visible_files)
    category = django_filters.ChoiceFilter(
        label=_("category"), choices=choices.AttachmentCategory.choices
    )

    class Meta:
        model = FileAttachment
        fields = []


class AttachmentUpload(StrictBody, serializers.Serializer):
    """A document for a file: PDF, JPEG or PNG, within the size limit."""

    file = serializers.IntegerField(min_value=1, help_text=_("The file's id."))
    category = serializers.ChoiceField(choices.AttachmentCategory.choices)
    upload = serializers.FileField(help_text=_("PDF, JPEG or PNG."))
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AttachmentViewSet(
    ApiWrites, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Attachments of the files the caller sees; a POST uploads one."""

    serializer_class = AttachmentSerializer
    filterset_class = AttachmentFilter
    # A document is sent as multipart; JSON is read too, so a body without one gets its 400.
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    bodies = {"create": AttachmentUpload}

    def get_queryset(self):
        return FileAttachment.objects.visible_to(self.request.user).order_by("file_id", "pk")

    def create(self, request, *args, **kwargs):
        data = self.body(AttachmentUpload)
        file = HardshipFile.objects.visible_to(request.user).filter(pk=data["file"]).first()
        if file is None:
            raise serializers.ValidationError({"file": [_("No such file in your scope.")]})
        form = AttachmentForm(
            {"category": data["category"], "note": data.get("note", "")},
            {"upload": data["upload"]},
        )
        with guarded():
            valid = form.is_valid()
        if not valid:
            raise as_drf_error(ValidationError(dict(form.errors)))
        attachment = self.save(
            services.add_attachment,
            file=file,
            category=form.cleaned_data["category"],
            upload=form.cleaned_data["upload"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        fresh = self.get_queryset().get(pk=attachment.pk)
        return Response(AttachmentSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
        }
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def download(self, request, pk=None):
        """The document as it was uploaded, always as a download."""
        return serve(self.get_object())
