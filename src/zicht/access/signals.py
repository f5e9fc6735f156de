"""Disabling an account ends all its sessions and API tokens at once; so does the end of
its last active membership for its tokens, and a reset second factor for its sessions
(issue 15: whichever code switches them off)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from zicht.core.events import professional_deactivated, second_factor_reset, sign_in_refused


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_sessions_of_disabled_account(sender, instance, **kwargs) -> None:
    if not instance.is_active:
        from zicht.access.services import api_tokens_end_for_user, sessions_end_everywhere

        sessions_end_everywhere(user=instance, reason="account_disabled")
        api_tokens_end_for_user(user=instance)


@receiver(post_save, sender="directory.Membership")
def end_tokens_without_membership(sender, instance, **kwargs) -> None:
    if not instance.active and not instance.user.memberships.filter(active=True).exists():
        from zicht.access.services import api_tokens_end_for_user

        api_tokens_end_for_user(user=instance.user)


@receiver(professional_deactivated)
def end_sessions_of_deactivated(sender, user, reason, **kwargs) -> None:
    from zicht.access.services import sessions_end_everywhere

    sessions_end_everywhere(user=user, reason=reason)


@receiver(second_factor_reset)
def end_sessions_after_reset(sender, user, **kwargs) -> None:
    from zicht.access.services import sessions_end_everywhere

    sessions_end_everywhere(user=user, reason="second_factor_reset")


@receiver(sign_in_refused)
def log_refused_sign_in(sender, user, way, ip_address=None, **kwargs) -> None:
    from zicht.directory.services import sign_in_refusal_log

    sign_in_refusal_log(user=user, way=way, ip_address=ip_address)


@receiver(user_logged_in)
def track_session(sender, request, user, **kwargs) -> None:
    """Record the new session at login, so that requests only ever read the record."""
    from zicht.access.models import SessionRecord
    from zicht.access.services import session_key_hash

    session = getattr(request, "session", None)
    if session is None:
        return
    # A login starts the clocks anew, also when Django kept the session's data; the
    # password was just entered, so it counts as a recent authentication.
    import time

    from zicht.access.middleware import SEEN, STARTED
    from zicht.core.reauth import REAUTH

    session[STARTED] = session[SEEN] = session[REAUTH] = time.time()
    if session.session_key is None:
        session.save()
    SessionRecord.objects.get_or_create(key_hash=session_key_hash(session.session_key),
                                        defaults={"user": user})
