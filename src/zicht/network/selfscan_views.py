"""The self-scan pages (issue 16, point 4): the municipality's scans and results beside the
region's, a new scan, and one scan to fill in, complete, share and follow up.

Same rules as the API (``network/selfscan_api.py``, ``rules``): policy staff of the
municipality write, the region's policy staff see the aggregate and the shared scans, the
partners that took part see their scan; anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.views import add_service_error
from zicht.network import selfscan_services as services
from zicht.network.rules import may_fill_in, selfscan_municipality_id, selfscan_region_id
from zicht.network.selfscan_forms import (
    NO_HOUSEHOLDS,
    ActionForm,
    AnswersForm,
    PartnersForm,
    StartForm,
)
from zicht.network.selfscan_selectors import (
    actions_of,
    active_framework,
    organisations_of_region,
    results_for,
    scan_for,
    scans_for,
    themes_of,
)


@login_required
def index(request):
    """The municipality's scans and its results per theme over time beside the region's."""
    actor = request.actor
    municipality_id = selfscan_municipality_id(actor)
    scans = list(scans_for(actor).order_by("-held_on", "-id"))
    if municipality_id is None and not scans:
        raise Http404
    own = [s for s in scans if s.municipality_id == municipality_id]
    others = [s for s in scans if s.municipality_id != municipality_id]
    return render(request, "network/selfscan_index.html", {
        "own": own, "others": others, "results": results_for(actor),
        "may_start": municipality_id is not None,
        "municipality": actor.organisation.municipality if municipality_id else None,
    })


@login_required
def new(request):
    actor = request.actor
    region_id = selfscan_region_id(actor)
    if region_id is None:
        raise Http404
    framework = active_framework()
    form = StartForm(request.POST or None, organisations=organisations_of_region(region_id))
    if request.method == "POST" and form.is_valid():
        try:
            scan = services.selfscan_start(actor=actor, held_on=form.cleaned_data["held_on"],
                                           partners=list(form.cleaned_data["partners"]))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De zelfscan is aangemaakt. Vul hem samen met uw "
                                        "partners in."))
            return redirect("network:selfscan", scan.uuid)
    return render(request, "network/selfscan_new.html", {"form": form, "framework": framework},
                  status=400 if form.errors else 200)


@login_required
def detail(request, scan_uuid):
    actor = request.actor
    scan = scan_for(actor, scan_uuid)
    writer = may_fill_in(actor, scan.municipality_id)
    themes = themes_of(scan)
    organisations = organisations_of_region(scan.municipality.region_id)
    do = request.POST.get("do", "")
    answers = AnswersForm(request.POST if do == "answers" else None, scan=scan, themes=themes)
    partners = PartnersForm(request.POST if do == "partners" else None,
                            organisations=organisations, scan=scan)
    action = ActionForm(request.POST if do == "action" else None, scan=scan,
                        organisations=organisations)
    forms = {"answers": answers, "partners": partners, "action": action}
    if request.method == "POST":
        if not writer:
            raise PermissionDenied
        form = forms.get(do)
        try:
            if do == "answers" and answers.is_valid():
                services.selfscan_answer(actor=actor, scan=scan, answers=answers.answers())
                messages.success(request, _("De antwoorden zijn opgeslagen."))
                return redirect("network:selfscan", scan.uuid)
            if do == "partners" and partners.is_valid():
                services.selfscan_partners_set(actor=actor, scan=scan,
                                               partners=list(partners.cleaned_data["partners"]))
                messages.success(request, _("De partners zijn opgeslagen."))
                return redirect("network:selfscan", scan.uuid)
            if do == "complete":
                services.selfscan_complete(actor=actor, scan=scan)
                messages.success(request, _("De zelfscan is afgerond."))
                return redirect("network:selfscan", scan.uuid)
            if do == "share":
                shared = request.POST.get("shared") == "1"
                services.selfscan_share(actor=actor, scan=scan, shared=shared)
                messages.success(request, _("De zelfscan is gedeeld met de regio.") if shared
                                 else _("De zelfscan is niet meer gedeeld met de regio."))
                return redirect("network:selfscan", scan.uuid)
            if do == "action" and action.is_valid():
                services.improvement_action_add(actor=actor, scan=scan, **action.cleaned_data)
                messages.success(request, _("De verbeteractie is vastgelegd."))
                return redirect("network:selfscan", scan.uuid)
            if do == "done":
                done = actions_of(scan).filter(uuid=request.POST.get("action")).first()
                if done is None:
                    raise Http404
                services.improvement_action_done(actor=actor, action=done)
                messages.success(request, _("De verbeteractie is afgerond."))
                return redirect("network:selfscan", scan.uuid)
        except ValidationError as error:
            if do in forms:
                add_service_error(form, error)
            else:  # completing: the rule's message above the page
                messages.error(request, " ".join(error.messages))
    with transaction.atomic():
        access_log(actor=actor, action=AccessAction.READ, record_type="selfscan",
                   record_uuid=scan.uuid)
    answered = sum(1 for t in themes for q in t.questions.all() if q.answer)
    total = sum(len(t.questions.all()) for t in themes)
    return render(request, "network/selfscan.html", {
        "scan": scan, "writer": writer, "themes": themes, "answers_form": answers,
        "partners_form": partners, "action_form": action, "actions": actions_of(scan),
        "answered": answered, "total": total, "partners": scan.partners.order_by("name"),
        "scale": scan.framework.scale, "no_households": NO_HOUSEHOLDS,
    }, status=400 if request.method == "POST" else 200)
