from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zicht.directory import services
from zicht.directory.forms import MembershipForm, OrganisationForm, SearchForm
from zicht.directory.models import OrganisationKind, Role
from zicht.directory.selectors import directory_search


@login_required
def search(request):
    """The sociale kaart: searchable by municipality and kind. It holds no client data, so
    plain GET parameters are fine."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = directory_search(municipality=form.cleaned_data["municipality"],
                                   kind=form.cleaned_data["kind"])
    elif not request.GET:
        results = directory_search()
    return render(request, "directory/search.html", {
        "form": form, "results": results,
        "team_kind": OrganisationKind.MUNICIPALITY_TEAM,
    })


@login_required
def manage(request):
    """The organisation's own administrator keeps its entry current."""
    actor = request.actor
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied
    organisation = actor.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(actor=actor, organisation=organisation,
                                     email=form.cleaned_data["email"],
                                     phone=form.cleaned_data["phone"])
        messages.success(request, _("De gegevens van uw organisatie zijn bijgewerkt."))
        return redirect("directory:manage")
    memberships = organisation.memberships.select_related("user").order_by(
        "user__first_name", "id")
    return render(request, "directory/manage.html", {"form": form, "organisation": organisation,
                                                     "memberships": memberships})


@login_required
def membership_edit(request, membership_uuid):
    actor = request.actor
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied
    membership = actor.organisation.memberships.select_related("user").filter(
        uuid=membership_uuid).first()
    if membership is None:
        raise Http404
    form = MembershipForm(request.POST or None, initial={
        "active": membership.active, "in_directory": membership.in_directory,
        "doorzettingsmacht": membership.doorzettingsmacht},
        holder_possible=services.may_hold_doorzettingsmacht(membership))
    if request.method == "POST" and form.is_valid():
        services.membership_update(actor=actor, membership=membership, **form.cleaned_data)
        messages.success(request, _("De medewerker is bijgewerkt."))
        return redirect("directory:manage")
    return render(request, "directory/membership.html", {"form": form, "membership": membership})
