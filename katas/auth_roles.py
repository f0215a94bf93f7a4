"""Auth and roles: signed bearer tokens, 401 vs 403, as FastAPI dependencies.

Write a small token scheme with the standard library (``hmac``, ``hashlib``, ``base64``,
``json``) and protect routes with dependencies: one that authenticates (who are you?) and a
dependency factory that authorizes (are you allowed?).

Token format (fixed, the checks build their own tokens with it)::

    <payload>.<signature>
    payload   = base64url(JSON object {"sub": str, "role": str, "exp": number}), no "=" padding
    signature = base64url(HMAC-SHA256(secret, payload.encode("ascii")).digest()), no padding

``base64url`` is the alphabet ``A``-``Z``, ``a``-``z``, ``0``-``9``, ``-`` and ``_``.
``exp`` is the expiry time in seconds on the signer's clock.

Rules
-----
1. ``TokenSigner(secret, *, clock=time.time)``: ``issue(subject, role, *, ttl=900.0) -> str``
   makes a token in the format above with ``"exp": clock() + ttl`` exactly (not rounded, not
   truncated to whole seconds).
2. ``verify(token) -> Claims`` returns ``Claims(subject=sub, role=role, expires_at=exp)`` while
   ``clock() < exp``. From ``clock() == exp`` on, the token has expired: ``InvalidToken``.
3. ``verify`` raises ``InvalidToken`` for anything wrong, and never another exception, whatever
   the string (any characters, non-ASCII included): not exactly two segments, bad base64,
   wrong signature, payload not a JSON object, missing or mistyped ``sub`` or ``role`` (must be
   strings) or ``exp`` (must be a JSON number; ``true`` and ``false`` are not numbers, nor are
   ``NaN`` and ``Infinity``, which Python's ``json.loads`` accepts), expired.
4. One token, one spelling. The signature covers the payload segment exactly as written, and
   the signature segment must be exactly the text ``issue`` would write for it: the unpadded
   base64url encoding of the MAC. Other spellings that a lenient decoder turns into the same
   bytes are ``InvalidToken``: ``=`` padding, ``+`` or ``/`` for ``-`` or ``_``, whitespace or
   other extra characters, a last character that differs only in bits the decoder ignores.
   (Comparing the signature segment with the expected base64url text avoids all of them.)
5. Check the signature **before** trusting or even parsing the payload: ``verify`` never
   JSON-decodes the payload of a token whose signature does not match (the checks watch
   ``json``).
6. Compare signatures in constant time with ``hmac.compare_digest`` (``secrets.compare_digest``
   is the same function; the checks watch both). ``==`` stops at the first differing byte, and
   the time it takes leaks how much of a forged signature is right.
7. Time comes only from the injected clock, read when ``issue`` or ``verify`` is called (never
   ``time.time()`` directly), so expiry is testable without sleeping.
8. ``create_app(signer)`` stores the signer as ``app.state.signer`` (``get_signer`` reads it
   back) and serves:
   - ``GET /me`` (any valid token) -> ``{"subject": ..., "role": ...}``
   - ``GET /admin/stats`` (role ``"admin"``) -> ``{"users": 3}``
9. ``current_claims`` is the authentication dependency: it reads
   ``Authorization: Bearer <token>`` and returns the verified ``Claims``. A missing header,
   another scheme (or none), a missing token, or an invalid/expired/tampered token ->
   **401 Unauthorized** with a ``WWW-Authenticate`` header starting with ``Bearer`` (it may add
   ``error="invalid_token"``). Matching the scheme name case-insensitively is allowed, not
   required: the checks always write ``Bearer``.
10. ``require_role(role)`` is a dependency factory: it returns a dependency that depends on
    ``current_claims`` (so overriding ``current_claims`` in ``app.dependency_overrides``
    overrides it too) and returns the claims when ``claims.role == role``, exactly (no case
    folding, no substring or prefix matches), else raises **403 Forbidden**. So: no or bad
    credentials -> 401 ("authenticate first"); valid credentials without the right role -> 403
    ("authenticating again will not help").
11. Types: keep the stub's signatures: the secret is ``bytes``, ``issue`` returns ``str``,
    ``verify`` returns ``Claims``, ``require_role(role)`` returns a
    ``Callable[[Claims], Awaitable[Claims]]`` and ``create_app`` a ``FastAPI``.

Example::

    signer = TokenSigner(b"server-secret", clock=lambda: 1000.0)
    token = signer.issue("alice", "user", ttl=60)    # expires at 1060.0
    signer.verify(token)           # Claims(subject="alice", role="user", expires_at=1060.0)
    # GET /me           Authorization: Bearer <token>  -> 200 {"subject": "alice", "role": "user"}
    # GET /admin/stats  Authorization: Bearer <token>  -> 403
    # GET /admin/stats  (no header)                    -> 401, WWW-Authenticate: Bearer

Where to start: ``issue`` and ``verify`` (``hmac.new(secret, msg, hashlib.sha256).digest()``,
``base64.urlsafe_b64encode`` without the ``=`` padding; compare the signature segment with the
text you would have written, and add the padding back only to decode the payload), then
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
