import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from amparo.core.api_errors import one_of, responses
from amparo.core.permissions import get_visible_or_404, restrict

from . import services
from .models import APIToken
from .roles import Role

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    role: one_of(Role)  # type: ignore[valid-type]
    language: str
    offices: list[str]

    @staticmethod
    def resolve_offices(obj: object) -> list[str]:
        return [office.name for office in obj.offices.all()]  # type: ignore[attr-defined]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@router.get("/me", response=responses({200: MeOut}), summary="Who you are signed in as")
def me(request: HttpRequest) -> object:
    return request.user


@router.get("/tokens", response=responses({200: list[TokenOut]}), summary="Your API tokens")
def list_tokens(request: HttpRequest) -> object:
    return restrict(APIToken.objects.all(), request.user, "view")


@router.delete("/tokens/{token_id}", response=responses({200: TokenOut}, 403, 404, 422),
               summary="Revoke one of your API tokens")
def revoke_token(request: HttpRequest, token_id: int) -> APIToken:
    token = get_visible_or_404(request.user, APIToken.objects, action="change", pk=token_id)
    return services.revoke_api_token(token=token, by=request.user)  # type: ignore[arg-type]
