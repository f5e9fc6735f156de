"""Issue 7 through the real pages: a policy officer opens the evaluation and downloads the
PDF report; a client fills in the questionnaire on a phone (axe on both)."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, log_in
from tests.conftest import as_actor
from tests.evaluation.conftest import make_policy_officer
from zicht.evaluation.models import SurveyResponse
from zicht.evaluation.services import survey_invitation_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_policy_opens_the_dashboard_and_downloads_the_report(browser, live_server, alkmaar,
                                                              household, supporter):
    _, token = survey_invitation_create(actor=as_actor(supporter),
                                        trajectory=household.trajectories.get(), moment="month_3")
    # The client, on a phone, without logging in.
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(f"{live_server.url}/vragenlijst/{token}/")
    assert_accessible(phone, "client questionnaire")
    for question in ("contact met uw ondersteuner", "hoe vaak", "veiligheid", "geregeld",
                     "alles bij elkaar"):
        phone.get_by_role("group", name=question).get_by_label("4", exact=True).check()
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_role("heading", name="Dank u wel").wait_for()
    assert SurveyResponse.objects.count() == 1

    page = log_in(browser, live_server, make_policy_officer(alkmaar))  # lands on the dashboard
    page.get_by_label("Gebied", exact=True).select_option("regio")
    page.get_by_role("button", name="Toon").click()
    page.get_by_role("heading", name="Evaluatie van de nazorg: regio", exact=False).wait_for()
    assert_accessible(page, "evaluation dashboard")
    table = page.get_by_role("table", name="Huishoudens in een traject, gestart en beëindigd",
                             exact=False)
    # One household in the region: too few to show.
    assert "< 5" in table.inner_text()
    chart = page.locator("svg.zicht-chart").first
    assert chart.is_visible()
    # On a phone the chart's labels would be a few pixels high; its table holds the figures.
    page.set_viewport_size(PHONE)
    assert not chart.is_visible() and table.is_visible()
    page.set_viewport_size(DESKTOP)
    with page.expect_download() as download:
        page.get_by_role("link", name="Evaluatierapport (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert download.value.suggested_filename.endswith(".pdf")
