"""API tokens in Django's admin: a list of who holds which token until when, and a way to
revoke them; never a page that adds, opens or changes one (issue 19). Only a digest of a
key is stored, so there is nothing to show; the list names a token by its name."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zicht.access.services import api_token_revoke
from zicht.accounts.admin import ExistsOnlyAdmin
from zicht.accounts.models import ApiToken
from zicht.directory.actor import actor_for


@admin.action(description=_("Geselecteerde API-sleutels intrekken"))
def revoke_tokens(modeladmin, request, queryset):
    actor = actor_for(request.user, ip_address=request.META.get("REMOTE_ADDR"))
    count = 0
    for token in queryset:
        api_token_revoke(actor=actor, token=token)
        count += 1
    modeladmin.message_user(request, _("%(n)s API-sleutel(s) ingetrokken.") % {"n": count})


@admin.register(ApiToken)
class ApiTokenAdmin(ExistsOnlyAdmin):
    list_display = ("user", "name", "is_system", "scopes", "created", "expiry", "last_used_at")
    list_filter = ("is_system",)
    search_fields = ("user__username", "name")
    actions = [revoke_tokens]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked through the action, which logs it

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletes without the access log
        return actions
