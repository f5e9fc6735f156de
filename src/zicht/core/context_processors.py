def actor(request):
    actor = getattr(request, "actor", None)
    if actor is not None and request.user.is_authenticated:
        return {"actor": actor}
    return {}
