from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.audit.models import AccessAction
from zicht.audit.services import access_log, access_log_list
from zicht.contacts.selectors import contact_with_signal_for
from zicht.core.events import calendar_collecting
from zicht.core.views import add_service_error
from zicht.directory.actor import actor_for
from zicht.directory.models import Role
from zicht.households.selectors import household_for
from zicht.households.services import household_read
from zicht.notifications.models import CalendarFeed
from zicht.notifications.services import calendar_feed_for_token
from zicht.rhythm import rules
from zicht.rhythm.caseload import caseload, caseload_extras
from zicht.rhythm.forms import ContactPlanForm, ExtensionForm, RhythmForm, UnsafeNextStepForm
from zicht.rhythm.ical import calendar
from zicht.rhythm.models import ContactPlan, MunicipalityRhythm, SightStatus
from zicht.rhythm.selectors import plan_changes, planned_contacts_of, reasons_shown
from zicht.rhythm.services import (
    contact_plan_adjust,
    municipality_rhythm_set,
    periods_for,
    unsafe_contact_follow_up,
)
from zicht.rhythm.today import today_for
from zicht.signals.services import signals_for_coordinator
from zicht.trajectories.models import Phase
from zicht.trajectories.selectors import current_trajectory
from zicht.trajectories.services import minimum_end, trajectory_extend

# Issue 13, "a home per role": where each role starts its day. Roles not named here work
# with households and start on Vandaag; the shelter on its aanmeldingen and departures.
HOME_PAGES = {
    Role.VEILIG_THUIS: "signals:veilig_thuis",  # its reports, with the triage deadline
    Role.PARTNER: "signals:signals",  # zorg melden, and its own signals
    Role.POLICY: "evaluation:dashboard",
    Role.ADMIN: "directory:manage",
    Role.REGIONAL_ADMIN: "directory:region",
}


@login_required
def home(request):
    """The start page after login: a page of each role's own (a redirect keeps its URL)."""
    actor = request.actor
    if actor.role in HOME_PAGES:
        return redirect(HOME_PAGES[actor.role])
    if actor.has_role(Role.SHELTER_WORKER):
        return caseload_page(request)
    return today_page(request)


def today_page(request):
    """Vandaag: what needs me today, then the team's households (``rhythm.today``)."""
    actor = request.actor
    today = today_for(actor, page=request.GET.get("page"),
                      mine_page=request.GET.get("mijn"))
    # One entry naming the households shown on this page (issue 14), in one query.
    if today.shown:
        access_log_list(actor=actor, action=AccessAction.LIST, record_type="caseload",
                        households=today.shown)
    return render(request, "rhythm/today.html", {
        "mine": today.mine, "mine_page": today.mine_page, "team": today.team,
        "team_overdue_only": today.team_overdue_only})


CASELOAD_PAGE_SIZE = 25


def caseload_page(request):
    """The shelter's caseload: its aanmeldingen, and the households after departure, each
    list paged on its own (issue 14), so the page costs the same for 5 or 500."""
    actor = request.actor
    # Only households the organisation carries (full access), so every name may show.
    trajectories = caseload(actor)
    invited = Paginator(trajectories.filter(phase__in=(Phase.REGISTERED, Phase.INVITED,
                                                       Phase.INTRODUCED)),
                        CASELOAD_PAGE_SIZE).get_page(request.GET.get("aanmeldingen"))
    following = Paginator(trajectories.filter(phase=Phase.FOLLOW_UP),
                          CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    if shown := [t.household for t in [*invited, *following]]:
        access_log_list(actor=actor, action=AccessAction.LIST, record_type="caseload",
                        households=shown)
    for t in following:
        t.sight = getattr(t, "sight_status", None)
        t.sight_reasons = reasons_shown(t.sight, t.household.uuid)
    return render(request, "rhythm/caseload.html", {
        "invited": invited, "following": following,
        **caseload_extras(actor, following.object_list)})


@login_required
def plan(request, household_uuid):
    """Contact plan (contactplan), planned contacts, status and the end of the trajectory."""
    household = household_for(request.actor, household_uuid)
    trajectory = current_trajectory(household)
    if trajectory is None or trajectory.phase != Phase.FOLLOW_UP:
        raise Http404
    periods = periods_for(trajectory)
    initial = ContactPlanForm.initial_for(periods, trajectory.departure_date)
    plan_form = ContactPlanForm(request.POST if "adjust" in request.POST else None,
                                initial=initial, prefix="plan")
    extension_form = ExtensionForm(request.POST if "extend" in request.POST else None,
                                   prefix="extension")
    if request.method == "POST":
        try:
            if "adjust" in request.POST and plan_form.is_valid():
                contact_plan_adjust(actor=request.actor, trajectory=trajectory,
                                    periods=plan_form.periods(),
                                    reason=plan_form.cleaned_data["reason"])
                messages.success(request, _("Het contactritme is aangepast."))
                return redirect("rhythm:plan", household.uuid)
            if "extend" in request.POST and extension_form.is_valid():
                trajectory_extend(actor=request.actor, trajectory=trajectory,
                                  new_end=extension_form.cleaned_data["new_end"],
                                  reason=extension_form.cleaned_data["reason"])
                messages.success(request, _("Het traject is verlengd."))
                return redirect("rhythm:plan", household.uuid)
        except ValidationError as error:
            add_service_error(plan_form if "adjust" in request.POST else extension_form, error)
    else:
        household_read(actor=request.actor, household=household, record_type="contact_plan")
    status = SightStatus.objects.filter(trajectory=trajectory).first()
    today = timezone.localdate()
    due = status.next_contact_due if status else None
    planned = rules.planned_contacts(periods, trajectory.departure_date, due,
                                     trajectory.planned_end or today)[:12] if due else []
    return render(request, "rhythm/plan.html", {
        "household": household, "trajectory": trajectory, "status": status,
        "reasons": reasons_shown(status, household.uuid), "planned": planned, "today": today,
        "plan": ContactPlan.objects.filter(trajectory=trajectory).first(),
        "plan_changes": plan_changes(trajectory),
        "plan_form": plan_form, "extension_form": extension_form,
        "minimum_end": minimum_end(trajectory),
        "extensions": trajectory.extensions.all(),
        "may_edit": request.actor.role in ("supporter", "team_lead"),
    })


@login_required
def municipality_rhythm(request):
    """Contactritme van de gemeente: the default a municipality sets for its households."""
    organisation = request.actor.organisation
    if not (request.actor.role in ("policy", "team_lead") and organisation
            and organisation.municipality_id):
        raise Http404
    current = (MunicipalityRhythm.objects.filter(municipality_id=organisation.municipality_id)
               .values_list("periods", flat=True).first() or rules.DEFAULT_RHYTHM)
    anchor = timezone.localdate().replace(day=1)
    form = RhythmForm(request.POST or None, initial=RhythmForm.initial_for(current, anchor))
    if request.method == "POST" and form.is_valid():
        try:
            municipality_rhythm_set(actor=request.actor, periods=form.periods())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Het contactritme van de gemeente is opgeslagen."))
            return redirect("rhythm:municipality")
    return render(request, "rhythm/municipality.html",
                  {"form": form, "municipality": organisation.municipality})


@login_required
def unsafe_next_step(request, household_uuid, contact_uuid):
    """After a contact where the client did not feel safe (issue 13): the supporter decides
    whether it is acute, adds her observation to the signal and brings the next contact
    forward, with the safety plan, the meldcode and Veilig Thuis's advice at hand."""
    actor = request.actor
    household = household_for(actor, household_uuid)
    trajectory = current_trajectory(household)
    contact = contact_with_signal_for(trajectory, contact_uuid) if trajectory else None
    if contact is None:
        raise Http404
    may_adjust = actor.has_role(Role.SUPPORTER, Role.TEAM_LEAD)
    form = (UnsafeNextStepForm(request.POST or None, may_adjust_rhythm=may_adjust)
            if contact.next_step_at is None else None)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            unsafe_contact_follow_up(actor=actor, contact=contact, acute=data["acute"],
                                     observation=data["observation"],
                                     within_days=data.get("within_days"))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De volgende stap is vastgelegd."))
            return redirect("rhythm:unsafe_next_step", household.uuid, contact.uuid)
    with transaction.atomic():
        household_read(actor=actor, household=household, record_type="signal")
    signal = contact.signal
    status = SightStatus.objects.filter(trajectory=trajectory).first()
    return render(request, "rhythm/unsafe_next_step.html", {
        "household": household, "contact": contact, "signal": signal, "form": form,
        "coordinating": signals_for_coordinator(actor).filter(pk=signal.pk).exists(),
        "next_contact_due": status.next_contact_due if status else None,
        "plan_change": (plan_changes(trajectory).filter(at__gte=contact.next_step_at).first()
                        if contact.next_step_at else None),
    }, status=400 if form is not None and form.errors else 200)


def calendar_feed(request, token):
    """The iCalendar feed: no session, the secret link is the key; revoked answers 404."""
    calendar_feed = calendar_feed_for_token(token)
    if calendar_feed is None:
        raise Http404
    user = calendar_feed.owner
    now = timezone.now()
    events = planned_contacts_of(user, today=timezone.localdate())
    CalendarFeed.objects.filter(pk=calendar_feed.pk).update(last_used_at=now)
    access_log(actor=actor_for(user, ip_address=request.META.get("REMOTE_ADDR")),
               action=AccessAction.EXPORT, record_type="calendar_feed",
               record_uuid=calendar_feed.uuid)
    # The apps above add theirs (the network meetings the user is invited to).
    others = [event for _receiver, answer in calendar_collecting.send(
        sender=None, user=user, today=timezone.localdate()) for event in answer or ()]
    body = calendar(events, summary=_("Contactmoment %(ref)s"), name=_("Zicht contactmomenten"),
                    now=now, others=others)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zicht.ics"'
    return response
