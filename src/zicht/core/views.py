from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's rule violation on the form, on the field it names if the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def switch_membership(request):
    from zicht.core.middleware import SSO_ORGANISATION

    memberships = request.user.memberships.filter(active=True)
    if (organisation_id := request.session.get(SSO_ORGANISATION)) is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    membership = memberships.filter(uuid=request.POST.get("membership")).first()
    if membership:
        request.session["membership"] = str(membership.uuid)
    return redirect("home")


def health(request):
    return HttpResponse("ok", content_type="text/plain")
