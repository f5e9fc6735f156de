from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.access.models import Category
from zicht.access.policy import household_and_access
from zicht.contacts.forms import ContactForm
from zicht.contacts.models import ContactKind, ContactMoment
from zicht.contacts.selectors import last_channel
from zicht.contacts.services import contact_record
from zicht.core.views import add_service_error
from zicht.households.services import household_read
from zicht.plans.selectors import conditions_of
from zicht.trajectories.selectors import current_trajectory


@login_required
def contact_new(request, household_uuid):
    household, access = household_and_access(request.actor, household_uuid)
    trajectory = current_trajectory(household)
    if trajectory is None:
        raise Http404
    kind = request.GET.get("kind", ContactKind.FOLLOW_UP)
    if kind not in ContactKind.values:
        raise Http404
    form = ContactForm(request.POST or None, last_channel=last_channel(trajectory),
                       conditions=conditions_of(household, active_only=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = contact_record(
                actor=request.actor, trajectory=trajectory, kind=kind,
                held_on=data["held_on"], channel=data["channel"], reached=data["reached"],
                with_whom=data["with_whom"], answers=form.answers(), notes=data["notes"],
                no_particulars=data["no_particulars"],
                condition_reviews=form.condition_reviews(), ground=access.ground)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het contactmoment is vastgelegd."))
            if contact.signal_id:
                # The next step after "does not feel safe" composes signals and the rhythm:
                # its page is the rhythm app's, the layer above this one.
                return redirect("rhythm:unsafe_next_step", household.uuid, contact.uuid)
            return redirect("households:detail", household.uuid)
    return render(request, "contacts/new.html", {
        "form": form, "household": household, "trajectory": trajectory,
        "kind_label": ContactKind(kind).label,
        "no_particulars": ContactMoment.NO_PARTICULARS,
    })


# The household page shows the latest few; a year of weekly contacts pages here.
LIST_PAGE_SIZE = 25


@login_required
def contact_list(request, household_uuid):
    """All contact moments of the household's current trajectory, newest first: the
    household page shows the last five (``households.views``), whose cost would
    otherwise grow with every contact of the year. For whoever may see the contact notes,
    a partner on the client's consent too, as on the household page."""
    actor = request.actor
    household, access = household_and_access(actor, household_uuid, partial=True,
                                              category=Category.CONTACT_NOTES)
    trajectory = current_trajectory(household)
    if trajectory is None:
        raise Http404
    page = Paginator(trajectory.contacts.select_related("recorded_by", "organisation"),
                     LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    with transaction.atomic():
        household_read(actor=actor, household=household, record_type="contact",
                       ground=access.grounds[Category.CONTACT_NOTES])
    return render(request, "contacts/list.html", {"household": household, "page": page})
