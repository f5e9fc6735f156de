"""The secret address shows through one door (issue 19): the API asks what the page asks.

Persona: the supporter who carries the household, at a secret address.
"""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import SECRET_STREET, login
from zicht.access.middleware import REAUTH
from zicht.audit.models import AccessAction, AccessLogEntry


def _reveal(api, household):
    return api.post(f"/api/v1/households/{household.uuid}/address/")


def _reveals(user):
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.REVEAL_ADDRESS).count()


def test_a_browser_session_reveals_a_secret_address_only_after_the_password(household,
                                                                            supporter):
    api = login(APIClient(), supporter)
    session = api.session
    session.pop(REAUTH, None)
    session.save()
    refused = _reveal(api, household)
    assert refused.status_code == 403 and SECRET_STREET not in refused.content.decode()
    assert _reveals(supporter) == 0
    api.post("/security/reauth/", {"password": "correct horse battery", "next": "/"})
    assert _reveal(api, household).status_code == 200
    assert _reveals(supporter) == 1


def test_an_api_key_never_reveals_a_secret_address(household, supporter):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=supporter).key}")
    refused = _reveal(api, household)
    assert refused.status_code == 403 and SECRET_STREET not in refused.content.decode()
    assert _reveals(supporter) == 0
