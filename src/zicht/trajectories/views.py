from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.core.views import add_service_error
from zicht.households.selectors import household_for
from zicht.trajectories import services
from zicht.trajectories.forms import CloseForm, CoordinatorForm, DepartureForm, InviteForm
from zicht.trajectories.selectors import current_trajectory


def _household_and_trajectory(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    trajectory = current_trajectory(household)
    if trajectory is None:
        raise Http404
    return household, trajectory


def _form_view(request, household_uuid, form_class, template, act, success, *, done=None):
    """The shape every trajectory step shares: validate, call the service, show its verdict."""
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
    return render(request, template,
                  {"form": form, "household": household, "trajectory": trajectory})


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
    def act(trajectory, data):
        services.coordinator_assign(actor=request.actor, trajectory=trajectory,
                                    organisation=data["organisation"],
                                    professional=data["professional"])

    return _form_view(request, household_uuid, CoordinatorForm,
                      "trajectories/coordinator.html", act,
                      _("De nieuwe regisseur is vastgelegd."))


@login_required
def close(request, household_uuid):
    def act(trajectory, data):
        services.trajectory_close(actor=request.actor, trajectory=trajectory,
                                  reason=data["reason"], reason_code=data["reason_code"])

    # After closing, the organisation's involvement has ended: back to the caseload.
    return _form_view(request, household_uuid, CloseForm, "trajectories/close.html", act,
                      _("Het traject is afgesloten."), done=("core:home",))
