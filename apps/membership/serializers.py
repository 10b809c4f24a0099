"""API shapes of members, ledger lines and transfers. Writes are checked by `MemberForm` and
saved by the services (see `api.py`); these only describe and mask."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.models import UnionOrg
from apps.core.serializers import RecordSerializer
from apps.core.validators import mask_id_number

from .choices import ChangeReason
from .forms import open_unions
from .masking import can_reveal, shown_id_number, shown_phone
from .models import RECORD_FIELDS, Member, MembershipChange, MemberTransfer


class MaskedIdentityMixin:
    """ID and phone numbers masked for callers who may not reveal them (see `masking`)."""

    def _reveal(self):
        if "reveal" not in self.context:
            request = self.context.get("request")
            self.context["reveal"] = bool(request and can_reveal(request.user))
        return self.context["reveal"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        reveal = self._reveal()
        data["id_number"] = shown_id_number(data["id_number"], reveal)
        data["phone"] = shown_phone(data["phone"], reveal)
        return data


class MemberSerializer(MaskedIdentityMixin, RecordSerializer):
    """A member as the API shows it; written through `MemberForm` (see `api.py`)."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    id_number = serializers.CharField(
        read_only=True,
        help_text="Masked (110105********002X) unless the caller may reveal identities. "
        "A masked value sent back unchanged keeps the stored number.",
    )
    phone = serializers.CharField(
        read_only=True,
        help_text="Masked (138****5678) unless the caller may reveal identities.",
    )

    class Meta:
        model = Member
        fields = [
            "id",
            *RECORD_FIELDS,
            "union_name",
            "status",
            "status_since",
            "updated_at",
        ]
        read_only_fields = fields


class MembershipChangeSerializer(RecordSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    other_union_name = serializers.CharField(
        source="other_union.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = MembershipChange
        fields = [
            "id",
            "member",
            "union",
            "union_name",
            "change_type",
            "changed_on",
            "reason",
            "other_union",
            "other_union_name",
            "note",
            "recorded_at",
        ]
        read_only_fields = fields


class TransferSerializer(RecordSerializer):
    """A transfer as both sides see it: the member's name and masked ID number only (the
    receiving side does not see the member's record until it accepts)."""

    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.none())
    member_name = serializers.CharField(source="member.name", read_only=True)
    member_id_number = serializers.SerializerMethodField()
    to_union = serializers.PrimaryKeyRelatedField(
        queryset=UnionOrg.objects.none(),
        help_text="Any open union of the county (the receiving side is usually elsewhere).",
    )
    from_union_name = serializers.CharField(source="from_union.name", read_only=True)
    to_union_name = serializers.CharField(source="to_union.name", read_only=True)
    requested_on = serializers.DateField(required=False)

    class Meta:
        model = MemberTransfer
        fields = [
            "id",
            "member",
            "member_name",
            "member_id_number",
            "from_union",
            "from_union_name",
            "to_union",
            "to_union_name",
            "requested_on",
            "reason",
            "note",
            "status",
            "decided_at",
            "opinion",
        ]
        read_only_fields = ["from_union", "status", "decided_at", "opinion"]
        validators = []  # one open transfer per member: the service says so, in its words
        extra_kwargs = {"reason": {"default": ChangeReason.LABOUR_RELATION}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["member"].queryset = Member.objects.visible_to(request.user)
            self.fields["to_union"].queryset = open_unions()

    @extend_schema_field(serializers.CharField())
    def get_member_id_number(self, transfer):
        return mask_id_number(transfer.member.id_number)

    def validate_requested_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The date is in the future."))
        return value
