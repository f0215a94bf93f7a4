"""Hidden checks for the `auth_roles` kata."""

import base64
import hashlib
import hmac
import json
import secrets
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends
from hypothesis import given, settings
from hypothesis import strategies as st

import katas.auth_roles as kata
from katas.auth_roles import (
    Claims,
    InvalidToken,
    TokenSigner,
    create_app,
    require_role,
)

SECRET = b"test-secret-of-the-server"
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def forge(payload: bytes, secret: bytes = SECRET) -> str:
    """A token in the documented format, signed with `secret`, for any payload bytes."""
    segment = b64(payload)
    signature = hmac.new(secret, segment.encode("ascii"), hashlib.sha256).digest()
    return f"{segment}.{b64(signature)}"


def client(signer: TokenSigner) -> httpx.AsyncClient:
    app = create_app(signer)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_401(response: httpx.Response, why: str) -> None:
    assert response.status_code == 401, (
        f"expected 401 Unauthorized for {why}, got {response.status_code}: {response.text}"
    )
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.startswith("Bearer"), (
        f"expected a 'WWW-Authenticate: Bearer' header with the 401 ({why}), got {challenge!r}"
    )


def test_issued_tokens_follow_the_documented_format() -> None:
    """issue() makes <payload>.<signature> with an HMAC-SHA256 signature and exp = now + ttl"""
    signer = TokenSigner(SECRET, clock=FakeClock(1000.0))
    token = signer.issue("alice", "user", ttl=60)
    payload, dot, signature = token.partition(".")
    assert dot, f"expected a token of the form <payload>.<signature>, got {token!r}"
    assert "=" not in token, f"expected base64url without '=' padding, got {token!r}"
    claims = json.loads(unb64(payload))
    assert isinstance(claims, dict), f"expected the payload to be a JSON object, got {claims!r}"
    core = {key: claims.get(key) for key in ("sub", "role", "exp")}
    assert core == {"sub": "alice", "role": "user", "exp": 1060}, (
        f'expected the payload to hold "sub": "alice", "role": "user", "exp": 1060, got {claims}'
    )
    expected = hmac.new(SECRET, payload.encode("ascii"), hashlib.sha256).digest()
    assert unb64(signature) == expected, (
        "expected the signature to be HMAC-SHA256(secret, payload segment as ASCII)"
    )


def test_verify_returns_claims_and_rejects_expired_tokens() -> None:
    """verify() returns the claims while clock() < exp and raises InvalidToken from exp on"""
    clock = FakeClock(1000.0)
    signer = TokenSigner(SECRET, clock=clock)
    token = signer.issue("alice", "admin", ttl=60)
    clock.now = 1059.5
    claims = signer.verify(token)
    assert claims == Claims(subject="alice", role="admin", expires_at=1060.0), (
        f"expected Claims(subject='alice', role='admin', expires_at=1060.0), got {claims!r}"
    )
    for now in (1060.0, 5000.0):
        clock.now = now
        with pytest.raises(InvalidToken):
            signer.verify(token)
    clock.now = 1000.0
    assert signer.verify(forge(b'{"sub": "bob", "role": "user", "exp": 1001}')).subject == "bob", (
        "expected verify() to accept a token built exactly as documented"
    )


async def test_valid_token_is_accepted() -> None:
    """a valid bearer token reaches GET /me"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    async with client(signer) as http:
        response = await http.get("/me", headers=bearer(signer.issue("alice", "user")))
    assert response.status_code == 200, (
        f"expected 200 for a valid token, got {response.status_code}: {response.text}"
    )
    assert response.json() == {"subject": "alice", "role": "user"}, (
        f'expected {{"subject": "alice", "role": "user"}}, got {response.text}'
    )


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
        {"Authorization": "Bearer"},
        {"Authorization": "Token abc.def"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer a.b.c"},
        {"Authorization": "Bearer ....."},
    ],
    ids=["no header", "basic", "empty bearer", "other scheme", "no dot", "three parts", "dots"],
)
@pytest.mark.parametrize("path", ["/me", "/admin/stats"])
async def test_missing_or_malformed_credentials_are_401(headers: dict[str, str], path: str) -> None:
    """missing or malformed credentials answer 401 with WWW-Authenticate: Bearer, never 403"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    async with client(signer) as http:
        response = await http.get(path, headers=headers)
    assert_401(response, f"{path} with headers {headers}")


async def test_expired_token_is_401() -> None:
    """an expired token answers 401, judged by the injected clock"""
    clock = FakeClock(1000.0)
    signer = TokenSigner(SECRET, clock=clock)
    user = signer.issue("alice", "user", ttl=60)
    admin = signer.issue("root", "admin", ttl=60)
    async with client(signer) as http:
        clock.now = 1059.0
        response = await http.get("/me", headers=bearer(user))
        assert response.status_code == 200, (
            f"expected the token to be valid 59 s after issue (ttl 60), got {response.status_code}"
        )
        clock.now = 1060.0
        assert_401(await http.get("/me", headers=bearer(user)), "a token at its expiry time")
        clock.now = 99999.0
        assert_401(await http.get("/me", headers=bearer(user)), "a long-expired token")
        assert_401(
            await http.get("/admin/stats", headers=bearer(admin)),
            "an expired admin token (expired means unauthenticated: 401, not 403)",
        )


async def test_tampered_payload_is_rejected() -> None:
    """a token whose payload was edited (role, expiry) answers 401"""
    clock = FakeClock(1000.0)
    signer = TokenSigner(SECRET, clock=clock)
    token = signer.issue("alice", "user", ttl=60)
    payload, _, signature = token.partition(".")
    claims = json.loads(unb64(payload))
    edits = {
        "role raised to admin": {**claims, "role": "admin"},
        "expiry pushed back": {**claims, "exp": claims["exp"] + 10_000},
        "subject changed": {**claims, "sub": "root"},
    }
    async with client(signer) as http:
        for why, edited in edits.items():
            forged = f"{b64(json.dumps(edited).encode())}.{signature}"
            for path in ("/me", "/admin/stats"):
                assert_401(await http.get(path, headers=bearer(forged)), f"{why} on {path}")
        other = TokenSigner(b"an attacker's guess", clock=clock).issue("eve", "admin", ttl=60)
        assert_401(
            await http.get("/admin/stats", headers=bearer(other)), "a token signed with another key"
        )
        without_signature = token.partition(".")[0] + "."
        assert_401(await http.get("/me", headers=bearer(without_signature)), "an empty signature")


@settings(max_examples=60)
@given(position=st.integers(min_value=0), replacement=st.sampled_from(B64URL))
def test_any_change_to_the_payload_is_detected(position: int, replacement: str) -> None:
    """changing any single character of the payload invalidates the token"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    token = signer.issue("alice", "user", ttl=60)
    payload, _, signature = token.partition(".")
    index = position % len(payload)
    if payload[index] == replacement:
        return
    tampered = f"{payload[:index]}{replacement}{payload[index + 1 :]}.{signature}"
    with pytest.raises(InvalidToken):
        signer.verify(tampered)


@settings(max_examples=100)
@given(
    st.one_of(
        st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=60),
        st.builds(
            lambda a, b: f"{a}.{b}",
            st.text(alphabet=B64URL, max_size=40),
            st.text(alphabet=B64URL, max_size=50),
        ),
        st.text(max_size=30),
    )
)
def test_garbage_tokens_raise_invalid_token(token: str) -> None:
    """verify() raises InvalidToken, and nothing else, for arbitrary strings"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    with pytest.raises(InvalidToken):
        signer.verify(token)


@pytest.mark.parametrize(
    "payload",
    [
        b'{"sub": "alice", "role": "admin"}',
        b'{"sub": "alice", "role": "admin", "exp": "never"}',
        b'{"sub": "alice", "exp": 5000}',
        b'{"sub": 42, "role": "admin", "exp": 5000}',
        b'["alice", "admin", 5000]',
        b"not json at all",
        b"\xff\xfe\x00",
    ],
    ids=["no exp", "exp not a number", "no role", "sub not a string", "array", "text", "binary"],
)
async def test_signed_but_malformed_payload_is_401(payload: bytes) -> None:
    """a correctly signed token with a malformed payload answers 401, not 500"""
    signer = TokenSigner(SECRET, clock=FakeClock(1000.0))
    token = forge(payload)
    with pytest.raises(InvalidToken):
        signer.verify(token)
    async with client(signer) as http:
        assert_401(await http.get("/admin/stats", headers=bearer(token)), f"payload {payload!r}")


async def test_wrong_role_is_403() -> None:
    """a valid token without the required role answers 403; the right role gets through"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    app = create_app(signer)

    @app.get("/audit")
    async def audit(claims: Annotated[Claims, Depends(require_role("auditor"))]) -> dict[str, str]:
        return {"auditor": claims.subject}

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        response = await http.get("/admin/stats", headers=bearer(signer.issue("alice", "user")))
        assert response.status_code == 403, (
            f"expected 403 Forbidden for a user on /admin/stats, got {response.status_code}"
        )
        response = await http.get("/admin/stats", headers=bearer(signer.issue("root", "admin")))
        assert response.status_code == 200, (
            f"expected 200 for an admin on /admin/stats, got {response.status_code}"
        )
        assert response.json() == {"users": 3}, f'expected {{"users": 3}}, got {response.text}'
        response = await http.get("/audit", headers=bearer(signer.issue("carol", "auditor")))
        assert response.status_code == 200, (
            f"expected require_role('auditor') to admit an auditor, got {response.status_code}"
        )
        assert response.json() == {"auditor": "carol"}, (
            f"expected the dependency to return the claims, got {response.text}"
        )
        response = await http.get("/audit", headers=bearer(signer.issue("root", "admin")))
        assert response.status_code == 403, (
            f"expected require_role('auditor') to refuse an admin (403), got {response.status_code}"
        )
        assert_401(await http.get("/audit"), "/audit without a token")


@pytest.fixture
def compare_digest_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Record every call to hmac.compare_digest / secrets.compare_digest (the same function)."""
    original = hmac.compare_digest
    calls: list[tuple[Any, Any]] = []

    def recording_compare_digest(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording_compare_digest)
    monkeypatch.setattr(secrets, "compare_digest", recording_compare_digest)
    for name, value in list(vars(kata).items()):
        if value is original:  # `from hmac import compare_digest` in the kata module
            monkeypatch.setattr(kata, name, recording_compare_digest)
    return calls


def as_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("latin-1", errors="replace")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return b""


def test_signature_compared_in_constant_time(compare_digest_calls: list[tuple[Any, Any]]) -> None:
    """signatures are compared with hmac.compare_digest, not =="""
    signer = TokenSigner(SECRET, clock=FakeClock())
    token = signer.issue("alice", "user", ttl=60)
    payload, _, signature = token.partition(".")
    wrong = b64(bytes(byte ^ 0xFF for byte in unb64(signature)))
    with pytest.raises(InvalidToken):
        signer.verify(f"{payload}.{wrong}")
    presented = (wrong.encode(), unb64(wrong), unb64(wrong).hex().encode())
    relevant = [
        call
        for call in compare_digest_calls
        if any(form in as_bytes(arg) for arg in call for form in presented)
    ]
    assert relevant, (
        "expected verify() to compare the presented signature with hmac.compare_digest (or "
        f"secrets.compare_digest); it made {len(compare_digest_calls)} compare_digest calls, "
        "none with the signature"
    )
