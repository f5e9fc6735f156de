from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log_many
from zicht.rhythm.selectors import reasons_shown
from zicht.trajectories.models import Phase
from zicht.trajectories.selectors import caseload, caseload_extras


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's rule violation on the form, on the field it names if the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def home(request):
    """The caseload (werkvoorraad): every active household the organisation is involved with."""
    actor = request.actor
    # Only households the organisation carries (full access), so every name may show.
    trajectories = list(caseload(actor))
    access_log_many(actor=actor, action=AccessAction.LIST, record_type="caseload",
                    household_uuids=[t.household.uuid for t in trajectories])
    invited = [t for t in trajectories if t.phase in (Phase.REGISTERED, Phase.INVITED,
                                                      Phase.INTRODUCED)]
    following = [t for t in trajectories if t.phase == Phase.FOLLOW_UP]
    for t in following:
        t.sight = getattr(t, "sight_status", None)
        t.sight_reasons = reasons_shown(t.sight, t.household.uuid)
    return render(request, "core/home.html", {"invited": invited, "following": following,
                                              **caseload_extras(actor, following)})


@login_required
@require_POST
def switch_membership(request):
    membership = request.user.memberships.filter(uuid=request.POST.get("membership"),
                                                 active=True).first()
    if membership:
        request.session["membership"] = str(membership.uuid)
    return redirect("core:home")


def health(request):
    return HttpResponse("ok", content_type="text/plain")
