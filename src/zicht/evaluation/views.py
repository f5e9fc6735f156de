"""The evaluation pages: dashboard and exports (policy staff), questionnaires (everyone else).

The dashboard and exports answer 403 to every role but policy staff (see ``scope.py``).
The client's questionnaire is public by design: the random link is the key, and the page
shows nothing about the household.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.views import add_service_error
from zicht.evaluation import exports
from zicht.evaluation.anonymity import min_cell
from zicht.evaluation.charts import chart_for
from zicht.evaluation.forms import InvitationForm, PeriodForm, QuestionnaireForm
from zicht.evaluation.indicators import indicators_computed
from zicht.evaluation.scope import scope_for
from zicht.evaluation.services import (
    ANSWERING_ROLES,
    client_survey_submit,
    open_invitation,
    professional_questionnaire,
    professional_survey_due,
    professional_survey_submit,
    survey_invitation_create,
)
from zicht.households.selectors import household_for
from zicht.trajectories.selectors import current_trajectory


def _scope(request):
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    scope = scope_for(request.actor, region=data.get("area") == "regio",
                      start=data.get("start"), end=data.get("end"))
    if not form.is_bound or not form.is_valid():
        form = PeriodForm(initial={"area": "regio" if scope.is_region else "gemeente",
                                   "start": scope.start, "end": scope.end})
    return scope, form


@login_required
def dashboard(request):
    scope, form = _scope(request)
    results, computed_at = indicators_computed(scope)
    groups: dict[str, list] = {}
    for result in results:
        groups.setdefault(result.group, []).append((result, chart_for(result)))
    return render(request, "evaluation/dashboard.html", {
        "scope": scope, "form": form, "groups": groups, "min_cell": min_cell(),
        # The tables and charts are kept drawn as long as their figures (the template).
        "figures_seconds": settings.ZICHT_INDICATOR_CACHE_SECONDS, "figures_at": computed_at,
        "query": request.GET.urlencode(), "figures_note": exports.figures_note(computed_at),
        "unavailable": [r for r in results if not r.available]})


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             exports.as_xlsx),
    "pdf": ("application/pdf", exports.as_pdf),
}


@login_required
def export(request, fmt: str):
    if fmt not in EXPORTS:
        raise Http404
    scope, _form = _scope(request)
    content_type, build = EXPORTS[fmt]
    content = build(scope, *indicators_computed(scope))
    with transaction.atomic():
        # NEN 7513 lists print/export among the events to log, also of aggregates.
        access_log(actor=request.actor, action=AccessAction.EXPORT, record_type="evaluation",
                   ground=f"{scope.label} {scope.start}–{scope.end} ({fmt})")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="zicht-evaluatie_{scope.slug}.{fmt}"'
    return response


@login_required
@require_POST
def invitation_new(request, household_uuid):
    """The supporter makes a personal questionnaire link for the client (shown once)."""
    household = household_for(request.actor, household_uuid)
    trajectory = current_trajectory(household)
    if trajectory is None:
        raise Http404
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, token = survey_invitation_create(
                actor=request.actor, trajectory=trajectory, moment=form.cleaned_data["moment"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            link = settings.ZICHT_BASE_URL.rstrip("/") + reverse("evaluation:client_survey",
                                                                 args=[token])
            return render(request, "evaluation/invitation_link.html",
                          {"household": household, "invitation": invitation, "link": link})
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("households:detail", household.uuid)


def client_survey(request, token: str):
    """The client's questionnaire, opened through the personal link; no login."""
    invitation = open_invitation(token)
    if invitation is None:
        return render(request, "evaluation/survey_closed.html", status=404)
    form = QuestionnaireForm(invitation.questionnaire, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client_survey_submit(token=token, answers=form.answers())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return render(request, "evaluation/survey_thanks.html")
    return render(request, "evaluation/survey.html",
                  {"form": form, "questionnaire": invitation.questionnaire})


@login_required
def professional_survey(request):
    if not request.actor.has_role(*ANSWERING_ROLES):
        raise PermissionDenied
    if not professional_survey_due(request.actor):
        return render(request, "evaluation/survey_thanks.html", {"professional": True})
    questionnaire = professional_questionnaire()
    form = QuestionnaireForm(questionnaire, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            professional_survey_submit(actor=request.actor, answers=form.answers())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Dank u wel. Uw antwoorden zijn anoniem opgeslagen."))
            return redirect("home")
    return render(request, "evaluation/survey.html",
                  {"form": form, "questionnaire": questionnaire, "professional": True})
