"""Her passkey (WebAuthn) for "Mijn afspraken": django-otp-webauthn's helper, bound to the
client's own relying party.

The credential is django-otp-webauthn's ``WebAuthnCredential`` of her access's own user
(``ClientAccess.user``: a new user for every access, so a new phone never inherits an old
one's passkey). The relying party is ``ZICHT_CLIENT_WEBAUTHN_RP_ID`` with the origins
``ZICHT_CLIENT_WEBAUTHN_ORIGINS``, named "Mijn afspraken"; the account on her phone is
called "Mijn afspraken" too: nothing on it names Zicht, a shelter or a person. The key is
discoverable and asks for her fingerprint, face or phone PIN (user verification): it is
the only thing she logs in with.
"""

from django.conf import settings
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnUserHandle
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

RP_NAME = "Mijn afspraken"  # never "Zicht", never anything about violence or a shelter
ACCOUNT_NAME = "Mijn afspraken"


class ClientWebAuthnHelper(WebAuthnHelper):
    def __init__(self, request=None):
        super().__init__(request)

    def get_relying_party_domain(self) -> str:
        return settings.ZICHT_CLIENT_WEBAUTHN_RP_ID

    def get_relying_party_name(self) -> str:
        return RP_NAME

    def get_allowed_origins(self) -> list[str]:
        return list(settings.ZICHT_CLIENT_WEBAUTHN_ORIGINS)

    def get_discoverable_credentials_preference(self) -> ResidentKeyRequirement:
        # She logs in with the passkey alone: her phone must know it by itself.
        return ResidentKeyRequirement.REQUIRED

    def get_user_entity(self, user) -> PublicKeyCredentialUserEntity:
        # What her phone's passkey list shows: the same neutral name as her pages.
        return PublicKeyCredentialUserEntity(id=WebAuthnUserHandle.get_handle_for_user(user),
                                             name=ACCOUNT_NAME, display_name=ACCOUNT_NAME)

    def get_generate_registration_options_kwargs(self, *, user) -> dict:
        options = super().get_generate_registration_options_kwargs(user=user)
        options["authenticator_selection"] = AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED)
        return options
