from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.core.views import add_service_error
from zicht.directory.models import Organisation
from zicht.households.selectors import household_for
from zicht.moves import services
from zicht.moves.forms import AnswerForm, MoveForm
from zicht.moves.models import MoveState
from zicht.moves.selectors import move_for, pending_move
from zicht.trajectories.selectors import current_trajectory


@login_required
def move_new(request, household_uuid):
    """Start the warm handover to the supporter of the new municipality."""
    household = household_for(request.actor, household_uuid)
    trajectory = current_trajectory(household)
    if trajectory is None:
        raise Http404
    pending = pending_move(trajectory)
    initial = {}
    if team := Organisation.objects.filter(uuid=request.GET.get("team") or None).first():
        initial["to_organisation"] = team
    form = MoveForm(request.POST or None, initial=initial,
                    needs_consent=not services.has_handover_consent(trajectory))
    if request.method == "POST" and pending is None and form.is_valid():
        data = form.cleaned_data
        try:
            move = services.move_request(
                actor=request.actor, trajectory=trajectory,
                to_organisation=data["to_organisation"], to_supporter=data["to_supporter"],
                moving_date=data["moving_date"], meeting_at=data["meeting_at"],
                meeting_place=data["meeting_place"], new_address=form.new_address(),
                consent=form.handover_consent())
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Alleen de ondersteuner kan een verhuizing overdragen."))
        else:
            messages.success(request, _("De overdracht is aangevraagd. Tot de nieuwe "
                                        "ondersteuner aanvaardt, blijft u betrokken."))
            return redirect("moves:detail", move.uuid)
    return render(request, "moves/new.html", {"household": household, "form": form,
                                              "pending": pending})


@login_required
def move_detail(request, move_uuid):
    actor = request.actor
    move = move_for(actor, move_uuid)
    receiving = services.may_receive(actor, move)
    form = AnswerForm(request.POST or None)
    if not (receiving and move.state == MoveState.REQUESTED and not move.has_new_address):
        # The new address is asked of the receiving side only when the request lacked it.
        for name in ("new_street", "new_postcode", "new_city", "new_address_secret"):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.move_accept(actor=actor, move=move,
                                     new_address=form.new_address()
                                     if "new_street" in form.fields else None)
            elif answer == "decline":
                services.move_decline(actor=actor, move=move, reason=form.cleaned_data["reason"])
            elif answer == "withdraw":
                services.move_withdraw(actor=actor, move=move,
                                       reason=form.cleaned_data["reason"])
            else:
                raise Http404
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if answer == "accept":
                messages.success(request, _("Het huishouden is aan u overgedragen."))
                return redirect("households:detail", move.trajectory.household.uuid)
            messages.success(request, _("De overdracht is afgesloten."))
            return redirect("home")
    with transaction.atomic():
        services.move_summary_read(actor=actor, move=move)
    return render(request, "moves/detail.html", {
        "move": move, "form": form, "receiving": receiving, "summary": move.summary,
        "history": move.history.select_related("by"),
    })
