"""Issue 17, point 2, in a real browser: the supporter asks for the 3-month questionnaire,
the client finds it on her own pages on her phone, fills it in, and neither her page nor
her supporter's shows what she answered; her supporter sees only that it was filled in.
axe on every page."""

import pytest
from django.test import Client

from tests.browser.conftest import DESKTOP, PHONE, log_in, look
from tests.conftest import login_client
from zicht.evaluation.models import SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_she_fills_in_the_questionnaire_on_her_own_pages(browser, live_server, household,
                                                         supporter, fatima):
    desk = log_in(browser, live_server, supporter, viewport=DESKTOP)
    desk.goto(f"{live_server.url}/households/{household.uuid}/")
    desk.get_by_label("Moment", exact=True).select_option(label="Na 3 maanden")
    desk.get_by_role("button", name="Link voor de cliënt maken").click()
    desk.get_by_role("heading", level=1, name="Link naar de vragenlijst").wait_for()
    assert "/vragenlijst/" in desk.get_by_label("Persoonlijke link").input_value()

    # Her phone, signed in as she would be after activation.
    signed_in = login_client(Client(), fatima)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": name, "value": morsel.value, "url": live_server.url}
                         for name, morsel in signed_in.cookies.items()])
    phone = context.new_page()
    phone.goto(f"{live_server.url}/mijn/")
    look(phone, "client-home-questionnaire-due")
    phone.get_by_role("link", name="Vul de vragenlijst in").click()
    phone.get_by_role("button", name="Versturen").wait_for()
    look(phone, "client-questionnaire")
    for question in phone.locator("form.client-survey fieldset").all():
        question.locator("input[type=radio]").last.check()
    answered = phone.locator("form.client-survey input[type=radio]:checked").count()
    assert answered >= 3
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_role("heading", level=1, name="Dank je wel").wait_for()
    look(phone, "client-questionnaire-done")
    assert phone.locator("input[type=radio]").count() == 0  # nothing shown back
    phone.goto(f"{live_server.url}/mijn/")
    assert phone.get_by_role("link", name="Vul de vragenlijst in").count() == 0
    assert SurveyResponse.objects.get().audience == "client"

    # The supporter sees that it was filled in, not what.
    desk.goto(f"{live_server.url}/households/{household.uuid}/")
    survey = desk.get_by_role("region", name="Tevredenheidsvragenlijst").inner_text()
    assert "na 3 maanden: ingevuld" in survey.lower()
    context.close()
