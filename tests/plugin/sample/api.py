from rest_framework import serializers, viewsets

from apps.core.models import UnionOrg


class SampleSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnionOrg
        fields = ["id", "code", "name"]


class SampleViewSet(viewsets.ReadOnlyModelViewSet):
    """Sample records in the caller's scope."""

    serializer_class = SampleSerializer

    def get_queryset(self):
        return UnionOrg.objects.visible_to(self.request.user).order_by("code")


def register(router):
    router.register("sample-records", SampleViewSet, basename="sample-record")
