"""The professional's own inbox over the API: ``/api/v1/notifications/``."""

from uuid import UUID

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zicht.directory.api import ActorMixin
from zicht.notifications.models import Notification
from zicht.notifications.selectors import inbox, with_targets
from zicht.notifications.services import notification_read


class NotificationSerializer(serializers.ModelSerializer):
    """A message of the caller's inbox. The household only while the caller may still
    open it; ``link`` is where the message leads, empty when there is nothing to open."""

    household = serializers.SerializerMethodField()
    household_reference = serializers.SerializerMethodField()
    link = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["uuid", "kind", "household", "household_reference", "link", "created_at",
                  "read_at"]

    def _targeted(self, obj: Notification) -> Notification:
        if not hasattr(obj, "target"):
            with_targets(self.context["view"].actor, [obj])
        return obj

    def get_household(self, obj: Notification) -> UUID | None:
        return obj.household.uuid if self._targeted(obj).shows_household else None

    def get_household_reference(self, obj: Notification) -> str | None:
        return obj.household.reference if self._targeted(obj).shows_household else None

    def get_link(self, obj: Notification) -> str:
        return self._targeted(obj).target


@extend_schema(tags=["notifications"])
class NotificationViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Only the caller's own notifications; anyone else's answer 404."""

    serializer_class = NotificationSerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Notification]:
        return inbox(self.actor)

    def paginate_queryset(self, queryset):
        # One query for the whole page to know which households the caller may open.
        page = super().paginate_queryset(queryset)
        return with_targets(self.actor, page) if page is not None else None

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, uuid: str) -> Response:
        notification = notification_read(actor=self.actor, notification=self.get_object())
        return Response(self.get_serializer(notification).data)
