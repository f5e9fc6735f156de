"""What Django's admin may do with credentials: nothing that lets anyone become someone else.

Issue 19: an administrator created an API token for a supporter in the admin and read a
secret address with it, logged under the supporter's name; the admin also showed every
TOTP device's key, from which anyone could make that person's login codes. So the admin
shows that a second factor or an API token exists and when it was last used, and lets an
administrator revoke a token; it never creates, shows or changes a credential. A
professional makes their own token on "Uw API-sleutel" (``access:api_token``, after
the password), and a lost
second factor is reset with four eyes, not here.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token, TokenProxy

for model in (TOTPDevice, StaticDevice, TokenProxy):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ExistsOnlyAdmin(admin.ModelAdmin):
    """Lists a credential's owner and dates; no page to add, open or change one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The list only: a detail page would be one field away from the secret.
        return obj is None and request.user.is_staff

    def get_list_display_links(self, request, list_display):
        return None


@admin.register(TOTPDevice)
class SecondFactorAdmin(ExistsOnlyAdmin):
    list_display = ("user", "name", "confirmed", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)

    def has_delete_permission(self, request, obj=None):
        return False  # removing someone's second factor is the four-eyes reset's


@admin.register(StaticDevice)
class RecoveryCodesAdmin(SecondFactorAdmin):
    list_display = ("user", "name", "confirmed", "last_used_at")


@admin.action(description=_("Geselecteerde tokens intrekken"))
def revoke_tokens(modeladmin, request, queryset):
    """Listed in the actions menu; ``ApiTokenAdmin.response_action`` carries it out."""


@admin.register(TokenProxy)
class ApiTokenAdmin(ExistsOnlyAdmin):
    """API tokens by owner and creation date; an administrator may revoke them."""

    list_display = ("user", "created")
    search_fields = ("user__username",)
    actions = [revoke_tokens]

    def has_delete_permission(self, request, obj=None):
        return False  # Django's delete pages show the key; ``revoke_tokens`` does not

    def response_action(self, request, queryset):
        """Revoke by owner, at once: Django's own action would select tokens by their key
        (the primary key) and its confirmation page and change log print each key."""
        if request.POST.get("action") != "revoke_tokens":
            return super().response_action(request, queryset)
        owners = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        count, _deleted = Token.objects.filter(user_id__in=owners).delete()
        self.message_user(request, _("%(n)s token(s) ingetrokken.") % {"n": count})
        return HttpResponseRedirect(request.get_full_path())

    def action_checkbox(self, obj):
        # Django labels each row's checkbox with str(obj), and a token's str is its key;
        # the value is the owner's id (TokenProxy.pk), never the key.
        checkbox = forms.CheckboxInput({"class": "action-select",
                                        "aria-label": _("Token van %(user)s") % {
                                            "user": obj.user}}, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))
