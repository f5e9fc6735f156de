from django.utils.functional import SimpleLazyObject

from zicht.notifications.selectors import unread_count


def unread(request):
    """The unread count for the navigation: one COUNT, only when a page shows it, once per
    request (a page rendered twice, or a template that asks twice, counts once)."""
    actor = getattr(request, "actor", None)
    if actor is None or not request.user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, "_zicht_unread"):
            request._zicht_unread = unread_count(actor)
        return request._zicht_unread

    return {"unread_count": SimpleLazyObject(count)}
