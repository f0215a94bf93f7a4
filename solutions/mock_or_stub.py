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
    """Answers with the scripted answers in order (raising the exceptions), repeating the last
    one once the script is used up, and records every request."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def created() -> httpx.Response:
    return httpx.Response(201, json=CHARGE)


# Rule 1: a charge is one POST /v1/charges with a JSON body.


def test_charge_posts_a_json_body_to_v1_charges() -> None:
    api = FakeApi(created())
    make_client(api).charge(1250, "eur")
    [request] = api.requests
    assert (request.method, request.url.path) == ("POST", "/v1/charges")
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"amount": 1250, "currency": "eur"}


# Rule 2: every request carries the API key as a bearer token.


def test_a_charge_carries_the_bearer_api_key() -> None:
    api = FakeApi(created())
    make_client(api).charge(1250, "eur")
    assert api.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_a_lookup_carries_the_bearer_api_key() -> None:
    api = FakeApi(httpx.Response(200, json=CHARGE))
    make_client(api).get("ch_1")
    assert api.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


# Rule 3: a given idempotency key is sent as is, on every attempt.


def test_a_given_idempotency_key_is_sent_on_every_attempt() -> None:
    api = FakeApi(httpx.Response(503), created())
    make_client(api).charge(1250, "eur", idempotency_key="order-42")
    assert [r.headers.get("Idempotency-Key") for r in api.requests] == ["order-42", "order-42"]


# Rule 4: without one, a key is generated once per call and kept across its retries.


def test_a_generated_key_is_sent_and_kept_across_retries() -> None:
    api = FakeApi(httpx.ConnectError("refused"), httpx.Response(503), created())
    make_client(api).charge(1250, "eur")
    keys = [r.headers.get("Idempotency-Key") for r in api.requests]
    assert keys[0], "every charge must carry an Idempotency-Key"
    assert keys == [keys[0]] * 3, "a retry must resend the same key, or the server may charge twice"


# Rule 5: two charges get two different keys.


def test_each_charge_gets_a_new_key() -> None:
    api = FakeApi(created())
    client = make_client(api)
    client.charge(1250, "eur")
    client.charge(1250, "eur")
    first, second = (r.headers.get("Idempotency-Key") for r in api.requests)
    assert first != second, "a new charge needs a new key"


# Rule 6: a 201 returns the charge the API answered.


def test_charge_returns_the_charge_the_api_answered() -> None:
    api = FakeApi(
        httpx.Response(
            201, json={"id": "ch_9", "amount": 999, "currency": "usd", "status": "pending"}
        )
    )
    assert make_client(api).charge(1000, "eur") == Charge("ch_9", 999, "usd", "pending")


# Rule 7: a 402 raises CardDeclined with the API's reason.


def test_a_declined_card_raises_card_declined_with_the_reason() -> None:
    api = FakeApi(httpx.Response(402, json={"error": "insufficient funds"}))
    with pytest.raises(CardDeclined, match="insufficient funds"):
        make_client(api).charge(1250, "eur")


# Rule 8: any other answer below 500 is a PaymentError.


@pytest.mark.parametrize("status", [200, 400, 409])
def test_an_unexpected_answer_to_a_charge_is_a_payment_error(status: int) -> None:
    api = FakeApi(httpx.Response(status, json=CHARGE))
    with pytest.raises(PaymentError):
        make_client(api).charge(1250, "eur")


@pytest.mark.parametrize("status", [201, 400, 403])
def test_an_unexpected_answer_to_a_lookup_is_a_payment_error(status: int) -> None:
    api = FakeApi(httpx.Response(status, json=CHARGE))
    with pytest.raises(PaymentError):
        make_client(api).get("ch_1")


# Rule 9: get is GET /v1/charges/<id> and returns the charge answered.


def test_get_asks_for_the_charge_by_id() -> None:
    api = FakeApi(httpx.Response(200, json=CHARGE))
    assert make_client(api).get("ch_1") == Charge("ch_1", 1250, "eur", "pending")
    [request] = api.requests
    assert (request.method, request.url.path) == ("GET", "/v1/charges/ch_1")


# Rule 10: a 404 raises PaymentNotFound.


def test_a_missing_charge_raises_payment_not_found() -> None:
    api = FakeApi(httpx.Response(404, json={"error": "no such charge"}))
    with pytest.raises(PaymentNotFound):
        make_client(api).get("ch_404")


# Rule 11: any 5xx is transient: retried, and a later success is returned.


@pytest.mark.parametrize("status", [500, 502, 503, 599])
def test_a_server_error_is_retried(status: int) -> None:
    api = FakeApi(httpx.Response(status), httpx.Response(status), created())
    assert make_client(api, retries=2).charge(1250, "eur").id == "ch_1"
    assert len(api.requests) == 3
    assert {r.content for r in api.requests} == {api.requests[0].content}


# Rule 12: a transport error (connection refused, timeout) is transient too.


@pytest.mark.parametrize(
    "error", [httpx.ConnectError("refused"), httpx.ReadTimeout("timed out")], ids=repr
)
def test_a_transport_error_is_retried(error: Exception) -> None:
    api = FakeApi(error, error, httpx.Response(200, json=CHARGE))
    assert make_client(api, retries=2).get("ch_1").id == "ch_1"
    assert len(api.requests) == 3


# Rule 13: retries=N makes at most N + 1 attempts, then PaymentsUnavailable.


@pytest.mark.parametrize("retries", [0, 1, 2, 4])
@pytest.mark.parametrize("failure", [httpx.Response(503), httpx.ConnectError("refused")], ids=repr)
def test_the_client_gives_up_after_retries_plus_one_attempts(retries: int, failure: Answer) -> None:
    api = FakeApi(failure)
    with pytest.raises(PaymentsUnavailable):
        make_client(api, retries=retries).charge(1250, "eur")
    assert len(api.requests) == retries + 1


# Rule 14: any answer that is not transient is final: one request.


def test_a_declined_card_is_not_retried() -> None:
    api = FakeApi(httpx.Response(402, json={"error": "insufficient funds"}))
    with pytest.raises(PaymentError):
        make_client(api, retries=2).charge(1250, "eur")
    assert len(api.requests) == 1, "a declined card must not be retried"


def test_a_missing_charge_is_not_retried() -> None:
    api = FakeApi(httpx.Response(404, json={"error": "no such charge"}))
    with pytest.raises(PaymentError):
        make_client(api, retries=2).get("ch_404")
    assert len(api.requests) == 1


# Rule 15: retries must be 0 or more.


def test_negative_retries_are_refused() -> None:
    with pytest.raises(ValueError, match="retries"):
        make_client(FakeApi(created()), retries=-1)


def test_zero_retries_are_allowed() -> None:
    api = FakeApi(created())
    assert make_client(api, retries=0).charge(1250, "eur").id == "ch_1"
