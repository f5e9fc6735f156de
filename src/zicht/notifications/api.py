"""The professional's own inbox over the API: ``/api/v1/notifications/``."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.directory.api import ActorMixin
from zicht.notifications.models import Notification
from zicht.notifications.selectors import inbox
from zicht.notifications.services import notification_read


class NotificationSerializer(serializers.ModelSerializer):
    household = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    household_reference = serializers.CharField(source="household.reference", read_only=True,
                                                default=None)

    class Meta:
        model = Notification
        fields = ["uuid", "kind", "household", "household_reference", "created_at", "read_at"]


@extend_schema(tags=["notifications"])
class NotificationViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Only the caller's own notifications; anyone else's answer 404."""

    serializer_class = NotificationSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Notification]:
        return inbox(self.actor)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, uuid: str) -> Response:
        notification = notification_read(actor=self.actor, notification=self.get_object())
        return Response(self.get_serializer(notification).data)
