"""What every service's OpenAPI document says about the answers the guard and the error
handlers give (shared/guard.py, shared/http.py): the contract's error body for 400, 401, 403,
404, 408, 413, 422, 429, 431 and 500, and the bearer key, so that clients (and the fuzzing in `make test`)
can rely on the document for every answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from shared.limits import Doors

ERRORS_REF = "#/components/schemas/Errors"
COMPONENTS: dict[str, Any] = {
    "ErrorItem": {"type": "object", "required": ["field", "code", "message"], "properties": {
        "field": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}},
    "Errors": {"type": "object", "required": ["errors"], "properties": {
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorItem"}},
        "error_id": {"type": "string", "description": "for a 500: the id under which the error is logged"}}},
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}}
WITH_BODY = frozenset({"post", "put", "patch", "delete"})
OPERATIONS = frozenset({"get", "head", "post", "put", "patch", "delete", "options"})


def _answer(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ERRORS_REF}}},
            **extra}


def _answers(method: str, bearer: bool, has_path_parameters: bool) -> dict[str, dict[str, Any]]:
    found = {"422": _answer("refused: every reason, each naming its field"),
             "431": _answer("the header fields are too large"),
             "500": _answer("an unexpected error, logged under the error id given")}
    if has_path_parameters:
        found["404"] = _answer("nothing is known by that name (the error names the field)")
    if bearer:
        found["401"] = _answer("no valid API key")
        found["403"] = _answer("the key's role (or department) may not do this")
        found["429"] = _answer("too many reads, or too many failed authentications", headers=RETRY_AFTER)
    elif method in ("get", "head"):
        found["429"] = _answer("too many reads from this address", headers=RETRY_AFTER)
    if method in WITH_BODY:
        found["400"] = _answer("the body cannot be parsed (e.g. it is not UTF-8)")
        found["408"] = _answer("the body did not arrive in time")
        found["413"] = _answer("the body is too large")
    return found


def document(app: FastAPI, doors: Doors) -> Callable[[], dict[str, Any]]:
    """`app.openapi`: FastAPI's document with the guard's answers and the error body added."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {}).update(COMPONENTS)
        components.setdefault("securitySchemes", {})["bearer"] = {"type": "http", "scheme": "bearer"}
        for path, operations in schema.get("paths", {}).items():
            bearer = doors.of(path).auth == "bearer"
            for method, operation in operations.items():
                if method in OPERATIONS:
                    _complete(operation, method, bearer)
        for unused in ("HTTPValidationError", "ValidationError"):
            components["schemas"].pop(unused, None)
        app.openapi_schema = schema
        return schema

    return openapi


def _complete(operation: dict[str, Any], method: str, bearer: bool) -> None:
    if bearer:
        operation["security"] = [{"bearer": []}]
    responses = operation.setdefault("responses", {})
    default_422 = responses.get("422", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if default_422.get("$ref", "").endswith("/HTTPValidationError"):
        del responses["422"]  # FastAPI's shape; ours is the contract's error body
    for status, answer in responses.items():
        if status[:1] in ("4", "5") and "content" not in answer:  # described by a route, without its body
            answer["content"] = _answer("")["content"]
    in_path = any(p.get("in") == "path" for p in operation.get("parameters", []))
    for status, answer in _answers(method, bearer, in_path).items():
        responses.setdefault(status, answer)
