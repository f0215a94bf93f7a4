"""Tests for katas/payments.py: httpx.MockTransport plays the payments API.

Each test scripts the API's answers, then asserts what matters to the caller (the result or
the exception) AND what matters to the API (method, path, headers, body, number of attempts).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from katas.payments import (
    CardDeclined,
    Charge,
    PaymentError,
    PaymentNotFound,
    PaymentsClient,
    PaymentsUnavailable,
)

API_KEY = "sk_test_123"
CHARGE = {"id": "ch_1", "amount": 1250, "currency": "eur", "status": "pending"}

Handler = Callable[[httpx.Request], httpx.Response]
Answer = httpx.Response | Exception


def make_client(handler: Handler, *, retries: int = 2) -> PaymentsClient:
    """A PaymentsClient whose HTTP requests are answered by ``handler``, never the network."""
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://pay.example")
    return PaymentsClient(http, api_key=API_KEY, retries=retries)


class FakeApi:
    """Answers with the scripted answers in order (raising the exceptions) and records requests."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def transient(kind: str) -> Answer:
    """One transient failure: a 5xx answer or a transport error."""
    if kind == "connect":
        return httpx.ConnectError("connection refused")
    if kind == "timeout":
        return httpx.ReadTimeout("read timed out")
    return httpx.Response(int(kind))


TRANSIENT = ["500", "503", "connect", "timeout"]


def test_charge_posts_a_json_body_with_the_api_key() -> None:
    api = FakeApi(httpx.Response(201, json=CHARGE))
    charge = make_client(api).charge(1250, "eur", idempotency_key="order-42")
    assert charge == Charge(id="ch_1", amount=1250, currency="eur", status="pending")
    [request] = api.requests
    assert (request.method, request.url.path) == ("POST", "/v1/charges")
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["Idempotency-Key"] == "order-42"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"amount": 1250, "currency": "eur"}


def test_get_asks_for_the_charge_by_id() -> None:
    api = FakeApi(httpx.Response(200, json=CHARGE))
    assert make_client(api).get("ch_1") == Charge("ch_1", 1250, "eur", "pending")
    [request] = api.requests
    assert (request.method, request.url.path) == ("GET", "/v1/charges/ch_1")
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"


def test_a_generated_key_is_kept_across_retries_and_new_for_each_charge() -> None:
    api = FakeApi(
        httpx.Response(503), httpx.Response(201, json=CHARGE), httpx.Response(201, json=CHARGE)
    )
    client = make_client(api)
    client.charge(1250, "eur")
    client.charge(1250, "eur")
    first, retry, second = (r.headers.get("Idempotency-Key") for r in api.requests)
    assert first, "every charge must carry an Idempotency-Key"
    assert retry == first, "a retry must resend the same key, or the server may charge twice"
    assert second != first, "a new charge needs a new key"


@pytest.mark.parametrize("kind", TRANSIENT)
def test_transient_failures_are_retried_with_the_same_request(kind: str) -> None:
    api = FakeApi(transient(kind), transient(kind), httpx.Response(201, json=CHARGE))
    assert make_client(api, retries=2).charge(1250, "eur", idempotency_key="k").id == "ch_1"
    assert len(api.requests) == 3
    assert {r.headers["Idempotency-Key"] for r in api.requests} == {"k"}
    assert {r.content for r in api.requests} == {api.requests[0].content}


@pytest.mark.parametrize("kind", TRANSIENT)
def test_the_client_gives_up_after_retries_plus_one_attempts(kind: str) -> None:
    api = FakeApi(*(transient(kind) for _ in range(3)))
    with pytest.raises(PaymentsUnavailable):
        make_client(api, retries=2).get("ch_1")
    assert len(api.requests) == 3


def test_no_retries_means_one_attempt() -> None:
    api = FakeApi(httpx.Response(502))
    with pytest.raises(PaymentsUnavailable):
        make_client(api, retries=0).charge(100, "eur")
    assert len(api.requests) == 1


def test_a_declined_card_fails_at_once_with_the_reason() -> None:
    api = FakeApi(httpx.Response(402, json={"error": "insufficient funds"}))
    with pytest.raises(CardDeclined, match="insufficient funds"):
        make_client(api).charge(1250, "eur")
    assert len(api.requests) == 1, "a declined card must not be retried"


def test_a_missing_charge_raises_payment_not_found() -> None:
    api = FakeApi(httpx.Response(404, json={"error": "no such charge"}))
    with pytest.raises(PaymentNotFound):
        make_client(api).get("ch_404")
    assert len(api.requests) == 1


@pytest.mark.parametrize("status", [200, 400, 409])
def test_an_unexpected_answer_to_a_charge_is_a_payment_error(status: int) -> None:
    api = FakeApi(httpx.Response(status, json={}))
    with pytest.raises(PaymentError):
        make_client(api).charge(1250, "eur")
    assert len(api.requests) == 1


def test_negative_retries_are_refused() -> None:
    with pytest.raises(ValueError, match="retries"):
        make_client(FakeApi(), retries=-1)
