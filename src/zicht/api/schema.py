"""What every operation shares, added to the OpenAPI document once (a drf-spectacular
postprocessing hook) rather than on each view: the ``API-Version`` header on every
success, and the errors as problem details (RFC 9457, ``application/problem+json``,
``zicht.api.exceptions``), as the Dutch API Design Rules ask (/core/version-header,
/core/error-handling/problem-details, /core/error-handling/invalid-input).
"""

from django.conf import settings

from zicht.core.errors import PROBLEM

VERSION_HEADER = "API-Version"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not Found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "description": "For a 400: one entry per message; `name` is the field's path "
                           "(`others.0.role`), `non_field_errors` for a rule over several "
                           "fields.",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {"name": {"type": "string"}, "code": {"type": "string"},
                               "reason": {"type": "string"}},
            },
        },
    },
}

#: (status, component name, description); 400 and 404 only where they can occur.
ERRORS = [
    ("400", "BadRequest", "The input is not valid: see `invalidParams`."),
    ("401", "Unauthorized", "No or a wrong token, or not signed in."),
    ("403", "Forbidden", "Signed in without two-factor, or acting outside one's role."),
    ("404", "NotFound", "Does not exist, or the organisation is not involved: the same "
                        "answer."),
    ("406", "NotAcceptable", "The `Accept` header asks for a format this operation does "
                             "not give."),
    ("415", "UnsupportedMediaType", "The body is not JSON."),
    ("429", "TooManyRequests", "Too many requests: try again later (`Retry-After`)."),
    ("500", "InternalServerError", "Something went wrong on the server."),
]

METHODS = ("get", "put", "post", "patch", "delete")


def _can_be_invalid(method: str, operation: dict) -> bool:
    """The rule /core/error-handling/invalid-input: a GET or DELETE with parameters, and
    every other method, can answer 400."""
    return method not in ("get", "delete") or bool(operation.get("parameters"))


def _has_path_parameters(operation: dict) -> bool:
    return any(parameter.get("in") == "path" for parameter in operation.get("parameters", []))


def add_contract(result: dict, generator, request, public) -> dict:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["headers"] = {VERSION_HEADER: {
        "description": "The full version of the API that answered (semver).",
        "required": True,
        "schema": {"type": "string", "example": settings.ZICHT_API_VERSION},
    }}
    components["responses"] = {
        name: {"description": description,
               "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for _, name, description in ERRORS
    }
    version_header = {VERSION_HEADER: {"$ref": f"#/components/headers/{VERSION_HEADER}"}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {}).update(version_header)
            for code, name, _ in ERRORS:
                if code == "400" and not _can_be_invalid(method, operation):
                    continue
                if code == "404" and not _has_path_parameters(operation):
                    continue
                if code == "415" and method not in ("put", "post", "patch"):
                    continue
                responses.setdefault(code, {"$ref": f"#/components/responses/{name}"})
    return result
