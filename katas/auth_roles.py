"""Auth and roles: signed bearer tokens, 401 vs 403, as FastAPI dependencies.

Write a small token scheme with the standard library (``hmac``, ``hashlib``, ``base64``,
``json``) and protect routes with dependencies: one that authenticates (who are you?) and a
dependency factory that authorizes (are you allowed?).

Token format (fixed, the checks build their own tokens with it)::

    <payload>.<signature>
    payload   = base64url(JSON object {"sub": str, "role": str, "exp": number}), no "=" padding
    signature = base64url(HMAC-SHA256(secret, payload.encode("ascii")).digest()), no padding

``exp`` is the expiry time in seconds on the signer's clock (``issue`` sets it to
``clock() + ttl``). A token is valid while ``clock() < exp``.

Rules
- ``TokenSigner(secret, *, clock=time.time)``: ``issue(subject, role, *, ttl=900.0) -> str``
  makes a token; ``verify(token) -> Claims`` returns its claims or raises ``InvalidToken`` for
  anything wrong: not two segments, bad base64, wrong signature, payload not a JSON object,
  missing or mistyped ``sub``/``role``/``exp``, expired. Never another exception.
- Check the signature **before** trusting (or even parsing) the payload, and compare
  signatures in constant time with ``hmac.compare_digest`` (``secrets.compare_digest`` is the
  same function; the checks watch both). ``==`` stops at the first differing byte, and the
  time it takes leaks how much of a forged signature is right.
- ``create_app(signer)`` stores the signer as ``app.state.signer`` (``get_signer`` reads it
  back) and serves:
  - ``GET /me`` (any valid token) -> ``{"subject": ..., "role": ...}``
  - ``GET /admin/stats`` (role ``"admin"``) -> ``{"users": 3}``
- ``current_claims`` is the authentication dependency: it reads
  ``Authorization: Bearer <token>`` and returns the verified ``Claims``. A missing header,
  another scheme, or an invalid/expired/tampered token -> **401 Unauthorized** with a
  ``WWW-Authenticate: Bearer`` header (it may add ``error="invalid_token"``).
- ``require_role(role)`` is a dependency factory: it returns a dependency that depends on
  ``current_claims`` and returns the claims when ``claims.role == role``, else raises
  **403 Forbidden**. So: no or bad credentials -> 401 ("authenticate first"); valid
  credentials without the right role -> 403 ("authenticating again will not help").
- Time comes only from the injected clock, so expiry is testable without sleeping.

Example::

    signer = TokenSigner(b"server-secret", clock=lambda: 1000.0)
    token = signer.issue("alice", "user", ttl=60)    # expires at 1060.0
    signer.verify(token)           # Claims(subject="alice", role="user", expires_at=1060.0)
    # GET /me           Authorization: Bearer <token>  -> 200 {"subject": "alice", "role": "user"}
    # GET /admin/stats  Authorization: Bearer <token>  -> 403
    # GET /admin/stats  (no header)                    -> 401, WWW-Authenticate: Bearer

Where to start: ``issue`` and ``verify`` (``hmac.new(secret, msg, hashlib.sha256).digest()``,
``base64.urlsafe_b64encode``; add the ``=`` padding back before decoding), then
``current_claims`` raising ``HTTPException(401, ..., headers={"WWW-Authenticate": "Bearer"})``,
then ``require_role`` as a function that defines and returns an ``async def`` dependency.
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request


class InvalidToken(Exception):
    """The token is malformed, forged, tampered with or expired."""


@dataclass(frozen=True)
class Claims:
    """What a verified token says (given)."""

    subject: str
    role: str
    expires_at: float


class TokenSigner:
    """Issues and verifies HMAC-SHA256 signed tokens with an injectable clock."""

    def __init__(self, secret: bytes, *, clock: Callable[[], float] = time.time) -> None:
        raise NotImplementedError

    def issue(self, subject: str, role: str, *, ttl: float = 900.0) -> str:
        """A token for ``subject`` with ``role``, valid for ``ttl`` seconds from now."""
        raise NotImplementedError

    def verify(self, token: str) -> Claims:
        """The token's claims; ``InvalidToken`` if it is malformed, forged or expired."""
        raise NotImplementedError


def get_signer(request: Request) -> TokenSigner:
    """Dependency: the signer stored on ``request.app.state.signer``."""
    raise NotImplementedError


async def current_claims(
    signer: Annotated[TokenSigner, Depends(get_signer)],
    authorization: Annotated[str | None, Header()] = None,
) -> Claims:
    """Dependency: the verified claims of the bearer token, or 401."""
    raise NotImplementedError


def require_role(role: str) -> Callable[[Claims], Awaitable[Claims]]:
    """Dependency factory: a dependency returning the claims if they carry ``role``, else 403."""
    raise NotImplementedError


def create_app(signer: TokenSigner) -> FastAPI:
    """The app with ``GET /me`` and ``GET /admin/stats`` (admins only)."""
    raise NotImplementedError
