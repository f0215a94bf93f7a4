"""Reference solution: HMAC-signed bearer tokens and role checks as FastAPI dependencies."""

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request, status


class InvalidToken(Exception):
    """The token is malformed, forged, tampered with or expired."""


@dataclass(frozen=True)
class Claims:
    subject: str
    role: str
    expires_at: float


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _not_json(constant: str) -> object:
    raise ValueError(f"{constant} is not a JSON number")  # json.loads accepts NaN, Infinity


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidToken("not base64url") from error


class TokenSigner:
    def __init__(self, secret: bytes, *, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def _sign(self, payload_segment: str) -> bytes:
        return hmac.new(self._secret, payload_segment.encode("ascii"), hashlib.sha256).digest()

    def issue(self, subject: str, role: str, *, ttl: float = 900.0) -> str:
        claims = {"sub": subject, "role": role, "exp": self._clock() + ttl}
        payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
        return f"{payload}.{_b64encode(self._sign(payload))}"

    def verify(self, token: str) -> Claims:
        payload, dot, signature = token.partition(".")
        if not dot or not (payload.isascii() and signature.isascii()):
            raise InvalidToken("expected <payload>.<signature> in base64url")
        # Compare text with text: only the one spelling issue() writes can match.
        if not hmac.compare_digest(_b64encode(self._sign(payload)), signature):
            raise InvalidToken("bad signature")
        try:
            data: Any = json.loads(_b64decode(payload), parse_constant=_not_json)
        except (ValueError, RecursionError) as error:
            raise InvalidToken("payload is not JSON") from error
        if not isinstance(data, dict):
            raise InvalidToken("payload is not an object")
        subject, role, expires_at = data.get("sub"), data.get("role"), data.get("exp")
        if not (isinstance(subject, str) and isinstance(role, str)):
            raise InvalidToken("sub and role must be strings")
        if isinstance(expires_at, bool) or not isinstance(expires_at, int | float):
            raise InvalidToken("exp must be a number")
        if self._clock() >= expires_at:
            raise InvalidToken("expired")
        try:
            return Claims(subject, role, float(expires_at))
        except OverflowError as error:
            raise InvalidToken("exp out of range") from error


def get_signer(request: Request) -> TokenSigner:
    signer: TokenSigner = request.app.state.signer
    return signer


def _unauthorized(detail: str, error: str | None = None) -> HTTPException:
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": challenge}
    )


async def current_claims(
    signer: Annotated[TokenSigner, Depends(get_signer)],
    authorization: Annotated[str | None, Header()] = None,
) -> Claims:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("missing bearer token")
    try:
        return signer.verify(token.strip())
    except InvalidToken:
        raise _unauthorized("invalid or expired token", "invalid_token") from None


def require_role(role: str) -> Callable[[Claims], Awaitable[Claims]]:
    async def check(claims: Annotated[Claims, Depends(current_claims)]) -> Claims:
        if claims.role != role:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"requires role {role!r}")
        return claims

    return check


def create_app(signer: TokenSigner) -> FastAPI:
    app = FastAPI()
    app.state.signer = signer

    @app.get("/me")
    async def me(claims: Annotated[Claims, Depends(current_claims)]) -> dict[str, str]:
        return {"subject": claims.subject, "role": claims.role}

    @app.get("/admin/stats", dependencies=[Depends(require_role("admin"))])
    async def admin_stats() -> dict[str, int]:
        return {"users": 3}

    return app
