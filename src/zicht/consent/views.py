from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicht.consent.forms import ConsentForm
from zicht.consent.models import Consent
from zicht.consent.services import consent_record, consent_withdraw
from zicht.core.views import add_service_error
from zicht.households.selectors import household_for


@login_required
def consent_new(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    form = ConsentForm(request.POST or None, request.FILES or None, household=household,
                       initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(actor=request.actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            # A supporter may record consent to hand over at a move, not the shelter's.
            form.add_error("purpose", _("Deze toestemming legt de opvang vast."))
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("households:detail", household.uuid)
    return render(request, "consent/new.html", {"form": form, "household": household})


@login_required
@require_POST
def consent_withdraw_view(request, household_uuid, consent_uuid):
    """Withdraw consent (toestemming intrekken): effective at once, everywhere."""
    household = household_for(request.actor, household_uuid)
    consent = Consent.objects.filter(household=household, uuid=consent_uuid).first()
    if consent is None:
        raise Http404
    try:
        consent_withdraw(actor=request.actor, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De toestemming is ingetrokken."))
    return redirect("households:detail", household.uuid)


@login_required
def consent_form_file(request, household_uuid, consent_uuid):
    """The scanned consent form: never served as a file, only through the policy."""
    from django.http import FileResponse

    from zicht.access import policy
    from zicht.access.log import access_log
    from zicht.audit.models import AccessAction

    household = household_for(request.actor, household_uuid)
    if not policy.is_involved(request.actor, household, *policy.CARER_REASONS):
        raise Http404
    consent = Consent.objects.filter(household=household, uuid=consent_uuid).first()
    if consent is None or not consent.form_file:
        raise Http404
    access_log(actor=request.actor, action=AccessAction.READ, record_type="consent",
               household_uuid=household.uuid, record_uuid=consent.uuid)
    return FileResponse(consent.form_file.open("rb"), as_attachment=True,
                        filename=f"toestemming-{household.reference}")
