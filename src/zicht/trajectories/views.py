from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.core.views import add_service_error
from zicht.households.selectors import household_for
from zicht.trajectories import handovers, services
from zicht.trajectories.forms import (
    CloseForm,
    CoordinatorForm,
    DepartureForm,
    HandoverAnswerForm,
    InviteForm,
)
from zicht.trajectories.selectors import current_trajectory


def _household_and_trajectory(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    trajectory = current_trajectory(household)
    if trajectory is None:
        raise Http404
    return household, trajectory


def _form_view(request, household_uuid, form_class, template, act, success, *, done=None,
               extra=None):
    """The shape every trajectory step shares: validate, call the service, show its verdict.

    ``extra(trajectory)`` adds to what the page shows."""
    household, trajectory = _household_and_trajectory(request, household_uuid)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(trajectory, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(*(done or ("households:detail", household.uuid)))
    return render(request, template, {"form": form, "household": household,
                                      "trajectory": trajectory,
                                      **(extra(trajectory) if extra else {})})


@login_required
def invite(request, household_uuid):
    def act(trajectory, data):
        team = data["supporter_organisation"]
        services.supporter_invite(actor=request.actor, trajectory=trajectory,
                                  municipality=team.municipality, supporter_organisation=team,
                                  supporter=data["supporter"])

    return _form_view(request, household_uuid, InviteForm, "trajectories/invite.html", act,
                      _("De ondersteuner is uitgenodigd."))


@login_required
def departure(request, household_uuid):
    def act(trajectory, data):
        coordinator_org = (trajectory.shelter if data["coordinator"] == "shelter"
                           else trajectory.supporter_organisation)
        coordinator = None if data["coordinator"] == "shelter" else trajectory.supporter
        services.departure_record(
            actor=request.actor, trajectory=trajectory,
            departure_date=data["departure_date"],
            shelter_aftercare_until=data["shelter_aftercare_until"],
            street=data["street"], postcode=data["postcode"], city=data["city"],
            address_is_secret=data["address_is_secret"],
            coordinator_organisation=coordinator_org, coordinator=coordinator,
        )

    return _form_view(request, household_uuid, DepartureForm, "trajectories/departure.html",
                      act, _("Het vertrek is vastgelegd."))


@login_required
def coordinator(request, household_uuid):
    """Propose a new coordinator: a handover, which changes nothing until it is accepted."""
    household, trajectory = _household_and_trajectory(request, household_uuid)
    pending = handovers.open_handover(trajectory)
    form = CoordinatorForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            handovers.handover_propose(actor=request.actor, trajectory=trajectory,
                                       organisation=form.cleaned_data["organisation"],
                                       professional=form.cleaned_data["professional"],
                                       note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Alleen de huidige regisseur kan de regie overdragen."))
        else:
            messages.success(request, _("De overdracht is voorgesteld. Tot de nieuwe "
                                        "regisseur aanvaardt, verandert er niets."))
            return redirect("households:detail", household.uuid)
    return render(request, "trajectories/coordinator.html",
                  {"form": form, "household": household, "trajectory": trajectory,
                   "pending": pending})


@login_required
def handover_list(request):
    """Proposals to take over the coordination, addressed to the actor's organisation,
    by reference only (the household opens up on acceptance), 25 a page (issue 14)."""
    incoming = Paginator(handovers.incoming_handovers(request.actor).order_by("proposed_at", "id"),
                         25).get_page(request.GET.get("page"))
    return render(request, "trajectories/handover_list.html",
                  {"incoming": incoming, "page": incoming})


@login_required
def handover_detail(request, handover_uuid):
    handover = handovers.handover_for(request.actor, handover_uuid)
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = request.POST.get("answer")
        act = {"accept": handovers.handover_accept, "decline": handovers.handover_decline,
               "withdraw": handovers.handover_withdraw}.get(answer)
        if act is None:
            raise Http404
        kwargs = {} if answer == "accept" else {"reason": form.cleaned_data["reason"]}
        try:
            act(actor=request.actor, handover=handover, **kwargs)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if answer == "accept":
                messages.success(request, _("U bent nu de regisseur."))
                return redirect("households:detail", handover.trajectory.household.uuid)
            messages.success(request, _("De overdracht is afgesloten."))
            return redirect("home")
    return render(request, "trajectories/handover_detail.html", {
        "handover": handover, "form": form,
        "may_answer": handovers._may_answer(request.actor, handover),
        "history": handover.history.select_related("by"),
    })


@login_required
def close(request, household_uuid):
    def act(trajectory, data):
        services.trajectory_close(actor=request.actor, trajectory=trajectory,
                                  reason=data["reason"], reason_code=data["reason_code"])

    # After closing, the organisation's involvement has ended: back to the caseload.
    return _form_view(request, household_uuid, CloseForm, "trajectories/close.html", act,
                      _("Het traject is afgesloten."), done=("home",),
                      extra=lambda trajectory: {"open_work": services.open_work(trajectory)})
