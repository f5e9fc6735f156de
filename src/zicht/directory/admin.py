"""The organisation's own sign-in (issue 15.5) in Django's admin: the operator sets a
provider per organisation. The client secret is written, never shown again (issue 19:
the admin shows no credential); saving and removing go through ``directory.sso``'s
services, which write the access log."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicht.directory import sso as services
from zicht.directory.models import SingleSignOn, SingleSignOnIdentity


def _https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SingleSignOnForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("client-secret"), required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Wordt versleuteld bewaard en nooit meer getoond. Leeg laten: het "
                    "bewaarde blijft."))

    class Meta:
        model = SingleSignOn
        fields = ["organisation", "active", "issuer", "email_domains", "client_id",
                  "client_secret", "allow_account_creation", "new_account_role", "mfa_amr",
                  "mfa_acr", "authorization_endpoint", "token_endpoint", "userinfo_endpoint",
                  "jwks_uri"]
        formfield_callback = _https_by_default
        help_texts = {"authorization_endpoint": _(
            "Leeg: Zicht leest de adressen uit de discovery van de issuer.")}

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or getattr(self.instance, "organisation", None)
        if organisation is None or not data.get("issuer"):
            return data
        if not self.instance.pk and not data.get("client_secret"):
            self.add_error("client_secret", _("Geef het client-secret."))
        try:
            _domains, endpoints = services.single_sign_on_check(
                organisation=organisation, issuer=data["issuer"],
                email_domains=data.get("email_domains", ""),
                new_account_role=data.get("new_account_role", ""),
                endpoints={key: data.get(key, "") for key in services.ENDPOINTS})
        except ValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict")
                                  else error.messages) from error
        data.update(endpoints)
        return data


@admin.register(SingleSignOn)
class SingleSignOnAdmin(admin.ModelAdmin):
    form = SingleSignOnForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("organisation", "active", "issuer", "email_domains",
                    "allow_account_creation")
    list_filter = ("active", "allow_account_creation")
    search_fields = ("organisation__name", "email_domains")

    def get_actions(self, request):
        return {}  # removing goes one by one, through the service

    def get_readonly_fields(self, request, obj=None):
        return ("organisation",) if obj else ()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.single_sign_on_configure(
            actor=request.actor, organisation=data.get("organisation") or obj.organisation,
            issuer=data["issuer"], client_id=data["client_id"],
            client_secret=data.get("client_secret", ""), email_domains=data["email_domains"],
            active=data["active"], allow_account_creation=data["allow_account_creation"],
            new_account_role=data["new_account_role"], mfa_amr=data["mfa_amr"],
            mfa_acr=data["mfa_acr"],
            endpoints={key: data.get(key, "") for key in services.ENDPOINTS})
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.single_sign_on_remove(actor=request.actor, single_sign_on=obj)


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(admin.ModelAdmin):
    """Which accounts a provider's subjects are linked to; unlinking one lets the next
    sign-in link by the rules again."""

    list_display = ("user", "single_sign_on", "created_at", "last_used_at")
    list_filter = ("single_sign_on",)
    search_fields = ("user__username",)
    readonly_fields = ("user", "single_sign_on", "issuer", "subject", "created_at",
                       "last_used_at")

    def get_actions(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.single_sign_on_unlink(actor=request.actor, identity=obj)
