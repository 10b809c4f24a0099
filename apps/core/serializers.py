from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from .masking import can_reveal, shown_phone
from .models import EMPLOYER_FIELDS, Employer, UnionOrg, User


class RecordSerializer(serializers.ModelSerializer):
    """A record as the API shows it. Read-only fields keep their model field's `allow_blank`,
    which DRF drops for them, so that the schema says an empty choice ("") may be shown:
    a client validating answers against the schema would otherwise reject real records."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class OrgSerializer(RecordSerializer):
    """An organisation as the API shows it. Writes are the form's (`OrgForm`, see
    `apiwrites.FormValidatedViewSet`): the fields it does not take are read-only here."""

    class Meta:
        model = UnionOrg
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "credit_code",
            "parent",
            "township",
            "level",
            "kind",
            "form",
            "committee_type",
            "founded_on",
            "approval_doc_no",
            "chair_name",
            "chair_phone",
            "term_start",
            "term_end",
            "status",
            "closed_on",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        """The chair's phone masked unless the caller may reveal, as members' phones are."""
        data = super().to_representation(instance)
        if "reveal" not in self.context:
            request = self.context.get("request")
            self.context["reveal"] = bool(request and can_reveal(request.user))
        data["chair_phone"] = shown_phone(data["chair_phone"], self.context["reveal"])
        return data


class EmployerSerializer(RecordSerializer):
    """An employer as the API shows it; written through `EmployerForm`."""

    class Meta:
        model = Employer
        fields = ["id", *EMPLOYER_FIELDS, "updated_at"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    org = serializers.StringRelatedField()
    org_id = serializers.IntegerField(read_only=True)
    can_edit = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "role", "org_id", "org", "can_edit"]


def as_drf_error(error: DjangoValidationError):
    """A service's ValidationError as a 400 with the same field messages the web form shows."""
    if hasattr(error, "message_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})
