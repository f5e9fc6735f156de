"""Helpers for the OpenAPI document (drf-spectacular), for the apps' ``api.py`` modules.

The document is a contract that is tested (``tests/test_api_contract.py``): what a view
answers must be what these say it answers.
"""

from drf_spectacular.openapi import AutoSchema


class SingleObjectSchema(AutoSchema):
    """For a viewset whose collection route (``list``) answers one object, not a list: the
    household's plan, its rhythm, a search with its kind. drf-spectacular takes every
    ``list`` action for a (paginated) array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


def ref(component: str) -> dict:
    return {"$ref": f"#/components/schemas/{component}"}


def one_of_components(*components: str) -> dict:
    """A body that is one of the given components (``anyOf``: they may share fields)."""
    return {"anyOf": [ref(name) for name in components]}

