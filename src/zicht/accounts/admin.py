"""What Django's admin may do with credentials: nothing that lets anyone become someone else.

Issue 19: an administrator created an API token for a supporter in the admin and read a
secret address with it, logged under the supporter's name; the admin also showed every
TOTP device's key, from which anyone could make that person's login codes. So the admin
shows that a second factor or an API token exists and when it was last used, and lets an
administrator revoke a token (``zicht.access.admin``); it never creates, shows or changes a
credential. A professional makes their own tokens on "Uw API-sleutels"
(``access:api_token``, after the password), and a lost second factor is reset with four
eyes, not here.
"""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from knox.models import AuthToken

# Only what configuration needs (issue 19). Roles are memberships, so groups are unused;
# task results hold tracebacks that may quote a refused value, and configure nothing.
for model in (TOTPDevice, StaticDevice, AuthToken, Group, DBTaskResult):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ReadOnlyLogMixin:
    """The login records are a trail: read, never removed by hand."""

    def has_delete_permission(self, request, obj=None):
        return False


for log_model, log_admin in ((AccessLog, AccessLogAdmin),
                             (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(log_model):
        admin.site.unregister(log_model)
        admin.site.register(log_model, type(log_admin.__name__, (ReadOnlyLogMixin, log_admin),
                                            {}))


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
