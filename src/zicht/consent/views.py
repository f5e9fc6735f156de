from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.consent.forms import ConsentForm
from zicht.consent.services import consent_record
from zicht.core.views import add_service_error
from zicht.households.selectors import household_for


@login_required
def consent_new(request, household_uuid):
    household = household_for(request.actor, household_uuid)
    form = ConsentForm(request.POST or None, household=household,
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
