"""How the API answers a refusal: one error body for every 4xx, declared in the schema.

Every error is ``{"detail": "<one sentence>", "errors": {"<field>": ["<message>", ...]}}``
(``errors`` empty unless fields were at fault), in the caller's language. Endpoints declare
the codes they can answer with :func:`responses`; :func:`install` maps the exceptions raised
anywhere below an endpoint (validation, the gate, services) to those codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .exceptions import ConcurrentEdit


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class Invalid(Exception):
    """Answered 422 with every field's messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def invalid_from(exc: DjangoValidationError, rename: dict[str, str] | None = None) -> Invalid:
    """A service's ``ValidationError`` as a 422 with each field's messages (``__all__`` for the rest)."""
    names = rename or {}
    if hasattr(exc, "error_dict"):
        return Invalid({names.get(k, k): [str(m) for m in v] for k, v in exc.message_dict.items()})
    return Invalid({"__all__": [str(m) for m in exc.messages]})


def one_of(choices: Any) -> Any:
    """A ``Literal`` of a ``TextChoices``' values (or any strings), so the schema lists them as an enum
    inline (no shared component whose name could clash with another app's ``Status``)."""
    values = tuple(getattr(choices, "values", choices))
    return Literal[values]  # type: ignore[valid-type]


def responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    """An operation's answers: ``ok`` plus the error codes it can give, each with :class:`ErrorOut`.
    Every operation needs authentication, so 401 is always among them."""
    return {**ok, **dict.fromkeys(sorted({401, *codes}), ErrorOut)}


def version_precondition(request: HttpRequest, body_version: int | None) -> int:
    """The version a change is based on: ``If-Match: "<version>"`` (the ``ETag`` of a read) or
    ``version`` in the body. Without one, 428 (a change that could overwrite someone's edit is
    refused); a malformed or contradicting ``If-Match``, 412."""
    with caller_language(request):
        header = (request.headers.get("If-Match") or "").strip()
        if header:
            raw = header.removeprefix("W/").strip('"')
            if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
                raise HttpError(412, _("If-Match must be the version (ETag) the record was read at."))
            if body_version is not None and body_version != int(raw):
                raise HttpError(412, _("If-Match and version disagree."))
            return int(raw)
        if body_version is None:
            raise HttpError(428, _("Send the version the record was read at (If-Match or “version”)."))
        return body_version


def caller_language(request: HttpRequest) -> Any:
    """Messages in the caller's saved language (token callers pass no session or cookie)."""
    user = getattr(request, "user", None)
    return override(getattr(user, "language", "") or get_language())


def _message(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("Enter a whole number.")
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a number no greater than %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a number no smaller than %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch":
        return _("This value is not in the expected form.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("The request body is not valid JSON of the expected shape.")
    return str(error.get("msg", _("This value is not valid.")))


def field_errors(errors: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """ninja's (pydantic's) error list as ``{field: [message, ...]}``."""
    out: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body", "form", "file")]
        # a body schema's own name (``payload``) says nothing to the caller
        name = ".".join(loc[1:] if len(loc) > 1 and loc[0] == "payload" else loc) or "__all__"
        out.setdefault(name, []).append(_message(error))
    return out


def install(api: NinjaAPI) -> None:
    """Answer every refusal with :class:`ErrorOut`."""

    def answer(request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
               ) -> HttpResponse:
        response = api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="amparo"'
        return response

    def unprocessable(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
        said = " ".join(m if field == "__all__" else f"{field}: {m}" for field, ms in errors.items() for m in ms)
        return answer(request, 422, said or _("Some fields need correcting."), errors)

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        with caller_language(request):
            return unprocessable(request, field_errors(exc.errors))

    @api.exception_handler(Invalid)
    def invalid(request: HttpRequest, exc: Invalid) -> HttpResponse:
        return unprocessable(request, exc.errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        with caller_language(request):
            return answer(request, 401, _("Sign in, or send a valid API token (Authorization: Bearer …)."))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        """Seen but not allowed: a JSON 403 in the client's language, never the HTML error page."""
        with caller_language(request):
            return answer(request, 403, _("You do not have permission to do this."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        with caller_language(request):
            return answer(request, 404, _("Not found."))

    @api.exception_handler(ConcurrentEdit)
    def concurrent_edit(request: HttpRequest, exc: ConcurrentEdit) -> HttpResponse:
        with caller_language(request):
            return answer(request, 409, _("Someone else saved this record since the version you sent; "
                                          "read it again and make your change there."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # ninja could not read the body at all
            with caller_language(request):
                return answer(request, 400, _("The request body could not be read: send it as the operation says."))
        return answer(request, exc.status_code, str(exc))
