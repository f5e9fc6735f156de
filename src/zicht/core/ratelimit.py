"""Counting attempts in the shared cache (``CACHES``: every process sees the same count)."""

from django.core.cache import cache


def attempts_count(key: str, *, window_seconds: int) -> int:
    """Count one more attempt under ``key``; how many there were in the window so far."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
