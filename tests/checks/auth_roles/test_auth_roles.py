"""Hidden checks for the `auth_roles` kata."""

import base64
import hashlib
import hmac
import json
import secrets
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st

import katas.auth_roles as kata
from katas.auth_roles import (
    Claims,
    InvalidToken,
    TokenSigner,
    create_app,
    current_claims,
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


def assert_invalid(signer: TokenSigner, token: str, why: str) -> None:
    """verify(token) must raise InvalidToken (any other exception fails the check as it is)."""
    try:
        claims = signer.verify(token)
    except InvalidToken:
        return
    pytest.fail(f"expected InvalidToken for {why}, got {claims!r}")


def assert_401(response: httpx.Response, why: str) -> None:
    assert response.status_code == 401, (
        f"expected 401 Unauthorized for {why}, got {response.status_code}: {response.text}"
    )
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.startswith("Bearer"), (
        f"expected a 'WWW-Authenticate: Bearer' header with the 401 ({why}), got {challenge!r}"
    )


@pytest.mark.rule(1, 7)
def test_issued_tokens_follow_the_documented_format() -> None:
    """issue() makes <payload>.<signature> with an HMAC-SHA256 signature and exp = now + ttl"""
    clock = FakeClock(1000.0)
    signer = TokenSigner(SECRET, clock=clock)
    token = signer.issue("alice", "user", ttl=60)
    payload, dot, signature = token.partition(".")
    assert dot, f"expected a token of the form <payload>.<signature>, got {token!r}"
    assert "=" not in token, f"expected base64url without '=' padding, got {token!r}"
    assert set(token) <= set(B64URL + "."), f"expected only base64url characters, got {token!r}"
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
    for subject in ("user0~?>", "~~~???>>>", "carol?"):
        token = signer.issue(subject, "admin", ttl=60)
        payload, _, signature = token.partition(".")
        assert set(token) <= set(B64URL + "."), (
            f"expected only base64url characters (A-Z a-z 0-9 - _) and one dot, got {token!r}"
        )
        expected_text = b64(hmac.new(SECRET, payload.encode("ascii"), hashlib.sha256).digest())
        assert signature == expected_text, (
            f"expected the signature segment {expected_text!r} (unpadded base64url of the "
            f"HMAC-SHA256 of the payload segment), got {signature!r}"
        )
    exact = (  # binary fractions, so clock() + ttl is exact: rounding to ms or µs changes exp
        (2000.25, 0.5, 2000.75),
        (1234.5, None, 2134.5),
        (1000.0001220703125, 0.5, 1000.5001220703125),
        (1_700_000_000.125, 0.0009765625, 1_700_000_000.1259765625),
    )
    for now, ttl, exp in exact:
        clock.now = now
        token = (
            signer.issue("bob", "admin") if ttl is None else signer.issue("bob", "admin", ttl=ttl)
        )
        claims = json.loads(unb64(token.partition(".")[0]))
        assert claims.get("exp") == exp, (
            f"expected exp = clock() + ttl = {exp} (clock() = {now} when issue() is called, "
            f"ttl = {900.0 if ttl is None else ttl}), got {claims.get('exp')!r}"
        )


@pytest.mark.rule(2, 7)
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
    for now in (1060.0, 1060.25, 5000.0):
        clock.now = now
        assert_invalid(signer, token, f"a token with exp = 1060.0 at clock() = {now}")
    clock.now = 1000.0
    forged = forge(b'{"sub": "bob", "role": "user", "exp": 1001}')
    assert signer.verify(forged) == Claims("bob", "user", 1001.0), (
        "expected verify() to accept a token built exactly as documented"
    )
    fractional = forge(b'{"sub": "carol", "role": "user", "exp": 1000.75}')
    clock.now = 1000.5
    assert signer.verify(fractional) == Claims("carol", "user", 1000.75), (
        "expected a token with exp = 1000.75 to be valid at clock() = 1000.5"
    )
    clock.now = 1000.75
    assert_invalid(signer, fractional, "a token at clock() == exp exactly (1000.75)")


@pytest.mark.rule(8, 9)
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


@pytest.mark.rule(9)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Token abc.def"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer a.b.c"},
        {"Authorization": "Bearer ....."},
    ],
    ids=[
        "no header",
        "basic",
        "empty bearer",
        "bearer and a space",
        "other scheme",
        "no dot",
        "three parts",
        "dots",
    ],
)
@pytest.mark.parametrize("path", ["/me", "/admin/stats"])
async def test_missing_or_malformed_credentials_are_401(headers: dict[str, str], path: str) -> None:
    """missing or malformed credentials answer 401 with WWW-Authenticate: Bearer, never 403"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    async with client(signer) as http:
        response = await http.get(path, headers=headers)
    assert_401(response, f"{path} with headers {headers}")


@pytest.mark.rule(9)
@pytest.mark.parametrize(
    "spelling",
    [
        "Basic {token}",
        "Token {token}",
        "JWT {token}",
        "{token}",
        "Bearer{token}",
        "XBearer {token}",
        "Bearer {token} {token}",
    ],
    ids=["basic", "token", "jwt", "no scheme", "no space", "scheme prefix", "two tokens"],
)
@pytest.mark.parametrize("path", ["/me", "/admin/stats"])
async def test_a_valid_token_under_another_scheme_is_401(spelling: str, path: str) -> None:
    """a valid token sent without the Bearer scheme (or with another one) answers 401"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    token = signer.issue("root", "admin", ttl=60)
    headers = {"Authorization": spelling.format(token=token)}
    async with client(signer) as http:
        response = await http.get(path, headers=headers)
    assert_401(response, f"{path} with 'Authorization: {spelling}' (a valid admin token)")


@pytest.mark.rule(2, 9)
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


@pytest.mark.rule(3, 9)
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


@pytest.mark.rule(3)
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


@pytest.mark.rule(3)
@settings(max_examples=100)
@given(
    st.one_of(
        st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=60),
        st.builds(
            lambda a, b: f"{a}.{b}",
            st.text(alphabet=B64URL, max_size=40),
            st.text(alphabet=B64URL, max_size=50),
        ),
        st.builds(lambda a, b: f"{a}.{b}", st.text(max_size=20), st.text(max_size=50)),
        st.text(max_size=30),
    )
)
def test_garbage_tokens_raise_invalid_token(token: str) -> None:
    """verify() raises InvalidToken, and nothing else, for arbitrary strings"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    with pytest.raises(InvalidToken):
        signer.verify(token)


@pytest.mark.rule(3)
def test_near_misses_raise_invalid_token() -> None:
    """verify() raises InvalidToken, and nothing else, for near misses of a valid token"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    token = signer.issue("alice", "admin", ttl=60)
    payload, _, signature = token.partition(".")
    near_misses = {
        "a trailing dot": f"{token}.",
        "a third segment": f"{token}.{signature}",
        "a leading segment": f"{payload}.{token}",
        "the segments swapped": f"{signature}.{payload}",
        "only the payload": payload,
        "an empty payload": f".{signature}",
        "a non-ASCII signature": f"{payload}.{'é' * len(signature)}",
        "a non-ASCII letter in the signature": f"{payload}.{signature[:-1]}é",
        "a non-ASCII payload": f"{payload[:-1]}é.{signature}",
        "a lone surrogate": f"{payload}.{signature[:-1]}\ud800",
        "a NUL byte": f"{payload}.{signature}\x00",
        "the empty string": "",
    }
    for why, candidate in near_misses.items():
        assert_invalid(signer, candidate, f"a token with {why}: {candidate!r}")


def with_sign_char(signer: TokenSigner, wanted: str, segment: int) -> str:
    """A token issued by `signer` whose payload (0) or signature (1) segment holds `wanted`."""
    for number in range(10_000):
        token = signer.issue(f"user{number}~?>", "admin", ttl=60)
        if any(char in token.split(".")[segment] for char in wanted):
            return token
    raise AssertionError(f"no token with {wanted!r} in segment {segment}")  # pragma: no cover


def other_spellings(segment: str) -> dict[str, str]:
    """Spellings of a base64url segment that lenient decoders turn into the same bytes."""
    spellings = {
        "'=' padding": segment + "=" * (-len(segment) % 4 or 4),
        "two '=' too many": segment + "==",
        "'+' and '/' for '-' and '_'": segment.translate(str.maketrans("-_", "+/")),
        "a newline inside": f"{segment[:8]}\n{segment[8:]}",
        "a space at the end": f"{segment} ",
        "a stray '!'": f"{segment[:5]}!{segment[5:]}",
        "a stray '.'": f"{segment[:5]}.{segment[5:]}",
    }
    unused = {2: 0b1111, 3: 0b11}.get(len(segment) % 4)
    if unused:  # the last character carries bits that decoding throws away
        last = B64URL.index(segment[-1])
        spellings["other unused bits in the last character"] = segment[:-1] + B64URL[last ^ 1]
    return {why: text for why, text in spellings.items() if text != segment}


@pytest.mark.rule(4)
def test_other_spellings_of_the_signature_are_rejected() -> None:
    """only the exact base64url text of the signature is accepted: no padding, +/, junk, bits"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    token = with_sign_char(signer, "-_", 1)
    payload, _, signature = token.partition(".")
    assert signer.verify(token).role == "admin", "expected the issued token itself to be valid"
    for why, spelling in other_spellings(signature).items():
        assert_invalid(
            signer,
            f"{payload}.{spelling}",
            f"the signature written with {why} ({spelling!r} instead of {signature!r}): "
            "one token, one spelling",
        )


@pytest.mark.rule(4)
def test_other_spellings_of_the_payload_are_rejected() -> None:
    """the signature covers the payload segment as written: another spelling of it is forged"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    for token in (with_sign_char(signer, "-_", 0), signer.issue("alice", "admin", ttl=60)):
        payload, _, signature = token.partition(".")
        for why, spelling in other_spellings(payload).items():
            assert_invalid(
                signer,
                f"{spelling}.{signature}",
                f"the payload written with {why} and the original signature: the signature "
                "covers the payload segment exactly as written",
            )


@pytest.mark.parametrize(
    "payload",
    [
        b'{"sub": "alice", "role": "admin"}',
        b'{"sub": "alice", "role": "admin", "exp": "never"}',
        b'{"sub": "alice", "exp": 5000}',
        b'{"sub": 42, "role": "admin", "exp": 5000}',
        b'{"sub": "alice", "role": ["admin"], "exp": 5000}',
        b'{"sub": "alice", "role": "admin", "exp": null}',
        b'{"sub": "alice", "role": "admin", "exp": "5000"}',
        b'{"sub": null, "role": "admin", "exp": 5000}',
        b'{"sub": "alice", "role": "admin", "exp": true}',
        b'{"sub": "alice", "role": "admin", "exp": false}',
        b'{"sub": "alice", "role": "admin", "exp": [5000]}',
        b'{"sub": "alice", "role": "admin", "exp": NaN}',
        b'{"sub": "alice", "role": "admin", "exp": Infinity}',
        b'["alice", "admin", 5000]',
        b'"alice"',
        b"5000",
        b"not json at all",
        b"\xff\xfe\x00",
        b"",
    ],
    ids=[
        "no exp",
        "exp not a number",
        "no role",
        "sub not a string",
        "role a list",
        "exp null",
        "exp a numeric string",
        "sub null",
        "exp true",
        "exp false",
        "exp a list",
        "exp NaN",
        "exp Infinity",
        "array",
        "string",
        "number",
        "text",
        "binary",
        "empty",
    ],
)
@pytest.mark.rule(3, 9)
async def test_signed_but_malformed_payload_is_401(payload: bytes) -> None:
    """a correctly signed token with a malformed payload answers 401, not 500"""
    signer = TokenSigner(SECRET, clock=FakeClock(0.0))
    token = forge(payload)
    with pytest.raises(InvalidToken):
        signer.verify(token)
    async with client(signer) as http:
        assert_401(await http.get("/admin/stats", headers=bearer(token)), f"payload {payload!r}")


@pytest.mark.rule(10)
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


@pytest.mark.rule(6)
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


@pytest.mark.rule(10)
@pytest.mark.parametrize(
    "role",
    ["Admin", "ADMIN", "admin ", " admin", "administrator", "superadmin", "adm", "", "admin,user"],
)
async def test_role_must_match_exactly(role: str) -> None:
    """require_role compares the role for equality: no case folding, substrings or prefixes"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    async with client(signer) as http:
        response = await http.get("/admin/stats", headers=bearer(signer.issue("mallory", role)))
    assert response.status_code == 403, (
        f"expected 403 for role {role!r} on /admin/stats (requires exactly 'admin'), "
        f"got {response.status_code}: {response.text}"
    )


@pytest.mark.rule(10)
async def test_require_role_depends_on_current_claims() -> None:
    """require_role's dependency gets the claims from current_claims (overrides apply)"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    app = create_app(signer)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        app.dependency_overrides[current_claims] = lambda: Claims("root", "admin", 1e12)
        response = await http.get("/admin/stats")
        assert response.status_code == 200, (
            "expected /admin/stats to admit the admin claims that an override of current_claims "
            f"returns (require_role's dependency must depend on current_claims), got "
            f"{response.status_code}: {response.text}"
        )
        app.dependency_overrides[current_claims] = lambda: Claims("alice", "user", 1e12)
        admin = bearer(signer.issue("root", "admin"))
        response = await http.get("/admin/stats", headers=admin)
        assert response.status_code == 403, (
            "expected 403 when the overridden current_claims returns a user, even with an admin "
            f"token in the header (the role comes from current_claims), got {response.status_code}"
        )


@pytest.mark.rule(8, 9)
async def test_dependencies_read_the_signer_from_app_state() -> None:
    """create_app stores app.state.signer, and current_claims works in any app that does"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    first = create_app(signer)
    assert first.state.signer is signer, (
        "expected create_app(signer) to store the signer as app.state.signer"
    )
    other = TokenSigner(b"another app's secret", clock=FakeClock())
    create_app(other)
    transport = httpx.ASGITransport(app=first)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/me", headers=bearer(signer.issue("erin", "user")))
        assert response.status_code == 200, (
            "expected an app to keep verifying with its own signer after create_app was called "
            f"again with another signer, got {response.status_code}: {response.text}"
        )
    third = TokenSigner(b"a third app's secret", clock=FakeClock())
    app = FastAPI()
    app.state.signer = third

    @app.get("/whoami")
    async def whoami(claims: Annotated[Claims, Depends(current_claims)]) -> dict[str, str]:
        return {"subject": claims.subject}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/whoami", headers=bearer(third.issue("dave", "user")))
        assert response.status_code == 200, (
            "expected current_claims to find the signer on app.state.signer of the app serving "
            f"the request, got {response.status_code}: {response.text}"
        )
        assert response.json() == {"subject": "dave"}, f"got {response.text}"
        assert_401(await http.get("/whoami"), "/whoami without a token")


@pytest.fixture
def json_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every JSON document decoded through the json module."""
    decoded: list[str] = []
    decode = json.JSONDecoder.decode
    raw_decode = json.JSONDecoder.raw_decode

    def recording_decode(self: json.JSONDecoder, s: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(s)
        return decode(self, s, *args, **kwargs)

    def recording_raw_decode(self: json.JSONDecoder, s: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(s)
        return raw_decode(self, s, *args, **kwargs)

    monkeypatch.setattr(json.JSONDecoder, "decode", recording_decode)
    monkeypatch.setattr(json.JSONDecoder, "raw_decode", recording_raw_decode)
    return decoded


@pytest.mark.rule(5)
def test_payload_is_not_parsed_before_the_signature_matches(json_decodes: list[str]) -> None:
    """verify() never JSON-decodes the payload of a token whose signature does not match"""
    clock = FakeClock(1000.0)
    signer = TokenSigner(SECRET, clock=clock)
    token = signer.issue("alice", "user", ttl=60)
    payload, _, signature = token.partition(".")
    raised = b64(json.dumps({"sub": "alice", "role": "admin", "exp": 5000}).encode())
    json_decodes.clear()
    forged = {
        "an edited payload": f"{raised}.{signature}",
        "another key": TokenSigner(b"a guess", clock=clock).issue("eve", "admin", ttl=60),
        "an empty signature": f"{payload}.",
        "a truncated signature": f"{payload}.{signature[:20]}",
        "a garbage signature": f"{payload}.{'A' * len(signature)}",
    }
    for why, candidate in forged.items():
        with pytest.raises(InvalidToken):
            signer.verify(candidate)
        assert not json_decodes, (
            f"expected verify() to reject a token with {why} before decoding its payload's JSON; "
            f"it decoded {json_decodes[0]!r}"
        )


@pytest.mark.rule(3)
@pytest.mark.parametrize(
    "payload",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000],
    ids=["deeply nested arrays", "deeply nested objects"],
)
def test_deeply_nested_signed_payload_raises_invalid_token(payload: bytes) -> None:
    """a correctly signed, deeply nested payload raises InvalidToken, not RecursionError"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    assert_invalid(signer, forge(payload), "a signed payload nested 100000 levels deep")


@pytest.mark.rule(3)
@pytest.mark.parametrize("sign", ["", "-"], ids=["huge", "hugely negative"])
def test_signed_exp_too_large_for_a_float_raises_only_invalid_token(sign: str) -> None:
    """a signed exp with hundreds of digits gives Claims or InvalidToken, nothing else"""
    signer = TokenSigner(SECRET, clock=FakeClock())
    exp = f"{sign}1{'0' * 400}"
    token = forge(f'{{"sub": "alice", "role": "admin", "exp": {exp}}}'.encode())
    try:
        signer.verify(token)
    except InvalidToken:
        return
    except Exception as error:  # e.g. OverflowError from float(exp)
        pytest.fail(
            f"expected Claims or InvalidToken for a signed exp of {sign}10**400, got "
            f"{type(error).__name__}: {error}"
        )
