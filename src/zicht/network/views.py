"""The network pages: the region's year, meetings and agreements (issue 16).

Same rules as the API (``network/api.py``): the region's network sees its meetings and
agreements, the organisers (``rules.may_organise``) write them, anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.accounts.models import User
from zicht.audit.models import AccessAction
from zicht.audit.services import access_log
from zicht.core.views import add_service_error
from zicht.network import services
from zicht.network.figures import PROMISE_FIGURES, promise_figures
from zicht.network.forms import (
    ActionForm,
    AgreementForm,
    AttendanceForm,
    DocumentForm,
    EvaluationForm,
    MeetingForm,
    NotesForm,
    PromiseForm,
)
from zicht.network.models import MeetingAction
from zicht.network.rules import may_organise, network_region_id, selfscan_municipality_id
from zicht.network.selectors import (
    agreement_for,
    agreements_for,
    invitations_of,
    meeting_for,
    meetings_for,
    open_actions_before,
    year_overview,
)


def _region_id(request) -> int:
    region_id = network_region_id(request.actor)
    if region_id is None:
        raise Http404
    return region_id


@login_required
def overview(request):
    """The region's year: were the four meetings held, and who came per organisation."""
    region_id = network_region_id(request.actor)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 5:
        year = today.year
    context = {"year": year, "years": range(today.year - 3, today.year + 2),
               "organiser": may_organise(request.actor, region_id),
               "selfscan": selfscan_municipality_id(request.actor) is not None,
               "invited": meetings_for(request.actor).filter(
                   starts_at__gte=timezone.now(), invitations__user=request.user)}
    if region_id is not None:
        context.update(year_overview(region_id, year))
        context["region"] = request.actor.organisation.region
    return render(request, "network/overview.html", context)


@login_required
def meeting_new(request):
    if not may_organise(request.actor):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(actor=request.actor, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De bijeenkomst is gepland en de uitnodigingen zijn "
                                        "verstuurd."))
            return redirect("network:meeting", meeting.uuid)
    return render(request, "network/meeting_new.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def meeting_detail(request, meeting_uuid):
    actor = request.actor
    meeting = meeting_for(actor, meeting_uuid)
    organiser = may_organise(actor, meeting.region_id)
    invitations = list(invitations_of(meeting))
    do = request.POST.get("do", "")
    attendance = AttendanceForm(request.POST if do == "attendance" else None,
                                invitations=invitations)
    notes = NotesForm(request.POST if do == "notes" else None,
                      initial={"notes": meeting.notes})
    action = ActionForm(request.POST if do == "action" else None, invitations=invitations)
    if request.method == "POST":
        if not organiser:
            raise PermissionDenied
        try:
            if do == "attendance" and attendance.is_valid():
                services.meeting_attendance_record(
                    actor=actor, meeting=meeting,
                    present={int(p) for p in attendance.cleaned_data["present"]})
                messages.success(request, _("De aanwezigheid is vastgelegd."))
                return redirect("network:meeting", meeting.uuid)
            if do == "notes" and notes.is_valid():
                services.meeting_notes_record(actor=actor, meeting=meeting,
                                              notes=notes.cleaned_data["notes"])
                messages.success(request, _("Het verslag is opgeslagen."))
                return redirect("network:meeting", meeting.uuid)
            if do == "action" and action.is_valid():
                owner = User.objects.filter(pk=action.cleaned_data["owner"]).first()
                if owner is None:
                    raise ValidationError({"owner": _("Kies iemand die voor de bijeenkomst "
                                                      "is uitgenodigd.")})
                services.meeting_action_add(actor=actor, meeting=meeting,
                                            what=action.cleaned_data["what"], owner=owner,
                                            due_on=action.cleaned_data["due_on"])
                messages.success(request, _("De actie is vastgelegd."))
                return redirect("network:meeting", meeting.uuid)
            if do == "done":
                done = (MeetingAction.objects.filter(
                    uuid=request.POST.get("action"), meeting__region_id=meeting.region_id)
                    .select_related("meeting").first())
                if done is None:
                    raise Http404
                services.meeting_action_done(actor=actor, action=done,
                                             at_meeting=meeting if done.meeting_id != meeting.pk
                                             else None)
                messages.success(request, _("De actie is afgerond."))
                return redirect("network:meeting", meeting.uuid)
        except ValidationError as error:
            add_service_error({"attendance": attendance, "notes": notes}.get(do, action), error)
    with transaction.atomic():
        access_log(actor=actor, action=AccessAction.READ, record_type="network_meeting",
                   record_uuid=meeting.uuid)
    came = [i for i in invitations if i.attended]
    return render(request, "network/meeting.html", {
        "meeting": meeting, "organiser": organiser, "invitations": invitations,
        "came": came, "attendance": attendance, "notes_form": notes, "action_form": action,
        "actions": meeting.actions.select_related("owner", "followed_up_in"),
        "open_before": open_actions_before(meeting),
        "started": meeting.starts_at <= timezone.now(),
        "invited": any(i.user_id == request.user.pk for i in invitations),
    }, status=400 if request.method == "POST" else 200)


@login_required
def agreements(request):
    region_id = network_region_id(request.actor)
    rows = list(agreements_for(request.actor))
    today = timezone.localdate()
    return render(request, "network/agreements.html", {
        "agreements": rows, "today": today,
        "organiser": region_id is not None and may_organise(request.actor, region_id)})


@login_required
def agreement_new(request):
    if not may_organise(request.actor):
        raise PermissionDenied
    region_id = request.actor.organisation.region_id
    form = AgreementForm(request.POST or None, request.FILES or None, region_id=region_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=request.actor, title=data["title"], parties=list(data["parties"]),
                starts_on=data["starts_on"], review_on=data["review_on"],
                municipality=data["municipality"], document=data["document"] or None)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De afspraak is vastgelegd. Leg nu per partij vast wat "
                                        "zij belooft."))
            return redirect("network:agreement", agreement.uuid)
    return render(request, "network/agreement_new.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def agreement_detail(request, agreement_uuid):
    actor = request.actor
    agreement = agreement_for(actor, agreement_uuid)
    organiser = may_organise(actor, agreement.region_id)
    do = request.POST.get("do", "")
    promise = PromiseForm(request.POST if do == "promise" else None, agreement=agreement)
    evaluation = EvaluationForm(request.POST if do == "evaluation" else None,
                                initial={"held_on": timezone.localdate()})
    document = DocumentForm(request.POST if do == "document" else None,
                            request.FILES if do == "document" else None)
    forms = {"promise": promise, "evaluation": evaluation, "document": document}
    if request.method == "POST":
        if not organiser:
            raise PermissionDenied
        form = forms.get(do)
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if form is promise:
                    services.promise_add(actor=actor, agreement=agreement, **form.cleaned_data)
                elif form is evaluation:
                    services.agreement_evaluate(actor=actor, agreement=agreement,
                                                **form.cleaned_data)
                else:
                    services.agreement_document_replace(actor=actor, agreement=agreement,
                                                        **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("De afspraak is bijgewerkt."))
                return redirect("network:agreement", agreement.uuid)
    with transaction.atomic():
        access_log(actor=actor, action=AccessAction.READ, record_type="agreement",
                   record_uuid=agreement.uuid)
    promises = list(agreement.promises.select_related("party"))
    sentences = promise_figures(agreement)
    labels = {f.code: f.label for f in PROMISE_FIGURES}
    for p in promises:
        p.figure_label = labels.get(p.figure, "")
        p.figure_sentence = sentences.get(p.figure, "")
    today = timezone.localdate()
    return render(request, "network/agreement.html", {
        "agreement": agreement, "organiser": organiser, "promises": promises,
        "evaluations": agreement.evaluations.select_related("by"),
        "ended": services.agreement_ended(agreement),
        "past_review": agreement.review_on < today, "promise_form": promise,
        "evaluation_form": evaluation, "document_form": document,
    }, status=400 if request.method == "POST" else 200)


@login_required
def agreement_document(request, agreement_uuid):
    """The document, to those who may see the agreement; never served as a static file."""
    agreement = agreement_for(request.actor, agreement_uuid)
    if not agreement.document:
        raise Http404
    with transaction.atomic():
        access_log(actor=request.actor, action=AccessAction.EXPORT, record_type="agreement",
                   record_uuid=agreement.uuid, ground="document")
    response = FileResponse(agreement.document.open("rb"), as_attachment=True,
                            filename=f"samenwerkingsafspraak-{agreement.uuid}.pdf",
                            content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
