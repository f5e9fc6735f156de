import pytest
from tests.browser.conftest import PHONE, log_in, look
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.mark.parametrize("persona", ["supporter", "team_lead", "policy", "shelter_worker"])
def test_shots(request, browser, live_server, persona):
    page = log_in(browser, live_server, request.getfixturevalue(persona), viewport=PHONE)
    look(page, f"home-{persona}")
